import { Handle, Position, type NodeProps, type Node } from '@xyflow/react';
import type { ServiceNode as Service } from './spec';

export type ServiceNodeData = Service & { errors: string[] } & Record<string, unknown>;
export type ServiceFlowNode = Node<ServiceNodeData, 'service'>;

/** A service on the canvas: what it is built from, its port and strategy, and its errors at a glance. */
export function ServiceNodeView({ data, selected }: NodeProps<ServiceFlowNode>) {
  const what = data.image ?? [data.language, data.buildTool].filter(Boolean).join(' · ');
  return (
    <div
      className={`svc${selected ? ' selected' : ''}${data.errors.length ? ' invalid' : ''}`}
      data-testid={`node-${data.name}`}
      title={data.errors.join('\n') || undefined}
    >
      <Handle type="target" position={Position.Left} />
      <div className="svc-name">{data.name}</div>
      <div className="svc-what">{what || '—'}</div>
      <div className="svc-meta">
        {data.port !== null && <span>:{data.port}</span>}
        {data.strategy && <span className="badge">{data.strategy}</span>}
        {data.errors.length > 0 && (
          <span className="badge err" role="img" aria-label={`${data.errors.length} errors`}>
            {data.errors.length} ⚠
          </span>
        )}
      </div>
      <Handle type="source" position={Position.Right} />
    </div>
  );
}
