import { useState } from 'react';
import { addRung, ladderProblem, moveRung } from './ladder';

interface Props {
  steps: number[];
  help?: string;
  serverErrors: string[];
  onChange: (steps: number[]) => void;
}

/**
 * The canary's traffic weights as a ladder: each rung's weight is typed (committed on Enter or leaving the field),
 * a rung is dragged by its handle or moved with Alt+↑/↓, removed with its button; the bar shows the weight.
 */
export function CanaryLadder({ steps, help, serverErrors, onChange }: Props) {
  const [dragging, setDragging] = useState<number | null>(null);
  const [drafts, setDrafts] = useState<Record<number, string>>({});
  // the moved rung keeps the focus, so Alt+arrow can be pressed again
  const move = (from: number, to: number) => {
    if (to < 0 || to >= steps.length) return;
    onChange(moveRung(steps, from, to));
    requestAnimationFrame(() => document.getElementById(`rung-${to}`)?.focus());
  };
  const problem = ladderProblem(steps);
  return (
    <fieldset className="ladder" aria-describedby={help ? 'ladder-help' : undefined}>
      <legend>Canary steps (traffic %)</legend>
      {help && <p id="ladder-help" className="help">{help}</p>}
      <ol>
        {steps.map((weight, i) => (
          <li key={i} className={dragging === i ? 'dragging' : undefined} draggable
            onDragStart={(e) => { setDragging(i); e.dataTransfer.effectAllowed = 'move'; e.dataTransfer.setData('text/plain', String(i)); }}
            onDragOver={(e) => { if (dragging !== null) e.preventDefault(); }}
            onDrop={(e) => { e.preventDefault(); if (dragging !== null) move(dragging, i); setDragging(null); }}
            onDragEnd={() => setDragging(null)}>
            <span className="grip" aria-hidden="true">⠿</span>
            <label htmlFor={`rung-${i}`}>Step {i + 1} weight</label>
            <input id={`rung-${i}`} type="number" min={1} max={100} value={drafts[i] ?? String(weight)}
              onChange={(e) => setDrafts({ ...drafts, [i]: e.target.value })}
              aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown"
              onKeyDown={(e) => {
                if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
                  e.preventDefault();
                  move(i, e.key === 'ArrowUp' ? i - 1 : i + 1);
                } else if (e.key === 'Enter') {
                  commit(i, (e.target as HTMLInputElement).value);
                }
              }}
              onBlur={(e) => commit(i, e.target.value)} />
            <span className="bar" style={{ width: `${Math.max(0, Math.min(100, weight))}%` }} aria-hidden="true" />
            <button type="button" aria-label={`Remove step ${i + 1}`} onClick={() => onChange(steps.filter((_, k) => k !== i))}>✕</button>
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => onChange(addRung(steps))}>Add step</button>
      {problem && <p className="error" role="alert">{problem}</p>}
      {!problem && serverErrors.length > 0 && <p className="error" role="alert">{serverErrors.join('; ')}</p>}
    </fieldset>
  );

  function commit(i: number, raw: string) {
    setDrafts({});
    const value = Number(raw);
    if (raw.trim() === '' || Number.isNaN(value) || value === steps[i]) return;
    onChange(steps.map((w, k) => (k === i ? value : w)));
  }
}
