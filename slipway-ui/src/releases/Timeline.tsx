import { memo, useMemo } from 'react';
import type { DependencyEdge } from '../builder/spec';
import type { Step } from './events';
import { timelineOf } from './timeline';

const seconds = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`);
const pct = (ms: number, span: number) => `${(100 * ms) / span}%`;

/**
 * Planned against actual, per service: the outlined bar starts when the service could have started (what it waits
 * for was done), the filled one spans when it ran; the critical path is marked. A table, so that it reads without
 * the bars.
 */
export const Timeline = memo(function Timeline({ services, dependencies, steps }: { services: string[]; dependencies: DependencyEdge[]; steps: Step[] }) {
  const { rows, span } = useMemo(() => timelineOf(services, dependencies, steps), [services, dependencies, steps]);
  if (steps.length === 0) return null;
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline: planned against actual</h2>
      <p className="help">From the first rollout's first step. A service could start once what it waits for was done (planned);
        the bar is when it ran. <span className="critical-key">Critical path</span>: the waits that decided when the release ended.</p>
      <table className="grid timeline" data-testid="timeline">
        <thead><tr><th scope="col">Service</th><th scope="col">Waits for</th><th scope="col">Could start</th><th scope="col">Started</th><th scope="col">Ended</th><th scope="col">Over time</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.service} className={r.critical ? 'critical' : undefined}>
              <th scope="row">{r.service}{r.critical && <span className="badge">critical</span>}</th>
              <td>{r.after.join(', ') || '—'}</td>
              <td>{seconds(r.plannedStart)}</td>
              <td>{seconds(r.actualStart)}</td>
              <td>{seconds(r.actualEnd)}</td>
              <td className="track" aria-hidden="true">
                {r.plannedStart !== null && <span className="planned" style={{ left: pct(r.plannedStart, span), width: pct(Math.max(0, (r.actualEnd ?? span) - r.plannedStart), span) }} />}
                {r.actualStart !== null && <span className="actual" style={{ left: pct(r.actualStart, span), width: pct(Math.max(span / 200, (r.actualEnd ?? span) - r.actualStart), span) }} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
});
