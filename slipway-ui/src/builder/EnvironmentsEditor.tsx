import { useState } from 'react';
import type { SpecProblem } from '../api/client';
import { promotionOrder } from '../environments/order';
import { describe } from './problems';
import { environmentField } from './schemaHelp';
import { addEnvironment, environmentsOf, removeEnvironment, setEnvironmentField } from './spec';

interface Props {
  text: string;
  problems: SpecProblem[];
  mayEdit: boolean;
  onEdit: (change: (text: string) => string) => void;
}

const KEYS: { key: string; label: string; kind: 'text' | 'select' | 'boolean' }[] = [
  { key: 'namespace', label: 'Namespace', kind: 'text' },
  { key: 'trigger', label: 'Trigger', kind: 'select' },
  { key: 'promoteFrom', label: 'Promote from', kind: 'select' },
  { key: 'approval', label: 'Approval required', kind: 'boolean' },
  { key: 'soak', label: 'Soak', kind: 'text' },
  { key: 'onFailure', label: 'On failure', kind: 'select' },
];

/** The problems of one key of the environment at `index` as written (`environments[1].soak`), or of the whole one. */
function problemsAt(problems: SpecProblem[], index: number, key: string | null): SpecProblem[] {
  const at = `environments[${index}]`;
  return problems.filter((p) => (key === null ? p.path === at : p.path === `${at}.${key}`));
}

/**
 * The promotion chain: each environment in promotion order with its namespace, trigger, where it is promoted from and
 * its gates (approval, soak) and failure policy, edited in the YAML document like every other builder edit.
 */
export function EnvironmentsEditor({ text, problems, mayEdit, onEdit }: Props) {
  const written = environmentsOf(text);
  const order = promotionOrder(written);
  const [name, setName] = useState('');
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const unlisted = problems.filter((p) => p.path === 'environments');
  return (
    <section className="environments-editor" aria-labelledby="envs-title">
      <h2 id="envs-title">Environments, in promotion order</h2>
      {written.length === 0 && (
        <p className="help">The spec lists no environments: Slipway assumes dev (push), staging (from dev, 30m soak) and
          production (from staging, approval). Add one to write your own chain.</p>
      )}
      {unlisted.length > 0 && <p className="error" role="alert">{unlisted.map(describe).join('; ')}</p>}
      <ol className="chain">
        {order.map((envName) => {
          const index = written.findIndex((e) => e.name === envName);
          const env = written[index];
          const whole = problemsAt(problems, index, null);
          return (
            <li key={envName} className="stage-card" aria-labelledby={`env-${envName}`}>
              <h3 id={`env-${envName}`}>{envName}</h3>
              {whole.length > 0 && <p className="error" role="alert">{whole.map(describe).join('; ')}</p>}
              {KEYS.map(({ key, label, kind }) => {
                const id = `env-${envName}-${key}`;
                const schema = environmentField(key);
                const errs = problemsAt(problems, index, key);
                const value = env[key];
                const set = (v: unknown) => onEdit((t) => setEnvironmentField(t, envName, key, v));
                const described = [`${id}-help`, errs.length ? `${id}-err` : ''].filter(Boolean).join(' ');
                let input;
                if (kind === 'boolean') {
                  input = <input id={id} type="checkbox" checked={value === true} disabled={!mayEdit} aria-describedby={described}
                    onChange={(e) => set(e.target.checked ? true : undefined)} />;
                } else if (kind === 'select') {
                  const options = key === 'promoteFrom' ? order.filter((n) => n !== envName) : schema.enum ?? [];
                  input = (
                    <select id={id} value={value === undefined ? '' : String(value)} disabled={!mayEdit} aria-describedby={described}
                      aria-invalid={errs.length > 0} onChange={(e) => set(e.target.value || undefined)}>
                      <option value="">{key === 'promoteFrom' ? '(none: a start of the chain)' : '(default)'}</option>
                      {options.map((o) => <option key={o} value={o}>{o}</option>)}
                    </select>
                  );
                } else {
                  const commit = () => { if (drafts[id] !== undefined) { set(drafts[id].trim() || undefined); setDrafts({}); } };
                  input = (
                    <input id={id} value={drafts[id] ?? (value === undefined ? '' : String(value))} disabled={!mayEdit}
                      aria-describedby={described} aria-invalid={errs.length > 0}
                      onChange={(e) => setDrafts({ ...drafts, [id]: e.target.value })}
                      onBlur={commit} onKeyDown={(e) => { if (e.key === 'Enter') commit(); }} />
                  );
                }
                return (
                  <div key={key} className={`field${errs.length ? ' invalid' : ''}`}>
                    <label htmlFor={id}>{label}</label>
                    {input}
                    <p id={`${id}-help`} className="help">{schema.description}</p>
                    {errs.length > 0 && <p id={`${id}-err`} className="error" role="alert">{errs.map(describe).join('; ')}</p>}
                  </div>
                );
              })}
              {mayEdit && (
                <button type="button" className="danger" onClick={() => onEdit((t) => removeEnvironment(t, envName))}>
                  Remove {envName}
                </button>
              )}
            </li>
          );
        })}
      </ol>
      {mayEdit && (
        <form className="add-env" onSubmit={(e) => {
          e.preventDefault();
          const n = name.trim();
          if (!n) return;
          const last = order[order.length - 1];
          onEdit((t) => addEnvironment(t, last ? { name: n, promoteFrom: last } : { name: n }));
          setName('');
        }}>
          <label htmlFor="new-env">New environment</label>
          <input id="new-env" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. qa" />
          <button type="submit" disabled={!name.trim()}>Add environment</button>
          <p className="help">It is promoted from the last environment of the chain; change that on its card.</p>
        </form>
      )}
    </section>
  );
}
