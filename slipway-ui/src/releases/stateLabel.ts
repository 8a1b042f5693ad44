/**
 * The words (and a glyph beside them) a state is shown with, so that no state is told by its colour alone (WCAG 1.4.1):
 * the colour of a node or badge repeats what the words say. The glyph is decoration (hidden from screen readers),
 * chosen from what DejaVu Sans draws (Debian's default font), so no glyph shows as an empty box.
 */
export interface StateLabel { icon: string; text: string }

/** A service's rollout, by the keywords of RolloutPhase (slipway-release). */
const ROLLOUT: Record<string, StateLabel> = {
  pending: { icon: '○', text: 'pending' },
  deploying: { icon: '↑', text: 'deploying' },
  'smoke-testing': { icon: '⚑', text: 'smoke testing' },
  analysing: { icon: '◐', text: 'analysing' },
  paused: { icon: '‖', text: 'paused' },
  promoting: { icon: '⇡', text: 'promoting' },
  verifying: { icon: '⟳', text: 'verifying' },
  switched: { icon: '⇄', text: 'switched' },
  promoted: { icon: '✔', text: 'promoted' },
  'rollback-queued': { icon: '↺', text: 'rollback queued' },
  'rolling-back': { icon: '↺', text: 'rolling back' },
  'rolled-back': { icon: '✘', text: 'rolled back' },
  failed: { icon: '✘', text: 'failed' },
  cancelled: { icon: '⊘', text: 'cancelled' },
};

/** A release as a whole. */
const RELEASE: Record<string, StateLabel> = {
  running: { icon: '▶', text: 'running' },
  paused: { icon: '‖', text: 'paused' },
  'awaiting-approval': { icon: '◷', text: 'awaiting approval' },
  succeeded: { icon: '✔', text: 'succeeded' },
  failed: { icon: '✘', text: 'failed' },
  'rolled-back': { icon: '✘', text: 'rolled back' },
  cancelled: { icon: '⊘', text: 'cancelled' },
};

const words = (state: string) => state.replaceAll('-', ' ');

/**
 * A rollout's state as words: a canary being judged says its step and weight ("canary step 2 at 25%, analysing"); a state this
 * page does not know yet is still shown, in words.
 */
export function rolloutLabel(state: string, step = 0, weight = 0): StateLabel {
  const known = ROLLOUT[state] ?? { icon: '•', text: words(state) };
  if (state === 'analysing' && weight > 0) {
    return { icon: known.icon, text: `canary ${step > 0 ? `step ${step} ` : ''}at ${weight}%, analysing` };
  }
  if (weight > 0 && (state === 'deploying' || state === 'promoting')) return { ...known, text: `${known.text} · ${weight}%` };
  return known;
}

export function releaseLabel(state: string): StateLabel {
  return RELEASE[state] ?? { icon: '•', text: words(state) };
}

/** Every rollout state this page has words for. */
export const ROLLOUT_STATES = Object.keys(ROLLOUT);
