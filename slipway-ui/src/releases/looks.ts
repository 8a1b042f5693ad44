/** A judge's look at one metric of one canary: what the report's judgements hold, flattened for a chart. */
export interface Look {
  service: string;
  metric: string;
  at: string;
  step: number;
  weight: number;
  canary: number | null;
  baseline: number | null;
  /** the judge's statistic (the canary's value, or e.g. canary/baseline) and the bound it was held to */
  value: number | null;
  bound: number | null;
  outcome: string;
}

interface Judgement {
  service?: string;
  at: string;
  step: number;
  weight: number;
  measurements: { metric: string; canary: number | null; baseline: number | null; value: number | null; bound: number | null; outcome: string }[];
}

/** The looks of a report's judgements, by "service metric", oldest first. */
export function looksOf(judgements: unknown[], service: string): Map<string, Look[]> {
  const by = new Map<string, Look[]>();
  for (const j of judgements as Judgement[]) {
    for (const m of j.measurements ?? []) {
      const key = `${j.service ?? service} ${m.metric}`;
      by.set(key, [...(by.get(key) ?? []), {
        service: j.service ?? service, metric: m.metric, at: j.at, step: j.step, weight: j.weight,
        canary: m.canary, baseline: m.baseline, value: m.value ?? null, bound: m.bound, outcome: m.outcome,
      }]);
    }
  }
  for (const looks of by.values()) looks.sort((a, b) => a.at.localeCompare(b.at));
  return by;
}
