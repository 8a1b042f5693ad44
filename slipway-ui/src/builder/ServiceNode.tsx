import { Handle, Position, type NodeProps, type Node } from '@xyflow/react';
import type { ServiceNode as Service } from './spec';

/** What runs of the service in one environment (from GET /api/v1/environments). */
export interface Health {
  environment: string;
  version: string;
  healthy: boolean;
}

export type ServiceNodeData = Service & { errors: string[]; health?: Health[] } & Record<string, unknown>;
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
      {data.health && data.health.length > 0 && (
        <ul className="svc-health" aria-label={`Where ${data.name} runs`}>
          {data.health.map((h) => (
            <li key={h.environment} className={h.healthy ? 'ok' : 'bad'} title={`${h.environment}: ${h.version}, ${h.healthy ? 'healthy' : 'unhealthy'}`}>
              <span aria-hidden="true">{h.healthy ? '●' : '▲'}</span> {h.environment}
              <span className="sr-only"> {h.version} {h.healthy ? 'healthy' : 'unhealthy'}</span>
            </li>
          ))}
        </ul>
      )}
      <Handle type="source" position={Position.Right} />
    </div>
  );
}
