/** Deployments of the history bucketed by week (ending now): how many, how many failed, the rate. */
export interface Week {
  week: string;
  deployments: number;
  failures: number;
  failureRate: number | null;
}

interface Deployment {
  started: string;
  outcome: string;
}

const WEEK = 7 * 24 * 3600 * 1000;
/** Outcomes that count against the change failure rate (a deployment still running is no failure yet). */
const FAILED = ['failed', 'rolled-back'];

export function weekly(deployments: Deployment[], now: Date, weeks: number): Week[] {
  const out: Week[] = [];
  for (let i = weeks - 1; i >= 0; i--) {
    const from = now.getTime() - (i + 1) * WEEK;
    const to = now.getTime() - i * WEEK;
    const inside = deployments.filter((d) => { const t = Date.parse(d.started); return t >= from && t < to; });
    const failures = inside.filter((d) => FAILED.includes(d.outcome)).length;
    out.push({
      week: new Date(from).toISOString().slice(5, 10),
      deployments: inside.length,
      failures,
      failureRate: inside.length ? failures / inside.length : null,
    });
  }
  return out;
}
