import { describe, expect, it } from 'vitest';
import { summary, unifiedDiff, type RepositoryFile } from './repositoryFiles';

describe('generated files against the repository', () => {
  it('counts the states in words, in a fixed order', () => {
    const files: RepositoryFile[] = [
      { path: 'b', state: 'unchanged' }, { path: 'a', state: 'changed' }, { path: 'c', state: 'stale' },
      { path: 'd', state: 'new' }, { path: 'e', state: 'new' },
    ];
    expect(summary(files)).toBe('2 new, 1 changed, 1 unchanged, 1 would be removed');
    expect(summary([])).toBe('no files');
  });

  it('diffs the repository copy against the generated text in unified hunks with three lines of context', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n') + '\n';
    const after = before.replace('e\n', 'E\n');
    const lines = unifiedDiff('deploy/x.yaml', before, after);
    expect(lines.map((l) => l.text)).toEqual([
      '@@ -2,7 +2,7 @@', ' b', ' c', ' d', '-e', '+E', ' f', ' g', ' h',
    ]);
    expect(lines.filter((l) => l.kind === 'add').map((l) => l.text)).toEqual(['+E']);
  });

  it('shows a new file as all additions and a removed one as all deletions', () => {
    expect(unifiedDiff('n', undefined, 'x\ny\n').map((l) => l.text)).toEqual(['@@ -0,0 +1,2 @@', '+x', '+y']);
    expect(unifiedDiff('s', 'x\n', undefined).map((l) => l.kind)).toEqual(['hunk', 'del']);
  });
});
