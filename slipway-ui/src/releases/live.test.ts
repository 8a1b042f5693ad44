import { describe, expect, it } from 'vitest';
import type { Step } from './events';
import { append, BLOCK, EMPTY, frameBatcher, serviceSteps } from './live';

const step = (sequence: number, service: string | null = `svc-${sequence % 3}`, to = 'deploying'): Step => ({
  sequence, at: '2026-03-01T10:00:00Z', service, from: 'pending', to, step: 0, weight: 0, reason: '', failure: false,
});
const steps = (from: number, count: number) => Array.from({ length: count }, (_, i) => step(from + i));

describe('the live log of a release', () => {
  it('keeps every step in order, in blocks of a fixed size', () => {
    const live = append(append(EMPTY, steps(0, 150)), steps(150, 120));
    expect(live.count).toBe(270);
    expect(live.blocks.map((b) => b.length)).toEqual([BLOCK, BLOCK, 70]);
    expect(live.blocks.flat().map((s) => s.sequence)).toEqual([...Array(270).keys()]);
  });

  it('leaves full blocks as they were, so their rendering is reused', () => {
    const before = append(EMPTY, steps(0, 130));
    const after = append(before, steps(130, 5));
    expect(after.blocks[0]).toBe(before.blocks[0]);
    expect(after.blocks[1]).not.toBe(before.blocks[1]);
    expect(before.blocks[1]).toHaveLength(30); // the earlier log is not changed under its renderer
    expect(after.blocks[1]).toHaveLength(35);
  });

  it("keeps each service's last step, ignoring the release's own steps, and tells only that service's node, once", () => {
    const store = serviceSteps();
    const told: string[] = [];
    store.subscribe('api', () => told.push('api'));
    const stop = store.subscribe('web', () => told.push('web'));
    store.publish([step(0, null, 'running'), step(1, 'api', 'deploying'), step(2, 'api', 'promoted')]);
    expect(store.get('api')!.to).toBe('promoted');
    expect(store.get('web')).toBeUndefined();
    expect(told).toEqual(['api']);
    stop();
    store.publish([step(3, 'web', 'deploying')]);
    expect(told).toEqual(['api']);
    expect(store.get('web')!.to).toBe('deploying');
  });

  it('an empty batch changes nothing', () => {
    const live = append(EMPTY, steps(0, 3));
    expect(append(live, [])).toBe(live);
  });
});

describe('the frame batcher', () => {
  /** Animation frames by hand: each run is the next frame, 16 ms after the one before. */
  function fakeFrames() {
    const queued: ((now: number) => void)[] = [];
    let now = 1000;
    let clock = 0; // the page's thread: a delivery spends what the test says
    return {
      schedule: (f: (now: number) => void) => queued.push(f),
      unschedule: () => { queued.length = 0; },
      run: () => { now += 16; const f = queued.shift(); f?.(now); return f !== undefined; },
      queued,
      clock: () => clock,
      spend: (ms: number) => { clock += ms; },
    };
  }

  it('hands on what arrived in one frame, then a backlog a bounded number at a time, frame after frame, in order', () => {
    const frames = fakeFrames();
    const delivered: number[][] = [];
    const batcher = frameBatcher((b) => delivered.push(b.map((s) => s.sequence)), { perFrame: 4, minGap: 100, budget: Infinity, ...frames });
    for (const s of steps(0, 10)) batcher.push(s);
    expect(frames.queued).toHaveLength(1); // one frame asked for, however many steps came
    for (let f = 0; f < 3; f++) frames.run(); // three frames: the backlog does not wait for the gap
    expect(delivered).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    expect(frames.queued).toHaveLength(0);
  });

  it('draws at most once per gap: steps arriving every frame are handed on together', () => {
    const frames = fakeFrames();
    const delivered: number[][] = [];
    const batcher = frameBatcher((b) => delivered.push(b.map((s) => s.sequence)), { perFrame: 250, minGap: 100, budget: Infinity, ...frames });
    for (let i = 0; i < 14; i++) { batcher.push(step(i)); frames.run(); }
    while (frames.run()) { /* the rest */ }
    expect(delivered.flat()).toEqual([...Array(14).keys()]);
    expect(delivered.length).toBeLessThanOrEqual(3); // 14 frames of 16 ms: the first, then one per 100 ms
    expect(delivered[0]).toEqual([0]);
  });

  it('sizes a burst\'s batches to the time budget from what a step was measured to cost', () => {
    const frames = fakeFrames();
    const sizes: number[] = [];
    // a step costs 0.6 ms to draw (100 at once would be a long task of 60 ms)
    const batcher = frameBatcher((b) => { sizes.push(b.length); frames.spend(0.6 * b.length); },
      { perFrame: 100, minGap: 100, budget: 25, ...frames });
    for (const s of steps(0, 1000)) batcher.push(s);
    while (frames.run()) { /* the burst, frame after frame */ }
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(sizes[0]).toBe(20); // before anything was measured
    expect(Math.max(...sizes) * 0.6).toBeLessThanOrEqual(25); // no frame over the budget
    expect(sizes.slice(10, -1).every((n) => n === 41)).toBe(true); // soon what fits: 25 ms / 0.6 ms
  });

  it('grows the batches when steps are cheap, up to perFrame', () => {
    const frames = fakeFrames();
    const sizes: number[] = [];
    const batcher = frameBatcher((b) => { sizes.push(b.length); frames.spend(0.01 * b.length); },
      { perFrame: 100, minGap: 100, budget: 25, ...frames });
    for (const s of steps(0, 500)) batcher.push(s);
    while (frames.run()) { /* the burst */ }
    expect(sizes[0]).toBe(20);
    expect(sizes.slice(0, -1).every((n, i) => i === 0 || n >= sizes[i - 1])).toBe(true); // the last is the rest
    expect(sizes).toContain(100); // capped at perFrame
  });

  it('delivers nothing after it is stopped', () => {
    const frames = fakeFrames();
    const delivered: Step[][] = [];
    const batcher = frameBatcher((b) => delivered.push(b), { perFrame: 4, minGap: 0, ...frames });
    batcher.push(step(0));
    batcher.stop();
    while (frames.run()) { /* nothing left */ }
    expect(delivered).toEqual([]);
  });
});
