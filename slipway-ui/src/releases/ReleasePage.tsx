import { Background, MarkerType, Position, ReactFlow, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { answer, api, ApiError, authHeaders, type Release, type WhoAmI } from '../api/client';
import { layout } from '../builder/layout';
import { graphOf, type SystemGraph } from '../builder/spec';
import { follow, servicesAfter, type Step } from './events';
import { looksOf } from './looks';

// the chart library loads only when there are looks to draw
const CanaryChart = lazy(() => import('./CanaryChart'));

type Report = Record<string, unknown> & { failure: Record<string, unknown> | null };

const ENDED = ['succeeded', 'failed', 'rolled-back', 'cancelled'];

/** One release, live: its services coloured by state as the steps arrive, the steps, actions and the report. */
export default function ReleasePage({ me, id }: { me: WhoAmI; id: string }) {
  const [release, setRelease] = useState<Release | null>(null);
  const [steps, setSteps] = useState<Step[]>([]);
  const [connection, setConnection] = useState<'open' | 'retrying' | 'ended'>('open');
  const [spec, setSpec] = useState<SystemGraph | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => {
    answer(api.GET('/api/v1/releases/{id}', { params: { path: { id } } })).then(setRelease).catch((e: Error) => setError(e.message));
  }, [id]);

  useEffect(() => {
    reload();
    api.GET('/api/v1/systems/spec').then(({ data }) => setSpec(data ? graphOf(data.text) : { services: [], dependencies: [] }));
    const abort = new AbortController();
    setSteps([]);
    // steps are drawn once per frame however fast they come (a burst after a reconnect, a large release)
    let pending: Step[] = [];
    let frame = 0;
    const flush = () => { frame = 0; const batch = pending; pending = []; setSteps((all) => [...all, ...batch]); };
    void follow(id, authHeaders(), {
      onStep: (s) => { pending.push(s); if (!frame) frame = requestAnimationFrame(flush); },
      onEnd: () => { setConnection('ended'); reload(); },
      onConnection: setConnection,
    }, abort.signal);
    return () => { abort.abort(); cancelAnimationFrame(frame); };
  }, [id, reload]);

  const ended = release !== null && (ENDED.includes(release.state) || connection === 'ended');
  // the report (root cause, the judges' looks): at the end, and every few seconds while canaries are judged
  useEffect(() => {
    const load = () => answer(api.GET('/api/v1/releases/{id}/report', { params: { path: { id } } }))
      .then((r) => setReport(r as Report)).catch(() => {});
    void load();
    if (ended) return;
    const timer = setInterval(load, 5000);
    return () => clearInterval(timer);
  }, [ended, id]);

  const states = useMemo(() => servicesAfter(steps), [steps]);
  // the graph and its layout change with the release and the spec, not with every step
  const { graph, at } = useMemo(() => {
    const inRelease = new Set(release?.rollouts.map((r) => r.service) ?? []);
    const g: SystemGraph = {
      services: (spec?.services ?? []).filter((s) => inRelease.has(s.name)),
      dependencies: (spec?.dependencies ?? []).filter((d) => inRelease.has(d.from) && inRelease.has(d.to)),
    };
    const known = new Set(g.services.map((s) => s.name));
    for (const name of inRelease) {
      if (!known.has(name)) g.services.push({ name, language: null, buildTool: null, image: null, port: null, strategy: null });
    }
    return { graph: g, at: layout(g) };
  }, [release, spec]);
  if (error) return <p className="error" role="alert">{error}</p>;
  if (!release) return <p className="loading">Loading {id}…</p>;

  const nodes: Node[] = graph.services.map((s) => {
    const st = states.get(s.name);
    const rollout = release.rollouts.find((r) => r.service === s.name);
    const state = st?.to ?? rollout?.outcome ?? 'pending';
    return {
      id: s.name, position: at.get(s.name) ?? { x: 0, y: 0 }, draggable: false, connectable: false,
      sourcePosition: Position.Right, targetPosition: Position.Left,
      className: `rollout state-${state}`, ariaLabel: `${s.name}: ${state}`,
      data: { label: `${s.name} ${rollout?.from ?? '∅'} → ${rollout?.to ?? ''}\n${state}${st && st.weight ? ` · ${st.weight}%` : ''}` },
    };
  });
  const edges: Edge[] = graph.dependencies.map((d) => ({ id: `${d.from}->${d.to}`, source: d.from, target: d.to, label: d.range, markerEnd: { type: MarkerType.ArrowClosed } }));

  const may = me.environments.find((e) => e.name === release.environment)?.mayRelease ?? false;
  const act = async (action: 'cancel' | 'resume' | 'rollback') => {
    const { data, error: problem, response } = await api.POST(`/api/v1/releases/{id}/${action}`, { params: { path: { id } } });
    if (!data) setError(new ApiError(response.status, problem as never).message);
    else if (action === 'rollback' && response.status === 201) window.location.hash = `#/releases/${encodeURIComponent(data.id)}`;
    else reload();
  };

  return (
    <section aria-labelledby="release-title">
      <h1 id="release-title">{release.id}</h1>
      <p>
        {release.environment} · <span className={`state ${release.state}`} data-testid="release-state">{release.state}</span>
        {release.outcome && <> · outcome {release.outcome}</>}
        {' · '}<span className="help" aria-live="polite">stream {connection}</span>
      </p>
      {may && (
        <div className="actions" role="group" aria-label="Release actions">
          {!ended && <button type="button" onClick={() => void act('resume')}>Resume</button>}
          {!ended && <button type="button" className="danger" onClick={() => void act('cancel')}>Cancel</button>}
          <button type="button" onClick={() => void act('rollback')}>Roll back</button>
        </div>
      )}
      <div className="release-graph" role="group" aria-label="Dependency graph by state">
        <ReactFlow nodes={nodes} edges={edges} fitView fitViewOptions={{ maxZoom: 1 }} nodesDraggable={false} nodesConnectable={false} proOptions={{ hideAttribution: true }}>
          <Background />
        </ReactFlow>
      </div>
      {report?.failure && (
        <section className="report" aria-labelledby="report-title">
          <h2 id="report-title">Root cause</h2>
          <p data-testid="root-cause">
            <strong>{String(report.failure.service)} {String(report.failure.version)}</strong>: {String(report.failure.reason)}
          </p>
          <dl className="facts">
            {Object.entries(report.failure).filter(([k, v]) => v !== null && !['service', 'version', 'reason'].includes(k)).map(([k, v]) => (
              <div key={k}><dt>{k}</dt><dd>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</dd></div>
            ))}
          </dl>
          {Array.isArray(report.rolledBack) && report.rolledBack.length > 0 && (
            <p>Rolled back: {(report.rolledBack as { service?: string }[]).map((r) => r.service ?? JSON.stringify(r)).join(', ')}</p>
          )}
        </section>
      )}
      {Array.isArray(report?.judgements) && report.judgements.length > 0 && (
        <section aria-labelledby="looks-title">
          <h2 id="looks-title">Canary analysis</h2>
          <Suspense fallback={<p className="loading">Loading chart…</p>}>
            {[...looksOf(report.judgements as unknown[], String(report.failure?.service ?? 'canary')).entries()].map(([title, looks]) => (
              <CanaryChart key={title} title={title} looks={looks} />
            ))}
          </Suspense>
        </section>
      )}
      <h2>Steps</h2>
      <ol className="steps" data-testid="steps">
        {steps.map((s) => (
          <li key={s.sequence} className={s.failure ? 'error' : undefined}>
            <time>{new Date(s.at).toLocaleTimeString()}</time> {s.service ?? 'release'}: {s.from} → {s.to}
            {s.weight ? ` (${s.weight}%)` : ''} {s.reason}
          </li>
        ))}
      </ol>
    </section>
  );
}
