import type { Step } from './events';

/**
 * What the release page keeps of its event stream, shaped so that a new step costs work in proportion to itself,
 * not to everything seen before: the steps in fixed-size blocks (a full block never changes again, so its rendering
 * is reused) and each service's last step.
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
  services: ReadonlyMap<string, Step>;
}

export const EMPTY: Live = { blocks: [], count: 0, services: new Map() };

/** The log with a batch appended: only the last block and the services' map are new objects; full blocks stay. */
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
  const services = new Map(live.services);
  for (const step of batch) if (step.service) services.set(step.service, step);
  return { blocks, count: live.count + batch.length, services };
}

/**
 * Collects steps as they arrive and hands them on in an animation frame, at most `perFrame` at a time, and at most
 * once per `minGap` ms unless a backlog is being worked off: a burst (a reconnect, a large release) becomes a few
 * frames of bounded work instead of one long task, and a steady stream a few renders a second instead of one per
 * step.
 */
export function frameBatcher(deliver: (batch: Step[]) => void, perFrame = PER_FRAME, minGap = MIN_GAP,
                             schedule: (f: (now: number) => void) => number = requestAnimationFrame,
                             unschedule: (id: number) => void = cancelAnimationFrame) {
  let pending: Step[] = [];
  let frame = 0;
  let last = -Infinity;
  let backlog = false; // a burst being worked off goes on every frame; the gap is for a steady stream
  const flush = (now: number) => {
    if (!backlog && now - last < minGap) {
      frame = schedule(flush); // not yet: look again next frame
      return;
    }
    last = now;
    const batch = pending.slice(0, perFrame);
    pending = pending.slice(perFrame);
    backlog = pending.length > 0;
    frame = backlog ? schedule(flush) : 0;
    deliver(batch);
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
