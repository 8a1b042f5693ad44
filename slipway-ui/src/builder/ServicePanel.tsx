import { useMemo, useState } from 'react';
import type { SpecProblem } from '../api/client';
import { describe, placeOf } from './problems';
import { serviceField, STRATEGIES } from './schemaHelp';
import { fieldOf, graphOf } from './spec';

interface Props {
  text: string;
  service: string;
  problems: SpecProblem[];
  onField: (path: string[], value: unknown) => void;
  onDependency: (to: string, range: string | null) => void;
  onAddDependency: (to: string, range: string) => void;
  onDelete: () => void;
}

type Kind = 'text' | 'number' | 'boolean' | 'list';

const FIELDS: { path: string[]; label: string; kind: Kind }[] = [
  { path: ['path'], label: 'Source path', kind: 'text' },
  { path: ['language'], label: 'Language', kind: 'text' },
  { path: ['buildTool'], label: 'Build tool', kind: 'text' },
  { path: ['dockerfile'], label: 'Dockerfile', kind: 'text' },
  { path: ['image'], label: 'External image', kind: 'text' },
  { path: ['port'], label: 'Port', kind: 'number' },
  { path: ['healthPath'], label: 'Health path', kind: 'text' },
  { path: ['replicas'], label: 'Replicas', kind: 'number' },
  { path: ['stateful'], label: 'Stateful', kind: 'boolean' },
  { path: ['strategy', 'type'], label: 'Strategy', kind: 'text' },
  { path: ['strategy', 'steps'], label: 'Canary steps (%)', kind: 'list' },
  { path: ['strategy', 'stepInterval'], label: 'Step interval', kind: 'text' },
];

function parseValue(kind: Kind, raw: string | boolean): unknown {
  if (kind === 'boolean') return raw ? true : undefined;
  const s = String(raw).trim();
  if (s === '') return undefined;
  if (kind === 'number') return /^-?\d+$/.test(s) ? Number(s) : s;
  if (kind === 'list') return s.split(/[,\s]+/).filter(Boolean).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  return s;
}

function shown(kind: Kind, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (kind === 'list' && Array.isArray(value)) return value.join(', ');
  return String(value);
}

/** One field: edited as text, committed on blur or Enter (so that typing is not an edit per key). */
function Field({ id, label, kind, value, help, options, errors, onCommit }: {
  id: string; label: string; kind: Kind; value: unknown; help?: string; options?: string[]; errors: SpecProblem[];
  onCommit: (v: unknown) => void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const describedBy = [help ? `${id}-help` : '', errors.length ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  let input;
  if (kind === 'boolean') {
    input = (
      <input id={id} type="checkbox" checked={value === true} aria-describedby={describedBy}
        onChange={(e) => onCommit(parseValue(kind, e.target.checked))} />
    );
  } else if (options) {
    input = (
      <select id={id} value={shown(kind, value)} aria-describedby={describedBy} aria-invalid={errors.length > 0}
        onChange={(e) => onCommit(parseValue(kind, e.target.value))}>
        <option value="">(none)</option>
        {options.map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
    );
  } else {
    input = (
      <input id={id} value={draft ?? shown(kind, value)} aria-describedby={describedBy} aria-invalid={errors.length > 0}
        inputMode={kind === 'number' ? 'numeric' : undefined}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => { if (draft !== null) { onCommit(parseValue(kind, draft)); setDraft(null); } }}
        onKeyDown={(e) => { if (e.key === 'Enter' && draft !== null) { onCommit(parseValue(kind, draft)); setDraft(null); } }} />
    );
  }
  return (
    <div className={`field${errors.length ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {input}
      {help && <p id={`${id}-help`} className="help">{help}</p>}
      {errors.length > 0 && (
        <p id={`${id}-err`} className="error" role="alert">{errors.map(describe).join('; ')}</p>
      )}
    </div>
  );
}

export function ServicePanel({ text, service, problems, onField, onDependency, onAddDependency, onDelete }: Props) {
  // parsed once per text, not once per field: a drag elsewhere re-renders the panel
  const graph = useMemo(() => graphOf(text), [text]);
  const serviceFields = useMemo(() => (fieldOf(text, service, []) ?? {}) as Record<string, unknown>, [text, service]);
  const valueAt = (path: string[]) => path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), serviceFields);
  const deps = graph.dependencies.filter((d) => d.from === service);
  const candidates = graph.services.map((s) => s.name).filter((n) => n !== service && !deps.some((d) => d.to === n));
  const [target, setTarget] = useState('');
  const [range, setRange] = useState('>=1.0.0');
  const mine = problems.filter((p) => {
    const place = placeOf(p.path);
    return place.kind === 'service' && place.service === service;
  });
  const of = (path: string) => mine.filter((p) => placeOf(p.path).kind === 'service' && (placeOf(p.path) as { field: string | null }).field === path);
  const general = mine.filter((p) => !FIELDS.some((f) => f.path.join('.') === (placeOf(p.path) as { field: string | null }).field));
  return (
    <aside className="panel" aria-label={`Service ${service}`}>
      <h2>{service}</h2>
      {general.length > 0 && <p className="error" role="alert">{general.map(describe).join('; ')}</p>}
      {FIELDS.map((f) => {
        const schema = serviceField(f.path);
        const options = f.path.join('.') === 'strategy.type' ? STRATEGIES : schema.enum;
        return (
          <Field key={`${service}.${f.path.join('.')}`} id={`f-${f.path.join('-')}`} label={f.label} kind={f.kind}
            value={valueAt(f.path)} help={schema.description} options={options}
            errors={of(f.path.join('.'))} onCommit={(v) => onField(f.path, v)} />
        );
      })}
      <h3>Depends on</h3>
      <p className="help">{serviceField(['dependsOn']).description}</p>
      <ul className="deps">
        {deps.map((d) => {
          const errs = problems.filter((p) => { const pl = placeOf(p.path); return pl.kind === 'dependency' && pl.from === service && pl.to === d.to; });
          return (
            <li key={d.to}>
              <label htmlFor={`dep-${d.to}`}>{d.to}</label>
              <input id={`dep-${d.to}`} defaultValue={d.range} key={d.range} aria-invalid={errs.length > 0}
                onBlur={(e) => onDependency(d.to, e.target.value)}
                onKeyDown={(e) => { if (e.key === 'Enter') onDependency(d.to, (e.target as HTMLInputElement).value); }} />
              <button type="button" onClick={() => onDependency(d.to, null)} aria-label={`Remove dependency on ${d.to}`}>✕</button>
              {errs.length > 0 && <p className="error" role="alert">{errs.map(describe).join('; ')}</p>}
            </li>
          );
        })}
      </ul>
      {candidates.length > 0 && (
        <div className="add-dep">
          <label htmlFor="new-dep">Add dependency on</label>
          <select id="new-dep" value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="">(choose a service)</option>
            {candidates.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
          <label htmlFor="new-dep-range">Version range</label>
          <input id="new-dep-range" value={range} onChange={(e) => setRange(e.target.value)} />
          <button type="button" disabled={!target} onClick={() => { onAddDependency(target, range); setTarget(''); }}>
            Add dependency
          </button>
        </div>
      )}
      <button type="button" className="danger" onClick={onDelete}>Delete service</button>
    </aside>
  );
}
