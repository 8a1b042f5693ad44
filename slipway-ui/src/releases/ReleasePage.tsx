import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { flushSync } from 'react-dom';
import { answer, api, ApiError, authHeaders, type Release, type WhoAmI } from '../api/client';
import { gatesOf, postJson } from '../api/actions';
import { GateList } from '../environments/GateList';
import { follow } from './events';
import type { ReleaseGraph } from './graph';
import { releaseGraphOffThread } from './graphOffThread';
import { append, EMPTY, frameBatcher, serviceSteps, type Live } from './live';
import { looksOf } from './looks';
import { ReleaseGraphView } from './ReleaseGraphView';
import { StepsLog } from './StepsLog';
import { StateBadge } from './StateBadge';
import { Timeline } from './Timeline';

// the chart library loads only when there are looks to draw
const CanaryChart = lazy(() => import('./CanaryChart'));

type Report = Record<string, unknown> & { failure: Record<string, unknown> | null };

const ENDED = ['succeeded', 'failed', 'rolled-back', 'cancelled'];

/** One release, live: its services coloured by state as the steps arrive, the steps, actions and the report. */
export default function ReleasePage({ me, id }: { me: WhoAmI; id: string }) {
  const [release, setRelease] = useState<Release | null>(null);
  const [live, setLive] = useState<Live>(EMPTY);
  // each service's last step, read by the graph's nodes themselves (another release is another ReleasePage: App keys it)
  const [steps] = useState(serviceSteps);
  const [connection, setConnection] = useState<'open' | 'retrying' | 'ended'>('open');
  const [spec, setSpec] = useState<string | null | undefined>(undefined);
  const [graph, setGraph] = useState<ReleaseGraph | null>(null);
  const [decision, setDecision] = useState<string | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => {
    answer(api.GET('/api/v1/releases/{id}', { params: { path: { id } } })).then(setRelease).catch((e: Error) => setError(e.message));
  }, [id]);

  useEffect(() => {
    reload();
    api.GET('/api/v1/systems/spec').then(({ data }) => setSpec(data?.text ?? null));
    const abort = new AbortController();
    setLive(EMPTY);
    // steps are drawn once per frame however fast they come, a bounded number per frame (a burst after a
    // reconnect, a large release)
    // drawn before deliver returns (flushSync), so the batcher can time each batch and size the next to its budget;
    // a bench may ask for the batches of old (window.__slipwayFrameBudget = Infinity) to measure against in one run
    const budget = (window as { __slipwayFrameBudget?: number }).__slipwayFrameBudget;
    const batcher = frameBatcher((batch) => flushSync(() => {
      steps.publish(batch);
      setLive((l) => append(l, batch));
    }), { budget });
    void follow(id, authHeaders(), {
      onStep: batcher.push,
      onEnd: () => { setConnection('ended'); reload(); },
      onConnection: setConnection,
    }, abort.signal);
    return () => { abort.abort(); batcher.stop(); };
  }, [id, reload, steps]);

  // the graph changes with the release's services and the spec, never with a step: parsed and laid out in a worker
  const services = release?.rollouts.map((r) => r.service).join(',');
  useEffect(() => {
    if (spec === undefined || services === undefined) return;
    const job = releaseGraphOffThread(spec, services ? services.split(',') : []);
    job.result.then(setGraph).catch((e: Error) => setError(e.message));
    return job.cancel;
  }, [spec, services]);

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

  if (error) return <p className="error" role="alert">{error}</p>;
  if (!release) return <p className="loading">Loading {id}…</p>;

  const mayApprove = me.role !== 'viewer' && me.grants.includes(`approve:${release.environment}`);
  const gates = gatesOf(release.id);
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
        {release.environment} · <StateBadge state={release.state} testId="release-state" />
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
      {release.state === 'awaiting-approval' && (
        <Approval id={release.id} environment={release.environment} mayApprove={mayApprove}
          onDecided={(said) => { setDecision(said); reload(); }} />
      )}
      {decision && <p role="status" data-testid="approval-said">{decision}</p>}
      {gates && gates.length > 0 && (
        <section aria-labelledby="gates-title">
          <h2 id="gates-title">Gates</h2>
          <p className="help">As the server judged them when the release was created.</p>
          <GateList gates={gates} label={`Gates of ${release.environment}`} />
        </section>
      )}
      {graph ? <ReleaseGraphView layout={graph} rollouts={release.rollouts} steps={steps} />
        : <p className="loading release-graph">Laying out the graph…</p>}
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
      <TimelineSection ended={ended} services={release.rollouts.map((r) => r.service)} dependencies={graph?.graph.dependencies ?? []} blocks={live.blocks} />
      <h2>Steps</h2>
      <StepsLog blocks={live.blocks} />
    </section>
  );
}

/** A release waiting for a person: approve or reject it, with a comment, for who holds approve:ENV. */
function Approval({ id, environment, mayApprove, onDecided }: { id: string; environment: string; mayApprove: boolean; onDecided: (said: string) => void }) {
  const [comment, setComment] = useState('');
  const [said, setSaid] = useState<string | null>(null);
  const decide = async (decision: 'approve' | 'reject') => {
    const { status, body } = await postJson(`/api/v1/releases/${encodeURIComponent(id)}/approvals`, { decision, ...(comment.trim() ? { comment: comment.trim() } : {}) });
    if (status === 202) {
      const approval = body.approval as { next?: string; reason?: string } | undefined;
      onDecided(approval?.next === 'wait' ? `Recorded; waiting for more approvals (${approval.reason ?? ''}).` : `Recorded: ${decision}d.`);
    } else {
      setSaid(`Not recorded: ${String(body.detail ?? `the server answered ${status}`)}`);
    }
  };
  return (
    <section className="approval" aria-labelledby="approval-title">
      <h2 id="approval-title">Awaiting approval</h2>
      <p>Nothing in {environment} changes until a person with the grant approve:{environment} approves this release.</p>
      {mayApprove ? (
        <>
          <div className="field">
            <label htmlFor="approval-comment">Comment</label>
            <input id="approval-comment" value={comment} onChange={(e) => setComment(e.target.value)} maxLength={1000} />
          </div>
          <div className="actions" role="group" aria-label="Approval">
            <button type="button" className="primary" onClick={() => void decide('approve')}>Approve</button>
            <button type="button" className="danger" onClick={() => void decide('reject')}>Reject</button>
          </div>
        </>
      ) : <p className="help">You hold no approve:{environment} grant.</p>}
      {said && <p className="error" role="alert">{said}</p>}
    </section>
  );
}

/**
 * The timeline, drawn when asked for (or once the release has ended): while a large release streams, recomputing it
 * with every batch of steps would cost what the live view saves.
 */
function TimelineSection({ ended, services, dependencies, blocks }: { ended: boolean; services: string[]; dependencies: ReleaseGraph['graph']['dependencies']; blocks: Live['blocks'] }) {
  const [open, setOpen] = useState<boolean | null>(null);
  const shown = open ?? ended;
  const steps = useMemo(() => (shown ? blocks.flat() : []), [shown, blocks]);
  const key = services.join(',');
  const names = useMemo(() => (key ? key.split(',') : []), [key]);
  return (
    <details open={shown} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>Timeline: planned against actual</summary>
      {shown && <Timeline services={names} dependencies={dependencies} steps={steps} />}
    </details>
  );
}
