import type { DependencyEdge } from '../builder/spec';
import type { Step } from './events';

/** States after which a service's rollout is over. */
const OVER = new Set(['promoted', 'succeeded', 'rolled-back', 'failed', 'cancelled', 'unchanged']);

export interface Row {
  service: string;
  /** the services of the release it waits for (its dependencies among them), as the plan orders them */
  after: string[];
  /** ms from the release's first step: when it could have started (what it waits for was done), and when it did */
  plannedStart: number | null;
  actualStart: number | null;
  actualEnd: number | null;
  critical: boolean;
}

/**
 * Planned against actual: each service of the release could start once every service it waits for (its
 * dependencies in the release, as the plan orders them) had finished; when it actually started and ended comes from
 * its steps. The gap between the two is time lost waiting (a pause, a gate, the parallelism limit). The critical
 * path is the chain of waits that ends last: the services whose delay would delay the release.
 */
export function timelineOf(services: string[], dependencies: DependencyEdge[], steps: Step[]): { rows: Row[]; span: number } {
  // from the first service's first step: a release that waited (for an approval, a gate) started its rollouts then
  const first = steps.find((s) => s.service !== null);
  const origin = first ? Date.parse(first.at) : 0;
  const start = new Map<string, number>();
  const end = new Map<string, number>();
  for (const s of steps) {
    if (!s.service) continue;
    const t = Date.parse(s.at) - origin;
    if (!start.has(s.service)) start.set(s.service, t);
    if (OVER.has(s.to)) end.set(s.service, t);
  }
  const inRelease = new Set(services);
  const after = new Map(services.map((s) => [s, dependencies.filter((d) => d.from === s && inRelease.has(d.to)).map((d) => d.to)]));
  const plannedStart = (s: string): number | null => {
    const waits = after.get(s) ?? [];
    if (waits.length === 0) return 0;
    const ends = waits.map((w) => end.get(w));
    return ends.every((e) => e !== undefined) ? Math.max(...(ends as number[])) : null;
  };
  // the critical path: from the service that ended last, back through the wait that ended last
  const critical = new Set<string>();
  let at: string | undefined = [...end.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  while (at && !critical.has(at)) {
    critical.add(at);
    at = (after.get(at) ?? []).filter((w) => end.has(w)).sort((a, b) => end.get(b)! - end.get(a)!)[0];
  }
  const rows = services.map((s) => ({
    service: s, after: after.get(s) ?? [], plannedStart: plannedStart(s),
    actualStart: start.get(s) ?? null, actualEnd: end.get(s) ?? null, critical: critical.has(s),
  }));
  // in the order things happened: by start, those not started last
  rows.sort((a, b) => (a.actualStart ?? Infinity) - (b.actualStart ?? Infinity) || a.service.localeCompare(b.service));
  const span = Math.max(1, ...rows.map((r) => r.actualEnd ?? r.actualStart ?? 0),
    first ? Date.parse(steps[steps.length - 1].at) - origin : 0);
  return { rows, span };
}
