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
