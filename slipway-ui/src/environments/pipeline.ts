import type { Link } from './order';
import { promotionOrder } from './order';

export interface Running {
  name: string;
  version: string;
  healthy: boolean;
}

export interface Stage {
  name: string;
  promoteFrom: string | null;
  approval: boolean;
  soak: string | null;
  healthy: number;
  unhealthy: number;
  /** services whose version here is not the one running in promoteFrom (what a promotion would change) */
  behind: string[];
  /** nothing runs in promoteFrom yet: nothing to promote */
  sourceEmpty: boolean;
}

/**
 * The environments as the stages of a pipeline, in promotion order: each with its gates (approval, soak), the health
 * of what runs there and what a promotion from the stage before would change.
 */
export function stagesOf(chain: (Link & { approval?: unknown; soak?: unknown })[], running: Map<string, Running[]>): Stage[] {
  const byName = new Map(chain.map((e) => [e.name, e]));
  return promotionOrder(chain, [...running.keys()]).map((name) => {
    const env = byName.get(name);
    const from = typeof env?.promoteFrom === 'string' ? env.promoteFrom : null;
    const here = running.get(name) ?? [];
    const source = from ? running.get(from) ?? [] : [];
    const behind = source.filter((s) => here.find((h) => h.name === s.name)?.version !== s.version).map((s) => s.name);
    return {
      name,
      promoteFrom: from,
      approval: env?.approval === true,
      soak: typeof env?.soak === 'string' ? env.soak : null,
      healthy: here.filter((s) => s.healthy).length,
      unhealthy: here.filter((s) => !s.healthy).length,
      behind,
      sourceEmpty: from !== null && source.length === 0,
    };
  });
}
