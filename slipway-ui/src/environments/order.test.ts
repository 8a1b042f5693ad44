import { describe, expect, it } from 'vitest';
import { byPromotion, promotionOrder } from './order';

describe('the promotion order of environments', () => {
  it('puts each environment after the one it is promoted from, whatever order they are written in', () => {
    const chain = [
      { name: 'production', promoteFrom: 'staging' },
      { name: 'staging', promoteFrom: 'dev' },
      { name: 'dev' },
    ];
    expect(promotionOrder(chain)).toEqual(['dev', 'staging', 'production']);
  });

  it('keeps the written order among roots and siblings, and appends names outside the chain', () => {
    const chain = [{ name: 'dev' }, { name: 'qa', promoteFrom: 'dev' }, { name: 'perf', promoteFrom: 'dev' }, { name: 'sandbox' }];
    expect(promotionOrder(chain, ['legacy', 'qa'])).toEqual(['dev', 'qa', 'perf', 'sandbox', 'legacy']);
  });

  it('does not hang on a loop or a promoteFrom naming nothing', () => {
    expect(promotionOrder([{ name: 'a', promoteFrom: 'b' }, { name: 'b', promoteFrom: 'a' }, { name: 'c', promoteFrom: 'gone' }]))
      .toEqual(['b', 'a', 'c']);
  });

  it('sorts items by their environment', () => {
    const rows = [{ environment: 'production' }, { environment: 'dev' }, { environment: 'other' }, { environment: 'staging' }];
    const chain = [{ name: 'dev' }, { name: 'staging', promoteFrom: 'dev' }, { name: 'production', promoteFrom: 'staging' }];
    expect(byPromotion(rows, (r) => r.environment, chain).map((r) => r.environment)).toEqual(['dev', 'staging', 'production', 'other']);
  });
});
