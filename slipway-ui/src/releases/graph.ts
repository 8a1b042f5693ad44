import { layout } from '../builder/layout';
import { graphOf, type SystemGraph } from '../builder/spec';

export interface ReleaseGraph {
  graph: SystemGraph;
  at: [string, { x: number; y: number }][];
}

/**
 * The release's services as a graph laid out by dependency depth: the spec's services that the release changes and
 * the dependencies among them; a service the spec no longer names still shows, unconnected. Pure and
 * structured-cloneable, so that it runs in a worker (parsing and laying out a large system takes a while).
 */
export function releaseGraph(specText: string | null, inRelease: string[]): ReleaseGraph {
  const spec = specText === null ? { services: [], dependencies: [] } : graphOf(specText);
  const names = new Set(inRelease);
  const graph: SystemGraph = {
    services: spec.services.filter((s) => names.has(s.name)),
    dependencies: spec.dependencies.filter((d) => names.has(d.from) && names.has(d.to)),
  };
  const known = new Set(graph.services.map((s) => s.name));
  for (const name of inRelease) {
    if (!known.has(name)) graph.services.push({ name, language: null, buildTool: null, image: null, port: null, strategy: null });
  }
  return { graph, at: [...layout(graph)] };
}

/**
 * The most services drawn in one task of the graph's first drawing. React Flow draws a release's graph at once (its
 * store updates render synchronously): 200 services and their edges were one task of about 50 ms of CPU (React's
 * render, then style, layout and paint of every node and edge); drawn 70 at a time, each task is about a third.
 */
export const SERVICES_PER_DRAWING = 70;

/** How many drawings the first drawing of the graph takes (at least one). */
export function drawings(graph: ReleaseGraph): number {
  return Math.max(1, Math.ceil(graph.graph.services.length / SERVICES_PER_DRAWING));
}

/**
 * The services shown after `drawing` (1-based) drawings: the graph grows by depth, left to right as laid out (x, then
 * y), so what is drawn first is the roots a person reads first; from the last drawing on, every service.
 */
export function drawnBy(graph: ReleaseGraph, drawing: number): Set<string> {
  const at = new Map(graph.at);
  const where = (name: string) => at.get(name) ?? { x: 0, y: 0 };
  const order = graph.graph.services.map((s) => s.name).sort((a, b) => where(a).x - where(b).x || where(a).y - where(b).y);
  return new Set(order.slice(0, Math.max(1, drawing) * SERVICES_PER_DRAWING));
}
