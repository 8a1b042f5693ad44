import {
  Background,
  Controls,
  MarkerType,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { answer, api, ApiError, type SpecProblem, type WhoAmI } from '../api/client';
import { validate } from '../api/yaml';
import { Diff } from './Diff';
import { EnvironmentsEditor } from './EnvironmentsEditor';
import { GeneratedFiles } from './GeneratedFiles';
import { canRedo, canUndo, current, push, redo, start, undo, type History } from './history';
import { layout } from './layout';
import { describe, errorsOnly, placeOf } from './problems';
import { ServiceNodeView, type Health, type ServiceFlowNode } from './ServiceNode';
import { byPromotion } from '../environments/order';
import { chainOf } from '../environments/chain';
import { ServicePanel } from './ServicePanel';
import {
  addService,
  cycleIfAdded,
  freeName,
  graphOf,
  removeDependency,
  removeService,
  setDependency,
  setField,
} from './spec';
import { TEMPLATES, template } from './templates';

const NEW_SYSTEM = '# The system, drawn in the Slipway builder.\nsystem:\n  name: my-system\n  registry: ghcr.io/acme/my-system\n';
const DRAG_TYPE = 'application/x-slipway-template';
const nodeTypes = { service: ServiceNodeView };

interface Loaded {
  text: string;
  hash: string | null;
  file: string | null;
}

type Selection = { kind: 'service'; name: string } | { kind: 'edge'; from: string; to: string } | null;

function Builder({ me }: { me: WhoAmI }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [history, setHistory] = useState<History>(start(''));
  const [problems, setProblems] = useState<SpecProblem[]>([]);
  const [validating, setValidating] = useState(false);
  const [selection, setSelection] = useState<Selection>(null);
  const [moved, setMoved] = useState<Record<string, { x: number; y: number }>>({});
  const [pending, setPending] = useState<{ from: string; to: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [tab, setTab] = useState<'canvas' | 'environments' | 'generated'>('canvas');
  const [saving, setSaving] = useState<'diff' | { conflict: Loaded } | null>(null);
  const [running, setRunning] = useState<Map<string, Health[]>>(new Map());
  const flow = useReactFlow();
  const text = current(history);

  useEffect(() => {
    api.GET('/api/v1/systems/spec').then(({ data, response }) => {
      const l: Loaded = data ? { text: data.text, hash: data.hash, file: data.file } : { text: NEW_SYSTEM, hash: null, file: null };
      if (!data && response.status !== 503) setNotice(`Could not read the served spec (${response.status}).`);
      setLoaded(l);
      setHistory(start(l.text));
    });
  }, []);

  // where each service runs and its health, in promotion order, shown on its node
  useEffect(() => {
    if (!loaded) return;
    answer(api.GET('/api/v1/environments')).then((r) => {
      const by = new Map<string, Health[]>();
      for (const inv of byPromotion(r.environments, (e) => e.environment, chainOf(loaded.text))) {
        for (const s of inv.services) by.set(s.name, [...(by.get(s.name) ?? []), { environment: inv.environment, version: s.version, healthy: s.healthy }]);
      }
      setRunning(by);
    }).catch(() => {});
  }, [loaded]);

  // Every text is checked by the server's own validation (schema and semantic rules), a moment after the last edit.
  useEffect(() => {
    if (!loaded) return;
    setValidating(true);
    const timer = setTimeout(() => {
      answer(validate(text))
        .then((r) => setProblems(r.problems))
        .catch((e: Error) => setNotice(`Validation failed: ${e.message}`))
        .finally(() => setValidating(false));
    }, 200);
    return () => clearTimeout(timer);
  }, [text, loaded]);

  const graph = useMemo(() => graphOf(text), [text]);
  const errors = useMemo(() => errorsOnly(problems), [problems]);
  const auto = useMemo(() => layout(graph), [graph]);

  const nodes: ServiceFlowNode[] = graph.services.map((s) => ({
    id: s.name,
    type: 'service',
    position: moved[s.name] ?? auto.get(s.name) ?? { x: 0, y: 0 },
    selected: selection?.kind === 'service' && selection.name === s.name,
    ariaLabel: `Service ${s.name}`,
    data: {
      ...s,
      errors: errors.filter((p) => { const pl = placeOf(p.path); return pl.kind === 'service' && pl.service === s.name; }).map(describe),
      health: running.get(s.name),
    },
  }));
  const edges: Edge[] = graph.dependencies.map((d) => {
    const bad = errors.filter((p) => { const pl = placeOf(p.path); return pl.kind === 'dependency' && pl.from === d.from && pl.to === d.to; });
    return {
      id: `${d.from}->${d.to}`,
      source: d.from,
      target: d.to,
      label: d.range,
      ariaLabel: `${d.from} depends on ${d.to} ${d.range}`,
      selected: selection?.kind === 'edge' && selection.from === d.from && selection.to === d.to,
      className: bad.length ? 'invalid' : undefined,
      markerEnd: { type: MarkerType.ArrowClosed },
      labelBgPadding: [4, 2] as [number, number],
      data: { errors: bad.map(describe) },
    };
  });

  const edit = useCallback((next: (t: string) => string) => setHistory((h) => push(h, next(current(h)))), []);

  const drop = useCallback((templateId: string, at?: { x: number; y: number }) => {
    const t = template(templateId);
    if (!t) return;
    const name = freeName(current(history), t.base);
    edit((x) => addService(x, name, t.fields(name)));
    if (at) setMoved((m) => ({ ...m, [name]: at }));
    setSelection({ kind: 'service', name });
    setNotice(`Added ${name}.`);
  }, [edit, history]);

  const connect = useCallback((c: Connection) => {
    if (!c.source || !c.target) return;
    const cycle = cycleIfAdded(text, c.source, c.target);
    if (cycle) {
      setNotice(`Refused: ${c.source} depending on ${c.target} would close the cycle ${cycle.join(' → ')}.`);
      return;
    }
    setPending({ from: c.source, to: c.target });
  }, [text]);

  const onNodesChange = useCallback((changes: NodeChange<ServiceFlowNode>[]) => {
    for (const ch of changes) {
      if (ch.type === 'position' && ch.position) setMoved((m) => ({ ...m, [ch.id]: ch.position! }));
      if (ch.type === 'select' && ch.selected) setSelection({ kind: 'service', name: ch.id });
      if (ch.type === 'remove') {
        edit((x) => removeService(x, ch.id));
        setSelection(null);
        setNotice(`Deleted ${ch.id}.`);
      }
    }
  }, [edit]);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    for (const ch of changes) {
      const [from, to] = ch.type === 'add' ? [ch.item.source, ch.item.target] : ch.id.split('->');
      if (ch.type === 'select' && ch.selected) setSelection({ kind: 'edge', from, to });
      if (ch.type === 'remove') {
        edit((x) => removeDependency(x, from, to));
        setSelection(null);
      }
    }
  }, [edit]);

  // Undo/redo from anywhere on the page except a text field, where the browser's own undo applies.
  useEffect(() => {
    const key = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || (e.target as HTMLElement).closest('input, textarea, select')) return;
      if (e.key.toLowerCase() === 'z' && !e.shiftKey) { e.preventDefault(); setHistory(undo); }
      if (e.key.toLowerCase() === 'y' || (e.key.toLowerCase() === 'z' && e.shiftKey)) { e.preventDefault(); setHistory(redo); }
    };
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  }, []);

  if (!loaded) return <p className="loading">Loading the spec…</p>;

  const mayWrite = me.role !== 'viewer' && loaded.hash !== null;
  const changed = text !== loaded.text;
  const saveBlocked = errors.length > 0 || validating;
  const systemErrors = errors.filter((p) => placeOf(p.path).kind === 'system' || !graph.services.some((s) => { const pl = placeOf(p.path); return pl.kind !== 'system' && (pl.kind === 'service' ? pl.service : pl.from) === s.name; }));

  const write = async (base: string | null) => {
    const { data, error, response } = await api.PUT('/api/v1/systems/spec', { body: { text, baseHash: base ?? '' } });
    if (data) {
      setLoaded({ text: data.text, hash: data.hash, file: data.file });
      setSaving(null);
      setNotice(`Saved ${data.file}.`);
    } else if (response.status === 409) {
      const c = (error as { current: Loaded }).current;
      setSaving({ conflict: c });
    } else {
      setSaving(null);
      setNotice(`Not saved: ${new ApiError(response.status, error as never).message}`);
    }
  };

  const selected = selection?.kind === 'service' ? selection.name : null;
  return (
    <div className="builder">
      <div className="toolbar" role="toolbar" aria-label="Builder">
        <div role="tablist" aria-label="Views">
          <button role="tab" aria-selected={tab === 'canvas'} onClick={() => setTab('canvas')}>System</button>
          <button role="tab" aria-selected={tab === 'environments'} onClick={() => setTab('environments')}>Environments</button>
          <button role="tab" aria-selected={tab === 'generated'} onClick={() => setTab('generated')}>Generated files</button>
        </div>
        <button type="button" onClick={() => { setHistory((h) => push(h, NEW_SYSTEM)); setMoved({}); setSelection(null); }}>
          New system
        </button>
        <button type="button" onClick={() => setHistory(undo)} disabled={!canUndo(history)}>Undo</button>
        <button type="button" onClick={() => setHistory(redo)} disabled={!canRedo(history)}>Redo</button>
        <span className="status" aria-live="polite" data-testid="validity">
          {validating ? 'Checking…' : errors.length ? `${errors.length} error${errors.length > 1 ? 's' : ''}: saving is blocked` : 'Valid'}
        </span>
        {mayWrite && (
          <button type="button" className="primary" disabled={!changed || saveBlocked} onClick={() => setSaving('diff')}
            title={saveBlocked ? 'Fix the errors first' : undefined}>
            Save {loaded.file}
          </button>
        )}
        {!mayWrite && <span className="help">{loaded.hash === null ? 'The server edits no file (serve --config): changes cannot be saved.' : 'Viewers cannot save.'}</span>}
      </div>
      {notice && <p className="notice" role="status" data-testid="notice">{notice}</p>}
      {systemErrors.length > 0 && (
        <ul className="error system-errors" aria-label="System errors">
          {systemErrors.map((p, i) => <li key={i}>{describe(p)}</li>)}
        </ul>
      )}
      {tab === 'generated' && <GeneratedFiles text={text} blocked={errors.length > 0} />}
      {tab === 'environments' && <EnvironmentsEditor text={text} problems={errors} mayEdit={me.role !== 'viewer'} onEdit={edit} />}
      {tab === 'canvas' && (
        <div className="workspace">
          <aside className="palette" aria-label="Templates">
            <h2>Add a service</h2>
            <p className="help">Drag onto the canvas, or press Enter.</p>
            {TEMPLATES.map((t) => (
              <button key={t.id} type="button" className="template" draggable data-template={t.id}
                onDragStart={(e) => { e.dataTransfer.setData(DRAG_TYPE, t.id); e.dataTransfer.effectAllowed = 'copy'; }}
                onClick={() => drop(t.id)}>
                {t.label}
              </button>
            ))}
          </aside>
          <div className="canvas" data-testid="canvas"
            onDragOver={(e) => { if (e.dataTransfer.types.includes(DRAG_TYPE)) { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; } }}
            onDrop={(e) => {
              const id = e.dataTransfer.getData(DRAG_TYPE);
              if (!id) return;
              e.preventDefault();
              drop(id, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
            }}>
            <ReactFlow<ServiceFlowNode> nodes={nodes} edges={edges} nodeTypes={nodeTypes} onNodesChange={onNodesChange}
              onEdgesChange={onEdgesChange} onConnect={connect} deleteKeyCode={['Delete', 'Backspace']} fitView
              onPaneClick={() => setSelection(null)} proOptions={{ hideAttribution: true }}
              ariaLabelConfig={{ 'node.a11yDescription.default': 'Press Enter to select, Delete to remove, arrow keys to move.' }}>
              <Background />
              <Controls />
            </ReactFlow>
          </div>
          {selected && graph.services.some((s) => s.name === selected) && (
            <ServicePanel key={selected} text={text} service={selected} problems={errors}
              onField={(path, value) => edit((x) => setField(x, selected, path, value))}
              onDependency={(to, range) => edit((x) => (range === null ? removeDependency(x, selected, to) : setDependency(x, selected, to, range)))}
              onAddDependency={(to, range) => connectWithRange(selected, to, range)}
              onDelete={() => { edit((x) => removeService(x, selected)); setSelection(null); }} />
          )}
          {selection?.kind === 'edge' && (
            <aside className="panel" aria-label="Dependency">
              <h2>{selection.from} → {selection.to}</h2>
              <button type="button" className="danger" onClick={() => { edit((x) => removeDependency(x, selection.from, selection.to)); setSelection(null); }}>
                Delete dependency
              </button>
            </aside>
          )}
        </div>
      )}
      {pending && (
        <RangeDialog from={pending.from} to={pending.to} onCancel={() => setPending(null)}
          onDone={(range) => { connectWithRange(pending.from, pending.to, range); setPending(null); }} />
      )}
      {saving === 'diff' && (
        <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="save-title">
          <h2 id="save-title">Save {loaded.file}?</h2>
          <Diff before={loaded.text} after={text} label={`Changes to ${loaded.file}`} />
          <div className="actions">
            <button type="button" className="primary" onClick={() => void write(loaded.hash)}>Write {loaded.file}</button>
            <button type="button" onClick={() => setSaving(null)}>Cancel</button>
          </div>
        </div>
      )}
      {saving && typeof saving === 'object' && (
        <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="conflict-title">
          <h2 id="conflict-title">{loaded.file} changed on disk since you loaded it</h2>
          <p>The file on disk (left) against your version (right):</p>
          <Diff before={saving.conflict.text} after={text} label="On disk against yours" />
          <div className="actions">
            <button type="button" className="danger" onClick={() => void write(saving.conflict.hash)}>Keep mine (overwrite)</button>
            <button type="button" onClick={() => { setLoaded(saving.conflict); setHistory(start(saving.conflict.text)); setSaving(null); }}>
              Take the file on disk (drop my edits)
            </button>
          </div>
        </div>
      )}
    </div>
  );

  function connectWithRange(from: string, to: string, range: string) {
    const cycle = cycleIfAdded(text, from, to);
    if (cycle) {
      setNotice(`Refused: ${from} depending on ${to} would close the cycle ${cycle.join(' → ')}.`);
      return;
    }
    edit((x) => setDependency(x, from, to, range));
    setNotice(`${from} now depends on ${to} ${range}.`);
  }
}

function RangeDialog({ from, to, onDone, onCancel }: { from: string; to: string; onDone: (r: string) => void; onCancel: () => void }) {
  const [range, setRange] = useState('>=1.0.0');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  return (
    <form className="dialog" role="dialog" aria-modal="true" aria-labelledby="range-title"
      onSubmit={(e) => { e.preventDefault(); onDone(range.trim()); }}>
      <h2 id="range-title">{from} depends on {to}</h2>
      <label htmlFor="range">Version range of {to}</label>
      <input id="range" ref={input} value={range} onChange={(e) => setRange(e.target.value)}
        onKeyDown={(e) => { if (e.key === 'Escape') onCancel(); }} />
      <p className="help">e.g. <code>^2.1</code>, <code>&gt;=16 &lt;17</code></p>
      <div className="actions">
        <button type="submit" className="primary">Add dependency</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}

export default function BuilderPage({ me }: { me: WhoAmI }) {
  return (
    <ReactFlowProvider>
      <Builder me={me} />
    </ReactFlowProvider>
  );
}
