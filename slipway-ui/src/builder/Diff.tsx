import { diffLines } from 'diff';

/** A line diff of two texts: removed lines marked -, added +, unchanged context shortened. */
export function Diff({ before, after, label }: { before: string; after: string; label: string }) {
  const parts = diffLines(before, after);
  if (parts.every((p) => !p.added && !p.removed)) return <p className="help">{label}: no changes.</p>;
  return (
    <pre className="diff" aria-label={label} tabIndex={0}>
      {parts.map((p, i) => {
        const lines = p.value.replace(/\n$/, '').split('\n');
        if (!p.added && !p.removed) {
          const shown = lines.length > 6 ? [...lines.slice(0, 2), '…', ...lines.slice(-2)] : lines;
          return shown.map((l, j) => <div key={`${i}-${j}`} className="ctx">{'  ' + l}</div>);
        }
        return lines.map((l, j) => (
          <div key={`${i}-${j}`} className={p.added ? 'add' : 'del'}>
            {(p.added ? '+ ' : '- ') + l}
          </div>
        ));
      })}
    </pre>
  );
}
