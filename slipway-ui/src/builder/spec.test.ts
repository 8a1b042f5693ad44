import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  addService,
  cycleIfAdded,
  fieldOf,
  freeName,
  graphOf,
  removeDependency,
  removeService,
  setDependency,
  setField,
  addEnvironment,
  environmentsOf,
  removeEnvironment,
  setEnvironmentField,
} from './spec';
import { layout } from './layout';
import { placeOf } from './problems';

const minimal = readFileSync(new URL('../../../examples/minimal/slipway.yaml', import.meta.url), 'utf8');
const shop = readFileSync(new URL('../../../examples/shop/slipway.yaml', import.meta.url), 'utf8');

describe('the spec document', () => {
  it('reads services and dependencies with their ranges', () => {
    const g = graphOf(minimal);
    expect(g.services.map((s) => s.name)).toEqual(['web', 'api', 'db']);
    expect(g.services[0]).toMatchObject({ language: 'node', port: 3000, strategy: 'canary' });
    expect(g.dependencies).toEqual([
      { from: 'web', to: 'api', range: '^2.1' },
      { from: 'api', to: 'db', range: '>=16 <17' },
    ]);
  });

  it('leaves a text untouched by an edit that changes nothing, byte for byte', () => {
    for (const text of [minimal, shop]) {
      expect(setField(text, 'web', ['nothing'], undefined)).toBe(text);
      expect(removeDependency(text, 'nobody', 'web')).toBe(text);
    }
    expect(setDependency(minimal, 'web', 'api', '^2.1')).toBe(minimal);
  });

  it('keeps comments and the formatting of untouched parts when it edits', () => {
    const edited = setField(minimal, 'api', ['port'], 9090);
    expect(edited).toContain('# A minimal system: a web frontend, an API and its database.');
    expect(edited).toContain('providers: [github, gitlab, jenkins, tekton]');
    expect(edited).toContain('steps: [10, 50, 100]');
    expect(edited.replace('port: 9090', 'port: 8080')).toBe(minimal);
  });

  it('adds a service into an empty system and names it uniquely', () => {
    const empty = 'system:\n  name: shop\n  registry: ghcr.io/acme/shop\n';
    const one = addService(empty, 'go-service', { path: 'services/go-service', language: 'go', port: 8080 });
    expect(graphOf(one).services.map((s) => s.name)).toEqual(['go-service']);
    expect(freeName(one, 'go-service')).toBe('go-service-2');
    expect(one.startsWith(empty)).toBe(true);
  });

  it('adds, changes and removes a dependency, quoting a new range', () => {
    const added = setDependency(minimal, 'web', 'db', '>=16');
    expect(added).toContain('db: ">=16"');
    expect(setDependency(added, 'web', 'db', '>=15')).toContain('db: ">=15"');
    expect(removeDependency(added, 'web', 'db')).toBe(minimal);
  });

  it('removing a service removes the dependencies on it', () => {
    const g = graphOf(removeService(minimal, 'db'));
    expect(g.services.map((s) => s.name)).toEqual(['web', 'api']);
    expect(g.dependencies).toEqual([{ from: 'web', to: 'api', range: '^2.1' }]);
    expect(removeService(minimal, 'db')).not.toContain('dependsOn:\n    strategy');
  });

  it('names the cycle an edge would close', () => {
    expect(cycleIfAdded(minimal, 'db', 'web')).toEqual(['db', 'web', 'api', 'db']);
    expect(cycleIfAdded(minimal, 'api', 'api')).toEqual(['api', 'api']);
    expect(cycleIfAdded(minimal, 'web', 'db')).toBeNull();
  });

  it('sets and removes nested fields, dropping an emptied parent', () => {
    const withStrategy = setField(minimal, 'db', ['strategy', 'type'], 'rolling');
    expect(fieldOf(withStrategy, 'db', ['strategy'])).toEqual({ type: 'rolling' });
    expect(setField(withStrategy, 'db', ['strategy', 'type'], undefined)).toBe(minimal);
    expect(fieldOf(minimal, 'web', ['strategy', 'steps'])).toEqual([10, 50, 100]);
  });
});

describe('layout and problem places', () => {
  it('puts each dependency to the right of what calls it', () => {
    const at = layout(graphOf(minimal));
    expect(at.get('web')!.x).toBeLessThan(at.get('api')!.x);
    expect(at.get('api')!.x).toBeLessThan(at.get('db')!.x);
  });

  it('places a problem on its service, dependency or field', () => {
    expect(placeOf('services.web.dependsOn.api')).toEqual({ kind: 'dependency', from: 'web', to: 'api' });
    expect(placeOf('services.web.port')).toEqual({ kind: 'service', service: 'web', field: 'port' });
    expect(placeOf('services.web')).toEqual({ kind: 'service', service: 'web', field: null });
    expect(placeOf('environments[0].name')).toEqual({ kind: 'system' });
  });
});

describe('the rollout and environment edits', () => {
  it('changes canary steps in their flow style, keeping comments', () => {
    const edited = setField(shop, 'catalog', ['strategy', 'steps'], [5, 10, 50, 100]);
    expect(edited).toBe(shop.replace('steps: [10, 25, 50, 100]', 'steps: [5, 10, 50, 100]'));
  });

  it('writes analysis keys under the service and removes an emptied analysis', () => {
    const a = setField(minimal, 'api', ['analysis', 'onInconclusive'], 'pause');
    expect(fieldOf(a, 'api', ['analysis'])).toEqual({ onInconclusive: 'pause' });
    const b = setField(a, 'api', ['analysis', 'judges'], ['limits', 'statistical']);
    expect(fieldOf(b, 'api', ['analysis', 'judges'])).toEqual(['limits', 'statistical']);
    expect(setField(setField(b, 'api', ['analysis', 'judges'], undefined), 'api', ['analysis', 'onInconclusive'], undefined)).toBe(minimal);
  });

  it('edits an environment in place and round-trips when undone', () => {
    const edited = setEnvironmentField(shop, 'staging', 'soak', '30m');
    expect(edited).toBe(shop.replace('soak: 15m', 'soak: 30m'));
    const approval = setEnvironmentField(shop, 'staging', 'approval', true);
    expect(environmentsOf(approval).find((e) => e.name === 'staging')).toMatchObject({ approval: true, soak: '15m' });
    expect(setEnvironmentField(approval, 'staging', 'approval', undefined)).toBe(shop);
  });

  it('adds an environment in the style of the list and removes one with the promoteFrom naming it', () => {
    const added = addEnvironment(shop, { name: 'qa', promoteFrom: 'dev' });
    expect(environmentsOf(added).map((e) => e.name)).toEqual(['dev', 'staging', 'production', 'qa']);
    expect(added.startsWith(shop.slice(0, shop.indexOf('services:')).trimEnd())).toBe(true);
    const removed = removeEnvironment(shop, 'staging');
    expect(environmentsOf(removed)).toEqual([
      { name: 'dev', trigger: 'push' },
      { name: 'production', trigger: 'tag', approval: true, approvers: { names: ['bob'] } },
    ]);
    expect(addEnvironment(shop, { name: 'dev' })).toBe(shop);
  });
});
