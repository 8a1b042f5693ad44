import { describe, expect, it } from 'vitest';
import { stagesOf } from './pipeline';

describe('the pipeline of environments', () => {
  const chain = [
    { name: 'production', promoteFrom: 'staging', approval: true },
    { name: 'dev' },
    { name: 'staging', promoteFrom: 'dev', soak: '15m' },
  ];

  it('orders the stages along promoteFrom with their gates and health', () => {
    const running = new Map([
      ['dev', [{ name: 'cart', version: '1.2.0', healthy: true }, { name: 'redis', version: '7.2.6', healthy: false }]],
      ['staging', [{ name: 'cart', version: '1.1.0', healthy: true }, { name: 'redis', version: '7.2.6', healthy: true }]],
    ]);
    const stages = stagesOf(chain, running);
    expect(stages.map((s) => s.name)).toEqual(['dev', 'staging', 'production']);
    expect(stages[0]).toMatchObject({ promoteFrom: null, approval: false, soak: null, healthy: 1, unhealthy: 1, behind: [] });
    expect(stages[1]).toMatchObject({ promoteFrom: 'dev', soak: '15m', healthy: 2, behind: ['cart'] });
    expect(stages[2]).toMatchObject({ promoteFrom: 'staging', approval: true, healthy: 0, behind: ['cart', 'redis'], sourceEmpty: false });
    expect(stagesOf(chain, new Map([['dev', running.get('dev')!]]))[2]).toMatchObject({ behind: [], sourceEmpty: true });
  });

  it('shows an environment known only from the store after the chain', () => {
    expect(stagesOf(chain, new Map([['legacy', []]])).map((s) => s.name)).toEqual(['dev', 'staging', 'production', 'legacy']);
  });
});
