import { describe, expect, it } from 'vitest';
import type { Step } from './events';
import { timelineOf } from './timeline';

const at = (s: number) => new Date(Date.UTC(2026, 2, 1, 10, 0, s)).toISOString();
const step = (sequence: number, second: number, service: string, to: string): Step => ({
  sequence, at: at(second), service, from: 'pending', to, step: 0, weight: 0, reason: '', failure: false,
});

describe('the planned-against-actual timeline', () => {
  // web → api → db: db first, then api, then web; cache (no dependency) alongside
  const deps = [{ from: 'web', to: 'api', range: '*' }, { from: 'api', to: 'db', range: '*' }];
  const steps = [
    step(0, 0, 'db', 'deploying'), step(1, 1, 'cache', 'deploying'), step(2, 10, 'db', 'promoted'),
    step(3, 4, 'cache', 'promoted'), step(4, 15, 'api', 'deploying'), step(5, 30, 'api', 'promoted'),
    step(6, 31, 'web', 'deploying'), step(7, 40, 'web', 'promoted'),
  ];

  it('gives each service when it could have started and when it did', () => {
    const { rows, span } = timelineOf(['web', 'api', 'db', 'cache'], deps, steps);
    const by = Object.fromEntries(rows.map((r) => [r.service, r]));
    expect(by.db).toMatchObject({ plannedStart: 0, actualStart: 0, actualEnd: 10_000, after: [] });
    expect(by.api).toMatchObject({ plannedStart: 10_000, actualStart: 15_000, actualEnd: 30_000, after: ['db'] });
    expect(by.web).toMatchObject({ plannedStart: 30_000, actualStart: 31_000, actualEnd: 40_000 });
    expect(span).toBe(40_000);
    expect(rows.map((r) => r.service)).toEqual(['db', 'cache', 'api', 'web']);
  });

  it('marks the chain of waits that ended last as the critical path', () => {
    const { rows } = timelineOf(['web', 'api', 'db', 'cache'], deps, steps);
    expect(rows.filter((r) => r.critical).map((r) => r.service).sort()).toEqual(['api', 'db', 'web']);
  });

  it("counts from the first service's step, not from a wait before the rollouts began", () => {
    const waited = [{ ...step(100, 0, 'x', 'awaiting-approval'), service: null }, ...steps.map((s) => ({ ...s, at: at(Date.parse(s.at) / 1000 - Date.UTC(2026, 2, 1, 10, 0, 0) / 1000 + 600) }))];
    const { rows } = timelineOf(['web', 'api', 'db'], deps, waited);
    expect(rows.find((r) => r.service === 'api')).toMatchObject({ plannedStart: 10_000, actualStart: 15_000 });
  });

  it('leaves what has not happened yet open', () => {
    const { rows } = timelineOf(['web', 'api', 'db'], deps, steps.slice(0, 3));
    const by = Object.fromEntries(rows.map((r) => [r.service, r]));
    expect(by.api).toMatchObject({ plannedStart: 10_000, actualStart: null, actualEnd: null });
    expect(by.web.plannedStart).toBeNull();
  });
});
