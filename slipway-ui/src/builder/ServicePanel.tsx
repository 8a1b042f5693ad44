import { useMemo, useState } from 'react';
import type { SpecProblem } from '../api/client';
import { CanaryLadder } from './CanaryLadder';
import { describe, placeOf } from './problems';
import { JUDGES, serviceField, STRATEGIES } from './schemaHelp';
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

type Kind = 'text' | 'number' | 'boolean' | 'list' | 'decimal';

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
];

/** The spec's default ladder, shown (and edited from) when the service names none. */
const DEFAULT_STEPS = [10, 25, 50, 100];

/** How the service's canary is judged (shown for a canary); judges have their own checkboxes. */
const ANALYSIS: { key: string; label: string; kind: Kind; options?: string[] }[] = [
  { key: 'maxErrorRate', label: 'Max error rate (fraction)', kind: 'decimal' },
  { key: 'maxLatencyRatio', label: 'Max latency ratio (× baseline p95)', kind: 'decimal' },
  { key: 'minRequests', label: 'Min requests', kind: 'number' },
  { key: 'window', label: 'Window', kind: 'text' },
  { key: 'interval', label: 'Look interval', kind: 'text' },
  { key: 'falseRollbackRate', label: 'False-rollback rate', kind: 'decimal' },
  { key: 'latencyTolerance', label: 'Latency tolerance (fraction)', kind: 'decimal' },
  { key: 'inconclusiveAfter', label: 'Inconclusive after', kind: 'text' },
  { key: 'onInconclusive', label: 'On inconclusive', kind: 'text', options: ['rollback', 'pause'] },
  { key: 'guardDependents', label: 'Guard dependents', kind: 'boolean' },
];

function parseValue(kind: Kind, raw: string | boolean): unknown {
  if (kind === 'boolean') return raw ? true : undefined;
  const s = String(raw).trim();
  if (s === '') return undefined;
  if (kind === 'number') return /^-?\d+$/.test(s) ? Number(s) : s;
  if (kind === 'decimal') return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s;
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
        inputMode={kind === 'number' ? 'numeric' : kind === 'decimal' ? 'decimal' : undefined}
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
  const canary = valueAt(['strategy', 'type']) === 'canary';
  // problems no field shows (a key the panel does not edit, the service as a whole) are shown at the top
  const shownHere = (field: string | null) => field !== null && (FIELDS.some((f) => f.path.join('.') === field)
    || (canary && ['strategy.steps', 'strategy.stepInterval', 'analysis.judges', ...ANALYSIS.map((a) => `analysis.${a.key}`)].includes(field)));
  const general = mine.filter((p) => !shownHere((placeOf(p.path) as { field: string | null }).field));
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
      {canary && (
        <section aria-labelledby="rollout-title">
          <h3 id="rollout-title">Canary</h3>
          <CanaryLadder
            steps={(valueAt(['strategy', 'steps']) as number[] | undefined) ?? DEFAULT_STEPS}
            help={serviceField(['strategy', 'steps']).description} serverErrors={of('strategy.steps').map(describe)}
            onChange={(steps) => onField(['strategy', 'steps'], steps)} />
          <Field id="f-strategy-stepInterval" label="Step interval" kind="text" value={valueAt(['strategy', 'stepInterval'])}
            help={serviceField(['strategy', 'stepInterval']).description} errors={of('strategy.stepInterval')}
            onCommit={(v) => onField(['strategy', 'stepInterval'], v)} />
          <h3>Analysis</h3>
          <p className="help">{serviceField(['analysis']).description} Empty fields take the defaults.</p>
          <fieldset className="judges">
            <legend>Judges</legend>
            {JUDGES.map((j) => {
              const judges = (valueAt(['analysis', 'judges']) as string[] | undefined) ?? [];
              return (
                <label key={j} className="check">
                  <input type="checkbox" checked={judges.includes(j)}
                    onChange={(e) => {
                      const next = e.target.checked ? JUDGES.filter((x) => x === j || judges.includes(x)) : judges.filter((x) => x !== j);
                      onField(['analysis', 'judges'], next.length ? next : undefined);
                    }} /> {j}
                </label>
              );
            })}
            <p className="help">{serviceField(['analysis', 'judges']).description}</p>
            {of('analysis.judges').length > 0 && <p className="error" role="alert">{of('analysis.judges').map(describe).join('; ')}</p>}
          </fieldset>
          {ANALYSIS.map((a) => {
            const path = ['analysis', a.key];
            const schema = serviceField(path);
            return a.kind === 'boolean' ? (
              <Field key={a.key} id={`f-analysis-${a.key}`} label={a.label} kind="text" options={['true', 'false']}
                value={valueAt(path)} help={schema.description} errors={of(path.join('.'))}
                onCommit={(v) => onField(path, v === undefined ? undefined : v === 'true')} />
            ) : (
              <Field key={a.key} id={`f-analysis-${a.key}`} label={a.label} kind={a.kind} options={a.options}
                value={valueAt(path)} help={schema.description} errors={of(path.join('.'))}
                onCommit={(v) => onField(path, v)} />
            );
          })}
        </section>
      )}
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
