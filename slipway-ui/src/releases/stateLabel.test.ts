import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { releaseLabel, rolloutLabel, ROLLOUT_STATES } from './stateLabel';

// the server's rollout states, read from their one definition: a new state without words here fails this test
const PHASES = readFileSync(join(import.meta.dirname, '..', '..', '..', 'slipway-release', 'src', 'main', 'java', 'dev',
  'slipway', 'release', 'execute', 'RolloutPhase.java'), 'utf8');
const KEYWORDS = /enum RolloutPhase\b[^{]*\{([^;]*);/.exec(PHASES)![1].split(',').map((k) => k.trim().toLowerCase().replaceAll('_', '-'));

describe('states in words, never by colour alone (WCAG 1.4.1)', () => {
  it('has words and a glyph for every rollout state the server has', () => {
    expect(KEYWORDS).toContain('verifying');
    expect(KEYWORDS).toContain('rolled-back');
    expect([...ROLLOUT_STATES].sort()).toEqual([...KEYWORDS].sort());
    for (const state of KEYWORDS) {
      const label = rolloutLabel(state);
      expect(label.text, state).toBe(state.replaceAll('-', ' '));
      expect(label.icon.length, state).toBeGreaterThan(0);
    }
  });

  it('says a canary step and its weight', () => {
    expect(rolloutLabel('analysing', 2, 25).text).toBe('canary step 2 at 25%, analysing');
    expect(rolloutLabel('deploying', 1, 10).text).toBe('deploying · 10%');
    expect(rolloutLabel('verifying', 0, 0).text).toBe('verifying');
  });

  it('says a release state it does not know in words too', () => {
    expect(releaseLabel('awaiting-approval')).toEqual({ icon: '◷', text: 'awaiting approval' });
    expect(releaseLabel('rolled-back').text).toBe('rolled back');
    expect(releaseLabel('some-new-state')).toEqual({ icon: '•', text: 'some new state' });
  });
});
