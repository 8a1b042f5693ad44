import { structuredPatch } from 'diff';

/** One file of `POST /api/v1/systems/files`: what generate would write beside the repository's copy. */
export interface RepositoryFile {
  path: string;
  state: 'new' | 'changed' | 'unchanged' | 'stale' | 'unreadable';
  generated?: string;
  repository?: string;
  detail?: string;
}

/** The words a state is shown with (never a colour alone): what running generate would do to the file. */
export const STATE_LABEL: Record<RepositoryFile['state'], string> = {
  new: 'new',
  changed: 'changed',
  unchanged: 'unchanged',
  stale: 'would be removed',
  unreadable: 'not compared',
};

/** "2 new, 1 changed, 5 unchanged, 1 would be removed": the counts of the states present, in a fixed order. */
export function summary(files: RepositoryFile[]): string {
  const counts = new Map<RepositoryFile['state'], number>();
  files.forEach((f) => counts.set(f.state, (counts.get(f.state) ?? 0) + 1));
  const order: RepositoryFile['state'][] = ['new', 'changed', 'unchanged', 'stale', 'unreadable'];
  const parts = order.filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${STATE_LABEL[s]}`);
  return parts.length ? parts.join(', ') : 'no files';
}

/** What the tab shows: the files, whether they were compared with a repository, and why not when they were not. */
export interface GeneratedView {
  files: RepositoryFile[];
  /** false: generated from the spec alone (the edit names files the saved spec does not) */
  sources: boolean;
  /** null: compared with the repository; otherwise the server's reason it could not be (no --config) */
  notCompared: string | null;
}

/**
 * The files compared with the repository (`POST /api/v1/systems/files`) or, when the server answers 503 (started
 * without --config, so no repository; or one it cannot read), what generate would write for the spec
 * (`POST /api/v1/systems/generate`), every file new: a person exploring with the builder still sees the files.
 */
export async function compareOrGenerate(
  compare: () => Promise<{ files: RepositoryFile[]; sources: boolean }>,
  generate: () => Promise<{ files: { path: string; content: string }[] }>,
): Promise<GeneratedView> {
  try {
    const compared = await compare();
    return { files: compared.files, sources: compared.sources, notCompared: null };
  } catch (e) {
    if (!(e instanceof Error) || (e as Error & { status?: number }).status !== 503) throw e;
    const generated = await generate();
    return {
      files: generated.files.map((f) => ({ path: f.path, state: 'new', generated: f.content })),
      sources: true,
      notCompared: e.message,
    };
  }
}

export interface DiffLine { kind: 'hunk' | 'add' | 'del' | 'ctx'; text: string }

/**
 * A unified diff (three lines of context, hunks headed `@@ -a,b +c,d @@`) from the repository's copy to what generate
 * would write; a missing side is the empty file, so a new file is all additions and a removed one all deletions.
 */
export function unifiedDiff(path: string, repository: string | undefined, generated: string | undefined): DiffLine[] {
  const patch = structuredPatch(`a/${path}`, `b/${path}`, repository ?? '', generated ?? '', '', '', { context: 3 });
  const lines: DiffLine[] = [];
  for (const hunk of patch.hunks) {
    // as GNU diff writes it: a side with no lines starts at the line before the hunk (-0,0 for an empty file)
    const start = (at: number, count: number) => (count === 0 ? at - 1 : at);
    lines.push({ kind: 'hunk', text: `@@ -${start(hunk.oldStart, hunk.oldLines)},${hunk.oldLines} +${start(hunk.newStart, hunk.newLines)},${hunk.newLines} @@` });
    for (const line of hunk.lines) {
      if (line.startsWith('\\')) continue; // "\ No newline at end of file"
      lines.push({ kind: line[0] === '+' ? 'add' : line[0] === '-' ? 'del' : 'ctx', text: line });
    }
  }
  return lines;
}
