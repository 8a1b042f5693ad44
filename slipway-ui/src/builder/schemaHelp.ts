import schema from '../../../slipway-model/src/main/resources/dev/slipway/model/slipway.schema.json';

/** The JSON Schema of slipway.yaml (slipway-model's, bundled at build time): its descriptions are the panel's help. */
interface Property {
  description?: string;
  enum?: string[];
  type?: string | string[];
  $ref?: string;
}

const defs = (schema as unknown as { $defs: Record<string, { properties: Record<string, Property>; description?: string }> })
  .$defs;

function resolve(p: Property): Property {
  if (!p.$ref) return p;
  const target = defs[p.$ref.replace('#/$defs/', '')] as unknown as Property;
  return { ...target, ...p, description: p.description ?? target.description };
}

/** The schema of a service's field by its path below the service (['strategy', 'steps']). */
export function serviceField(path: string[]): Property {
  let props = defs.service.properties;
  let p: Property = {};
  for (const part of path) {
    p = resolve(props[part] ?? {});
    if (p.$ref) props = defs[p.$ref.replace('#/$defs/', '')]?.properties ?? {};
  }
  return p;
}

export const STRATEGIES = defs.strategy.properties.type.enum ?? [];

/** The schema of an environment's key (name, namespace, promoteFrom...). */
export function environmentField(key: string): Property {
  return resolve(defs.environment.properties[key] ?? {});
}

/** The judges a canary may be judged by. */
export const JUDGES = (defs.analysis.properties.judges as unknown as { items: { enum: string[] } }).items.enum;
