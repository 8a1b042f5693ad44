import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { drawings, drawnBy, releaseGraph, SERVICES_PER_DRAWING } from './graph';

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

  it('is first drawn in parts of at most SERVICES_PER_DRAWING services, by depth, every service by the last', () => {
    // 10 layers of 20, each service depending on two of the layer below (the bench's system)
    const lines = ['system:', '  name: big', '  registry: r', 'services:'];
    for (let i = 0; i < 200; i++) {
      lines.push(`  s${i}:`, '    language: go');
      if (i >= 20) lines.push('    dependsOn:', `      s${i - 20}: ">=1"`, `      s${i - 20 + ((i + 1) % 20 === 0 ? -19 : 1)}: ">=1"`);
    }
    const names = Array.from({ length: 200 }, (_, i) => `s${i}`);
    const big = releaseGraph(lines.join('\n') + '\n', names);
    expect(drawings(big)).toBe(Math.ceil(200 / SERVICES_PER_DRAWING));
    const x = new Map(big.at.map(([name, p]) => [name, p.x]));
    let before = new Set<string>();
    for (let d = 1; d <= drawings(big); d++) {
      const drawn = drawnBy(big, d);
      expect(drawn.size).toBe(Math.min(200, d * SERVICES_PER_DRAWING));
      before.forEach((n) => expect(drawn.has(n)).toBe(true)); // a part adds to what is drawn, never takes away
      // by depth: no service left for later lies left of (shallower than) one drawn now
      const shown = Math.max(...[...drawn].map((n) => x.get(n)!));
      names.filter((n) => !drawn.has(n)).forEach((n) => expect(x.get(n)!).toBeGreaterThanOrEqual(shown));
      before = drawn;
    }
    expect(drawnBy(big, drawings(big)).size).toBe(200);
    expect(drawnBy(big, 99).size).toBe(200);
    // a small graph is drawn at once
    const small = releaseGraph(shop, ['frontend', 'cart']);
    expect(drawings(small)).toBe(1);
    expect([...drawnBy(small, 1)].sort()).toEqual(['cart', 'frontend']);
  });
});
