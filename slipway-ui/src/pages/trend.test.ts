import { describe, expect, it } from 'vitest';
import { weekly } from './trend';

describe('the weekly trend', () => {
  it('counts deployments and failures per week, oldest week first', () => {
    const now = new Date('2026-03-29T00:00:00Z');
    const weeks = weekly([
      { started: '2026-03-28T10:00:00Z', outcome: 'succeeded' },
      { started: '2026-03-27T10:00:00Z', outcome: 'rolled-back' },
      { started: '2026-03-10T10:00:00Z', outcome: 'succeeded' },
      { started: '2026-03-28T11:00:00Z', outcome: 'running' },
      { started: '2025-01-01T10:00:00Z', outcome: 'succeeded' },
    ], now, 4);
    expect(weeks.map((w) => w.deployments)).toEqual([0, 1, 0, 3]);
    expect(weeks[3]).toMatchObject({ failures: 1, failureRate: 1 / 3 });
    expect(weeks[0].failureRate).toBeNull();
  });
});
