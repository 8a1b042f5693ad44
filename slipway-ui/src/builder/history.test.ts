import { describe, expect, it } from 'vitest';
import { canRedo, canUndo, current, push, redo, start, undo } from './history';

describe('undo and redo', () => {
  it('goes back and forth and forgets what was undone once a new edit is made', () => {
    let h = push(push(start('a'), 'b'), 'c');
    h = undo(undo(h));
    expect(current(h)).toBe('a');
    expect(canUndo(h)).toBe(false);
    h = redo(h);
    expect(current(h)).toBe('b');
    h = push(h, 'd');
    expect(canRedo(h)).toBe(false);
    expect(h.texts).toEqual(['a', 'b', 'd']);
  });

  it('does not record an edit that changed nothing', () => {
    expect(push(start('a'), 'a').texts).toEqual(['a']);
  });
});
