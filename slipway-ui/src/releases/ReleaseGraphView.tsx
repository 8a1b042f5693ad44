import { Background, Handle, MarkerType, Position, ReactFlow, type Edge, type Node, type NodeProps } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { memo, useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { Release } from '../api/client';
import { NODE_HEIGHT, NODE_WIDTH } from '../builder/layout';
import { drawings, drawnBy, type ReleaseGraph } from './graph';
import type { ServiceSteps } from './live';
import { rolloutLabel } from './stateLabel';

interface Props {
  layout: ReleaseGraph;
  rollouts: Release['rollouts'];
  steps: ServiceSteps;
}

type RolloutData = { service: string; from: string; to: string; outcome: string | null; steps: ServiceSteps };

/**
 * One service of the release: it reads its own last step from the store, so a step redraws this node and nothing
 * else. Its state is said in words beside a glyph; the colour (the state- class) only repeats it (WCAG 1.4.1).
 */
const RolloutNode = memo(function RolloutNode({ data }: NodeProps<Node<RolloutData>>) {
  const { steps, service } = data;
  const subscribe = useCallback((changed: () => void) => steps.subscribe(service, changed), [steps, service]);
  const step = useSyncExternalStore(subscribe, () => steps.get(service));
  const state = step?.to ?? data.outcome ?? 'pending';
  const said = rolloutLabel(state, step?.step ?? 0, step?.weight ?? 0);
  return (
    <div className={`rollout-state state-${state}`} data-state={state}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      {service} {data.from} → {data.to}
      <br />
      <span aria-hidden="true">{said.icon}</span> {said.text}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});

const NODE_TYPES = { rollout: RolloutNode };
const FIT = { maxZoom: 1, includeHiddenNodes: true };

/**
 * The release's services coloured by state. The nodes and edges are made once per layout: what a step changes is
 * read by each node from `steps` (see RolloutNode), so React Flow never compares or stores the nodes again while the
 * release runs, and a node's box never changes size (nothing is measured again, no edge moves).
 */
export const ReleaseGraphView = memo(function ReleaseGraphView({ layout, rollouts, steps }: Props) {
  // the first drawing in parts, each after the previous one is painted (a task of its own), so no part is a long task;
  // the hidden services already count in fitView, so the view does not move as they appear
  const [drawing, setDrawing] = useState(1);
  const last = drawings(layout);
  useEffect(() => {
    if (drawing >= last) return;
    let timer = 0;
    const frame = requestAnimationFrame(() => { timer = window.setTimeout(() => setDrawing(drawing + 1)); });
    return () => { cancelAnimationFrame(frame); clearTimeout(timer); };
  }, [drawing, last]);
  const drawn = useMemo(() => drawnBy(layout, drawing), [layout, drawing]);
  const all = useMemo(() => {
    const at = new Map(layout.at);
    const byService = new Map(rollouts.map((r) => [r.service, r]));
    return layout.graph.services.map((s): Node<RolloutData> => {
      const rollout = byService.get(s.name);
      return {
        // a fixed size: a step changes the words, never the node's box
        id: s.name, type: 'rollout', position: at.get(s.name) ?? { x: 0, y: 0 }, width: NODE_WIDTH, height: NODE_HEIGHT,
        draggable: false, connectable: false, sourcePosition: Position.Right, targetPosition: Position.Left,
        className: 'rollout', ariaLabel: `${s.name} ${rollout?.from ?? '∅'} → ${rollout?.to ?? ''}`,
        data: { service: s.name, from: rollout?.from ?? '∅', to: rollout?.to ?? '', outcome: rollout?.outcome ?? null, steps },
      };
    });
  }, [layout, rollouts, steps]);
  // no range labels here (the builder shows them): a label is measured in the browser, one per edge
  const allEdges: Edge[] = useMemo(() => layout.graph.dependencies.map((d) => ({
    id: `${d.from}->${d.to}`, source: d.from, target: d.to, ariaLabel: `${d.from} depends on ${d.to} ${d.range}`,
    markerEnd: { type: MarkerType.ArrowClosed },
  })), [layout]);
  const nodes = useShownOf(all, useCallback((n: Node) => drawn.has(n.id), [drawn]));
  const edges = useShownOf(allEdges, useCallback((e: Edge) => drawn.has(e.source) && drawn.has(e.target), [drawn]));
  return (
    <div className="release-graph" role="group" aria-label="Dependency graph by state">
      <ReactFlow nodes={nodes} edges={edges} nodeTypes={NODE_TYPES} fitView fitViewOptions={FIT}
        nodesDraggable={false} nodesConnectable={false} proOptions={{ hideAttribution: true }}>
        <Background />
      </ReactFlow>
    </div>
  );
});

/**
 * The items with those not yet drawn hidden. A drawn item keeps its object from one drawing to the next, so React
 * Flow keeps what it made of it and redraws only the items a drawing reveals.
 */
function useShownOf<T extends { hidden?: boolean }>(items: T[], shown: (item: T) => boolean): T[] {
  const waiting = useMemo(() => items.map((i) => ({ ...i, hidden: true })), [items]);
  return useMemo(() => items.map((item, k) => (shown(item) ? item : waiting[k])), [items, waiting, shown]);
}
