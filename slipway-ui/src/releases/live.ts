import type { Step } from './events';

/**
 * What the release page keeps of its event stream, shaped so that a new step costs work in proportion to itself,
 * not to everything seen before: the steps in fixed-size blocks (a full block never changes again, so its rendering
 * is reused); and each service's last step, in a store the graph's nodes read themselves (`serviceSteps`).
 */
export const BLOCK = 100;

/** At most this many steps are applied per animation frame; a burst is spread over the next frames. */
export const PER_FRAME = 100;

/**
 * Steps are drawn at most this often (ms): ten times a second looks live, and a release sending 100 steps a second
 * costs ten renders a second instead of one per frame.
 */
export const MIN_GAP = 100;

export interface Live {
  blocks: Step[][];
  count: number;
}

export const EMPTY: Live = { blocks: [], count: 0 };

/** The log with a batch appended: only the last block is a new object; full blocks stay. */
export function append(live: Live, batch: Step[]): Live {
  if (batch.length === 0) return live;
  const blocks = live.blocks.slice();
  let last = blocks.length > 0 && blocks[blocks.length - 1].length < BLOCK ? blocks.pop()!.slice() : [];
  for (const step of batch) {
    last.push(step);
    if (last.length === BLOCK) {
      blocks.push(last);
      last = [];
    }
  }
  if (last.length > 0) blocks.push(last);
  return { blocks, count: live.count + batch.length };
}

/**
 * Each service's last step, outside React's state: a node of the graph subscribes to its own service, so a step
 * redraws that node alone, and React Flow is never handed a new list of nodes (which would make it compare and
 * store all of them again, and render its own components a second time, for every batch).
 */
export interface ServiceSteps {
  get(service: string): Step | undefined;
  subscribe(service: string, changed: () => void): () => void;
  publish(batch: Step[]): void;
}

export function serviceSteps(): ServiceSteps {
  const last = new Map<string, Step>();
  const listeners = new Map<string, Set<() => void>>();
  return {
    get: (service) => last.get(service),
    subscribe(service, changed) {
      const set = listeners.get(service) ?? new Set();
      listeners.set(service, set);
      set.add(changed);
      return () => { set.delete(changed); };
    },
    publish(batch) {
      const touched = new Set<string>();
      for (const step of batch) {
        if (!step.service) continue; // the release's own steps are about no service
        last.set(step.service, step);
        touched.add(step.service);
      }
      for (const service of touched) listeners.get(service)?.forEach((changed) => changed());
    },
  };
}

/**
 * How long handing on one frame's steps may take (ms of the page's thread, the render included): under the 50 ms of a
 * long task with room for the browser's own work in the frame.
 */
export const FRAME_BUDGET = 25;

/** The first batch of a burst, before a step's cost has been measured. */
export const FIRST_BATCH = 20;

export interface BatcherOptions {
  /** At most this many steps per frame. */
  perFrame?: number;
  /** At most one delivery per this many ms, unless a backlog is being worked off. */
  minGap?: number;
  /** The time a delivery may take; the next batch is sized from what the last ones cost. Infinity: always perFrame. */
  budget?: number;
  schedule?: (f: (now: number) => void) => number;
  unschedule?: (id: number) => void;
  clock?: () => number;
}

/**
 * Collects steps as they arrive and hands them on in an animation frame, at most once per `minGap` ms unless a backlog
 * is being worked off: a burst (a reconnect, a large release) becomes frames of bounded work instead of one long task,
 * and a steady stream a few renders a second instead of one per step. `deliver` must do its work before it returns
 * (the release page renders synchronously in it): the batcher times it, and sizes the next batch so that it fits the
 * budget at the cost per step measured so far (what a step costs depends on the machine and on how many services
 * the page draws, so it is measured, not assumed).
 */
export function frameBatcher(deliver: (batch: Step[]) => void, options: BatcherOptions = {}) {
  const perFrame = options.perFrame ?? PER_FRAME;
  const minGap = options.minGap ?? MIN_GAP;
  const budget = options.budget ?? FRAME_BUDGET;
  const schedule = options.schedule ?? requestAnimationFrame;
  const unschedule = options.unschedule ?? cancelAnimationFrame;
  const clock = options.clock ?? (() => performance.now());
  let pending: Step[] = [];
  let frame = 0;
  let last = -Infinity;
  let backlog = false; // a burst being worked off goes on every frame; the gap is for a steady stream
  let perStep = Number.isFinite(budget) ? budget / FIRST_BATCH : 0; // ms a step costs, smoothed
  const size = () => Math.max(1, Math.min(perFrame, perStep > 0 ? Math.floor(budget / perStep) : perFrame));
  const flush = (now: number) => {
    if (!backlog && now - last < minGap) {
      frame = schedule(flush); // not yet: look again next frame
      return;
    }
    last = now;
    const batch = pending.slice(0, size());
    pending = pending.slice(batch.length);
    backlog = pending.length > 0;
    frame = backlog ? schedule(flush) : 0;
    const started = clock();
    deliver(batch);
    const spent = clock() - started;
    // a weighted mean: one slow frame (the machine was busy) moves the estimate, but does not decide it alone
    if (Number.isFinite(budget)) perStep = 0.5 * perStep + 0.5 * (spent / batch.length);
  };
  return {
    push(step: Step) {
      pending.push(step);
      if (!frame) frame = schedule(flush);
    },
    stop() {
      if (frame) unschedule(frame);
      frame = 0;
      pending = [];
    },
  };
}
