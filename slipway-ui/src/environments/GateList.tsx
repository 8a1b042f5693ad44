import type { Gate } from '../api/actions';

/** The gates as the server judged them: each passed or not, with its detail and hint. */
export function GateList({ gates, label }: { gates: Gate[]; label: string }) {
  return (
    <ul className="gates" aria-label={label}>
      {gates.map((g) => (
        <li key={g.name} className={g.ok ? 'ok' : 'bad'}>
          <span aria-hidden="true">{g.ok ? '✔' : '✘'}</span> <strong>{g.name}</strong>
          <span className="sr-only">{g.ok ? ' passed' : ' not met'}</span>: {g.detail}{g.hint ? ` (${g.hint})` : ''}
        </li>
      ))}
    </ul>
  );
}
