import { Background, MarkerType, Position, ReactFlow, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { memo, useMemo, useRef } from 'react';
import type { Release } from '../api/client';
import type { Step } from './events';
import { NODE_HEIGHT, NODE_WIDTH } from '../builder/layout';
import type { ReleaseGraph } from './graph';
import { rolloutLabel } from './stateLabel';

interface Props {
  layout: ReleaseGraph;
  rollouts: Release['rollouts'];
  services: ReadonlyMap<string, Step>;
}

/**
 * The release's services coloured by state. A node object is made again only when what it shows changes, so React
 * Flow redraws the services a step is about and leaves the others alone; the edges never change with a step.
 */
export const ReleaseGraphView = memo(function ReleaseGraphView({ layout, rollouts, services }: Props) {
  const cache = useRef(new Map<string, { shows: string; node: Node }>());
  const at = useMemo(() => new Map(layout.at), [layout]);
  const byService = useMemo(() => new Map(rollouts.map((r) => [r.service, r])), [rollouts]);
  const nodes = useMemo(() => layout.graph.services.map((s) => {
    const st = services.get(s.name);
    const rollout = byService.get(s.name);
    const state = st?.to ?? rollout?.outcome ?? 'pending';
    // the state in words (and a glyph), not only the node's colour: WCAG 1.4.1
    const said = rolloutLabel(state, st?.step ?? 0, st?.weight ?? 0);
    const label = `${s.name} ${rollout?.from ?? '∅'} → ${rollout?.to ?? ''}\n${said.icon} ${said.text}`;
    const position = at.get(s.name) ?? { x: 0, y: 0 };
    const shows = `${label}|${position.x},${position.y}`;
    const cached = cache.current.get(s.name);
    if (cached && cached.shows === shows) return cached.node;
    const node: Node = {
      // a fixed size: a step changes the label, never the node's box, so nothing is measured again and no edge moves
      id: s.name, position, width: NODE_WIDTH, height: NODE_HEIGHT, draggable: false, connectable: false,
      sourcePosition: Position.Right, targetPosition: Position.Left,
      className: `rollout state-${state}`, ariaLabel: `${s.name}: ${said.text}`, data: { label },
    };
    cache.current.set(s.name, { shows, node });
    return node;
  }), [layout, at, byService, services]);
  // no range labels here (the builder shows them): a label is measured in the browser, one per edge
  const edges: Edge[] = useMemo(() => layout.graph.dependencies.map((d) => ({
    id: `${d.from}->${d.to}`, source: d.from, target: d.to, ariaLabel: `${d.from} depends on ${d.to} ${d.range}`,
    markerEnd: { type: MarkerType.ArrowClosed },
  })), [layout]);
  return (
    <div className="release-graph" role="group" aria-label="Dependency graph by state">
      <ReactFlow nodes={nodes} edges={edges} fitView fitViewOptions={{ maxZoom: 1 }} nodesDraggable={false}
        nodesConnectable={false} proOptions={{ hideAttribution: true }}>
        <Background />
      </ReactFlow>
    </div>
  );
});
