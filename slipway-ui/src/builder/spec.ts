import { isCollection, isMap, isScalar, isSeq, parseDocument, type Document, YAMLMap, YAMLSeq } from 'yaml';

/**
 * The builder edits the slipway.yaml *document*, never a model re-serialised: every edit parses the current text,
 * changes the nodes it is about and prints the document again, so comments, key order and quoting of everything
 * else survive. An edit that changes nothing returns the text it was given, byte for byte.
 */

export interface ServiceNode {
  name: string;
  language: string | null;
  buildTool: string | null;
  image: string | null;
  port: number | null;
  strategy: string | null;
}

export interface DependencyEdge {
  from: string;
  to: string;
  range: string;
}

export interface SystemGraph {
  services: ServiceNode[];
  dependencies: DependencyEdge[];
}

export type Fields = Record<string, unknown>;

function parse(text: string): Document {
  return parseDocument(text, { keepSourceTokens: false });
}

function print(doc: Document): string {
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

function servicesMap(doc: Document): YAMLMap | null {
  const services = doc.get('services');
  return isMap(services) ? services : null;
}

/** The services and dependencies of a text, as far as it parses (a service that is not a map is skipped). */
export function graphOf(text: string): SystemGraph {
  const doc = parse(text);
  const services: ServiceNode[] = [];
  const dependencies: DependencyEdge[] = [];
  const map = servicesMap(doc);
  for (const pair of map?.items ?? []) {
    const name = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const service = pair.value;
    if (!isMap(service)) {
      services.push({ name, language: null, buildTool: null, image: null, port: null, strategy: null });
      continue;
    }
    const text = (key: string) => {
      const v = service.get(key);
      return v === undefined || v === null ? null : String(v);
    };
    const strategy = service.get('strategy');
    const port = service.get('port');
    services.push({
      name,
      language: text('language'),
      buildTool: text('buildTool'),
      image: text('image'),
      port: typeof port === 'number' ? port : null,
      strategy: isMap(strategy) ? (strategy.get('type') as string | undefined) ?? null : null,
    });
    const deps = service.get('dependsOn');
    if (isMap(deps)) {
      for (const dep of deps.items) {
        const to = isScalar(dep.key) ? String(dep.key.value) : String(dep.key);
        const range = isScalar(dep.value) ? String(dep.value.value) : '';
        dependencies.push({ from: name, to, range });
      }
    }
  }
  return { services, dependencies };
}

/** A name not taken yet: base, base-2, base-3, ... */
export function freeName(text: string, base: string): string {
  const taken = new Set(graphOf(text).services.map((s) => s.name));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

function edit(text: string, change: (doc: Document) => boolean): string {
  const doc = parse(text);
  return change(doc) ? print(doc) : text;
}

export function addService(text: string, name: string, fields: Fields): string {
  return edit(text, (doc) => {
    let map = servicesMap(doc);
    if (!map) {
      doc.set('services', doc.createNode({}));
      map = servicesMap(doc)!;
    }
    map.set(name, doc.createNode(fields));
    return true;
  });
}

/** Removes a service and every dependency on it (a dangling dependsOn would be an error). */
export function removeService(text: string, name: string): string {
  return edit(text, (doc) => {
    const map = servicesMap(doc);
    if (!map?.has(name)) return false;
    map.delete(name);
    for (const pair of map.items) {
      if (isMap(pair.value)) removeDependencyFrom(pair.value, name);
    }
    return true;
  });
}

function removeDependencyFrom(service: YAMLMap, to: string) {
  const deps = service.get('dependsOn');
  if (isMap(deps) && deps.has(to)) {
    deps.delete(to);
    if (deps.items.length === 0) service.delete('dependsOn');
  }
}

/** The services that `from` reaches by following dependencies, with the path to each. */
function pathBetween(graph: SystemGraph, from: string, to: string): string[] | null {
  const next = new Map<string, string[]>();
  for (const d of graph.dependencies) next.set(d.from, [...(next.get(d.from) ?? []), d.to]);
  const seen = new Set<string>();
  const walk = (at: string, path: string[]): string[] | null => {
    if (at === to) return path;
    if (seen.has(at)) return null;
    seen.add(at);
    for (const n of next.get(at) ?? []) {
      const found = walk(n, [...path, n]);
      if (found) return found;
    }
    return null;
  };
  return walk(from, [from]);
}

/**
 * The cycle that `from` depending on `to` would close, as the names along it (from → to → ... → from), or null.
 * The builder refuses such an edge as it is drawn, naming the cycle.
 */
export function cycleIfAdded(text: string, from: string, to: string): string[] | null {
  if (from === to) return [from, from];
  const back = pathBetween(graphOf(text), to, from);
  return back ? [from, ...back] : null;
}

export function setDependency(text: string, from: string, to: string, range: string): string {
  return edit(text, (doc) => {
    const service = servicesMap(doc)?.get(from);
    if (!isMap(service)) return false;
    let deps = service.get('dependsOn');
    if (!isMap(deps)) {
      service.set('dependsOn', doc.createNode({}));
      deps = service.get('dependsOn');
    }
    const map = deps as YAMLMap;
    const current = map.get(to, true);
    if (isScalar(current)) {
      if (current.value === range) return false;
      current.value = range; // keeps the scalar's quoting style
    } else {
      const scalar = doc.createNode(range);
      scalar.type = 'QUOTE_DOUBLE';
      map.set(to, scalar);
    }
    return true;
  });
}

export function removeDependency(text: string, from: string, to: string): string {
  return edit(text, (doc) => {
    const service = servicesMap(doc)?.get(from);
    if (!isMap(service)) return false;
    const deps = service.get('dependsOn');
    if (!isMap(deps) || !deps.has(to)) return false;
    removeDependencyFrom(service, to);
    return true;
  });
}

/**
 * Sets (or, with undefined or '', removes) a field of a service by its path below the service, e.g. ['port'] or
 * ['strategy', 'type'].
 */
export function setField(text: string, service: string, path: string[], value: unknown): string {
  return edit(text, (doc) => {
    const at = ['services', service, ...path];
    const old = doc.getIn(at);
    if (value === undefined || value === '' || value === null) {
      if (old === undefined) return false;
      doc.deleteIn(at);
      // an emptied parent (strategy with no keys) goes too
      const parent = doc.getIn(at.slice(0, -1));
      if (path.length > 1 && isMap(parent) && parent.items.length === 0) doc.deleteIn(at.slice(0, -1));
      return true;
    }
    if (JSON.stringify(old) === JSON.stringify(value)) return false;
    setNode(doc, at, value);
    return true;
  });
}

/**
 * Sets the node at a path: a scalar keeps its quoting style; a list or map written in flow style (`[10, 25, 100]`)
 * stays in flow style.
 */
function setNode(doc: Document, at: (string | number)[], value: unknown) {
  const node = doc.getIn(at, true);
  if (isScalar(node) && typeof value !== 'object') {
    node.value = value;
  } else if (isCollection(node) && typeof value === 'object') {
    const replacement = doc.createNode(value);
    if (isCollection(replacement)) replacement.flow = node.flow;
    doc.setIn(at, replacement);
  } else {
    doc.setIn(at, value);
  }
}

/** A field of a service as plain JS (scalars, arrays, maps), for the side panel. */
export function fieldOf(text: string, service: string, path: string[]): unknown {
  const value = parse(text).getIn(['services', service, ...path]);
  return value && typeof value === 'object' && 'toJSON' in value ? (value as { toJSON(): unknown }).toJSON() : value;
}

/** An environment of the spec's `environments` list, as plain values (name, namespace, promoteFrom...). */
export type Environment = Record<string, unknown> & { name: string };

/** The environments as written (none when the key is absent or not a list of maps). */
export function environmentsOf(text: string): Environment[] {
  const list = parse(text).get('environments');
  if (!isSeq(list)) return [];
  return list.items.filter(isMap).map((m) => (m as YAMLMap).toJSON() as Environment).filter((e) => typeof e.name === 'string');
}

function environmentNode(doc: Document, name: string): YAMLMap | null {
  const list = doc.get('environments');
  if (!isSeq(list)) return null;
  return (list.items.find((m) => isMap(m) && m.get('name') === name) as YAMLMap | undefined) ?? null;
}

/** Sets (or, with undefined, '' or false-as-default, removes) a key of an environment, in the environment's own style. */
export function setEnvironmentField(text: string, environment: string, key: string, value: unknown): string {
  return edit(text, (doc) => {
    const env = environmentNode(doc, environment);
    if (!env) return false;
    const old = env.get(key);
    if (value === undefined || value === '' || value === null) {
      if (old === undefined) return false;
      env.delete(key);
      return true;
    }
    if (JSON.stringify(old) === JSON.stringify(value)) return false;
    const node = env.get(key, true);
    if (isScalar(node) && typeof value !== 'object') node.value = value;
    else env.set(key, doc.createNode(value));
    return true;
  });
}

/** Appends an environment (creating the list when the spec has none). */
export function addEnvironment(text: string, environment: Environment): string {
  return edit(text, (doc) => {
    let list = doc.get('environments');
    if (!isSeq(list)) {
      doc.set('environments', doc.createNode([]));
      list = doc.get('environments');
    }
    const seq = list as YAMLSeq;
    if (seq.items.some((m) => isMap(m) && m.get('name') === environment.name)) return false;
    const node = doc.createNode(environment);
    // a list written in flow maps ({name: dev, trigger: push}) gets one more of the same
    const first = seq.items[0];
    if (isMap(first) && first.flow && isCollection(node)) node.flow = true;
    seq.items.push(node);
    return true;
  });
}

/** Removes an environment, and every promoteFrom that named it (a dangling promoteFrom would be an error). */
export function removeEnvironment(text: string, environment: string): string {
  return edit(text, (doc) => {
    const list = doc.get('environments');
    if (!isSeq(list)) return false;
    const at = list.items.findIndex((m) => isMap(m) && m.get('name') === environment);
    if (at < 0) return false;
    list.items.splice(at, 1);
    for (const m of list.items) if (isMap(m) && m.get('name') !== undefined && m.get('promoteFrom') === environment) m.delete('promoteFrom');
    return true;
  });
}
