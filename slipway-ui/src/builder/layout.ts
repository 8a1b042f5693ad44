import dagre from '@dagrejs/dagre';
import type { SystemGraph } from './spec';

export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 84;

/**
 * Positions by dependency depth, left to right: callers (the front door) first, each dependency a column to the
 * right of what calls it, so the deepest dependency is rightmost.
 */
export function layout(graph: SystemGraph): Map<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 90, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const s of graph.services) g.setNode(s.name, { width: NODE_WIDTH, height: NODE_HEIGHT });
  const names = new Set(graph.services.map((s) => s.name));
  for (const d of graph.dependencies) if (names.has(d.to)) g.setEdge(d.from, d.to);
  dagre.layout(g);
  const at = new Map<string, { x: number; y: number }>();
  for (const name of g.nodes()) {
    const n = g.node(name);
    at.set(name, { x: n.x - NODE_WIDTH / 2, y: n.y - NODE_HEIGHT / 2 });
  }
  return at;
}
