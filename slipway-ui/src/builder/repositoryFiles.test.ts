import { describe, expect, it } from 'vitest';
import { compareOrGenerate, summary, unifiedDiff, type RepositoryFile } from './repositoryFiles';

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

  const refused = (status: number, message: string) => Object.assign(new Error(message), { status });
  const generated = { files: [{ path: 'deploy/a.yaml', content: 'kind: Service\n' }, { path: 'Dockerfile', content: 'FROM x\n' }] };

  it('without a repository (503), shows every file generate would write as new, with its content and the reason', async () => {
    let generateCalls = 0;
    const view = await compareOrGenerate(
      () => Promise.reject(refused(503, 'this server has no repository to compare with: start it with serve --config slipway.yaml')),
      () => { generateCalls++; return Promise.resolve(generated); },
    );
    expect(generateCalls).toBe(1);
    expect(view.notCompared).toBe('this server has no repository to compare with: start it with serve --config slipway.yaml');
    expect(view.files).toEqual([
      { path: 'deploy/a.yaml', state: 'new', generated: 'kind: Service\n' },
      { path: 'Dockerfile', state: 'new', generated: 'FROM x\n' },
    ]);
    expect(summary(view.files)).toBe('2 new');
  });

  it('compares with the repository when it can, and never generates beside it', async () => {
    const files: RepositoryFile[] = [{ path: 'a', state: 'changed', generated: 'x', repository: 'y' }];
    const view = await compareOrGenerate(() => Promise.resolve({ files, sources: false }), () => { throw new Error('not called'); });
    expect(view).toEqual({ files, sources: false, notCompared: null });
  });

  it('keeps any other refusal an error: a spec error or a bad target is not "no repository"', async () => {
    await expect(compareOrGenerate(() => Promise.reject(refused(422, 'the spec has errors')), () => Promise.resolve(generated)))
      .rejects.toThrow('the spec has errors');
    await expect(compareOrGenerate(() => Promise.reject(refused(400, 'unknown target')), () => Promise.resolve(generated)))
      .rejects.toThrow('unknown target');
  });
});
