/** The canary ladder's edits, as pure functions of the list of weights (percent). */

/** Moves the rung at `from` to `to` (a drag or Alt+arrow), keeping the others in order. */
export function moveRung(steps: number[], from: number, to: number): number[] {
  if (from === to || to < 0 || to >= steps.length) return steps;
  const next = steps.slice();
  const [rung] = next.splice(from, 1);
  next.splice(to, 0, rung);
  return next;
}

/** A rung added after the last: halfway between the last two below 100, or 100 when the ladder does not end there. */
export function addRung(steps: number[]): number[] {
  if (steps.length === 0) return [100];
  const last = steps[steps.length - 1];
  if (last < 100) return [...steps, 100];
  const before = steps.length > 1 ? steps[steps.length - 2] : 0;
  const middle = Math.round((before + 100) / 2);
  return middle > before && middle < 100 ? [...steps.slice(0, -1), middle, 100] : steps;
}

/** Why a ladder is not valid (strictly increasing, each 1–100, ending at 100), or null; the server says it too. */
export function ladderProblem(steps: number[]): string | null {
  if (steps.length === 0) return 'a canary needs at least one step';
  if (steps.some((s) => !Number.isInteger(s) || s < 1 || s > 100)) return 'each step is a whole percentage from 1 to 100';
  if (steps.some((s, i) => i > 0 && s <= steps[i - 1])) return 'the steps must increase';
  if (steps[steps.length - 1] !== 100) return 'the last step must be 100';
  return null;
}
