import { describe, expect, it } from 'vitest';
import { addRung, ladderProblem, moveRung } from './ladder';

describe('the canary ladder', () => {
  it('moves a rung', () => {
    expect(moveRung([50, 10, 100], 0, 1)).toEqual([10, 50, 100]);
    expect(moveRung([10, 100], 1, 2)).toEqual([10, 100]);
  });

  it('adds a rung halfway below 100, or 100 when the ladder does not reach it', () => {
    expect(addRung([10, 50, 100])).toEqual([10, 50, 75, 100]);
    expect(addRung([10, 50])).toEqual([10, 50, 100]);
    expect(addRung([])).toEqual([100]);
    expect(addRung([99, 100])).toEqual([99, 100]);
  });

  it('says what is wrong with a ladder', () => {
    expect(ladderProblem([10, 25, 50, 100])).toBeNull();
    expect(ladderProblem([25, 10, 100])).toBe('the steps must increase');
    expect(ladderProblem([10, 50])).toBe('the last step must be 100');
    expect(ladderProblem([0, 100])).toBe('each step is a whole percentage from 1 to 100');
  });
});
