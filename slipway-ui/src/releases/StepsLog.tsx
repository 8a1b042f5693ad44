import { memo } from 'react';
import type { Step } from './events';

// one formatter for every step: toLocaleTimeString makes a new one per call, which a burst of steps feels
const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** A block of steps: a full block's array never changes, so it is rendered once. */
const Block = memo(function Block({ steps }: { steps: Step[] }) {
  return steps.map((s) => (
    <li key={s.sequence} className={s.failure ? 'error' : undefined}>
      <time dateTime={s.at}>{TIME.format(new Date(s.at))}</time> {s.service ?? 'release'}: {s.from} → {s.to}
      {s.weight ? ` (${s.weight}%)` : ''} {s.reason}
    </li>
  ));
});

/** The steps as they came, oldest first. */
export const StepsLog = memo(function StepsLog({ blocks }: { blocks: Step[][] }) {
  return (
    <ol className="steps" data-testid="steps" tabIndex={0} aria-label="Steps, oldest first">
      {blocks.map((b) => <Block key={b[0].sequence} steps={b} />)}
    </ol>
  );
});
