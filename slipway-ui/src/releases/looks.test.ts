import { describe, expect, it } from 'vitest';
import { looksOf } from './looks';

describe("a canary's looks", () => {
  it('flattens judgements into one series per metric, oldest first', () => {
    const looks = looksOf([
      { at: '2026-03-01T10:02:00Z', step: 1, weight: 10, measurements: [
        { metric: 'error-rate', canary: 0.3, baseline: 0, value: 0.3, bound: 0.05, outcome: 'fail' },
        { metric: 'latency-p95', canary: 120, baseline: 100, value: 1.2, bound: 2, outcome: 'pass' }] },
      { at: '2026-03-01T10:01:00Z', step: 1, weight: 10, measurements: [
        { metric: 'error-rate', canary: 0.01, baseline: 0, value: 0.01, bound: 0.05, outcome: 'pass' }] },
    ], 'catalog');
    expect([...looks.keys()]).toEqual(['catalog error-rate', 'catalog latency-p95']);
    expect(looks.get('catalog error-rate')!.map((l) => l.canary)).toEqual([0.01, 0.3]);
    expect(looks.get('catalog error-rate')![1]).toMatchObject({ bound: 0.05, outcome: 'fail', weight: 10 });
  });
});
