import { releaseLabel } from './stateLabel';

/** A release's state in words with a glyph; its colour (the `state` classes) only repeats what the words say. */
export function StateBadge({ state, testId }: { state: string; testId?: string }) {
  const label = releaseLabel(state);
  return (
    <span className={`state ${state}`} data-testid={testId} data-state={state}>
      <span aria-hidden="true">{label.icon}</span> {label.text}
    </span>
  );
}
