import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { releaseGraph } from './graph';

const shop = readFileSync(new URL('../../../examples/shop/slipway.yaml', import.meta.url), 'utf8');

describe("the release's graph", () => {
  it('holds the services the release changes and the dependencies among them, laid out', () => {
    const { graph, at } = releaseGraph(shop, ['frontend', 'cart', 'redis']);
    expect(graph.services.map((s) => s.name).sort()).toEqual(['cart', 'frontend', 'redis']);
    expect(graph.dependencies.map((d) => `${d.from}->${d.to}`).sort()).toEqual(['cart->redis', 'frontend->cart']);
    const x = new Map(at.map(([name, p]) => [name, p.x]));
    expect(x.get('frontend')!).toBeLessThan(x.get('cart')!);
    expect(x.get('cart')!).toBeLessThan(x.get('redis')!);
  });

  it('shows a service the spec no longer names, and works without a spec', () => {
    expect(releaseGraph(shop, ['gone']).graph.services.map((s) => s.name)).toEqual(['gone']);
    expect(releaseGraph(null, ['a', 'b']).at).toHaveLength(2);
  });
});
