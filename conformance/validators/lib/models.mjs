// The model classes of every Kubernetes-style object Slipway writes, by "apiVersion kind", and a check for
// fields those models do not define.
//
// kubernetes-models ships its schemas compiled by Ajv into plain functions (no schema objects), and the
// compiled code accepts properties it does not know. It does, however, read every property its schema
// defines (`void 0 === data.replicas || validate(data.replicas)`), and it enumerates an object only where
// the schema is a map (`additionalProperties: {...}`, e.g. labels). So we run each model's own validate
// function over a Proxy that records which properties it read: a property of an object the validator
// inspected, which it never read, is a property the schema does not define. An object the validator never
// inspected at all is free-form in the schema (e.g. `x-kubernetes-preserve-unknown-fields`) and is accepted.
import Ajv from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as core from 'kubernetes-models';
import * as argoCd from '@kubernetes-models/argo-cd';
import * as argoRollouts from '@kubernetes-models/argo-rollouts';
import * as istio from '@kubernetes-models/istio';
import * as gatewayApi from '@kubernetes-models/gateway-api';
// The group indexes of @kubernetes-models/flux-cd 2.3.0 point at files that are not in the package; the
// versioned entry points work, so the Flux APIs Slipway writes are imported one by one.
import * as fluxKustomizeV1 from '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1';
import * as fluxSourceV1 from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1';

// Istio promoted networking.istio.io to v1 (1.22) with the v1beta1 schema unchanged; @kubernetes-models/istio
// 2.3.0 has no v1 classes (3.x, which has, needs Node 22), so v1 objects are checked with the v1beta1 models.
const ALIASES = { 'networking.istio.io/v1': 'networking.istio.io/v1beta1' };

function collect(namespace, into, seen = new Set()) {
  if (seen.has(namespace)) return;
  seen.add(namespace);
  for (const value of Object.values(namespace)) {
    if (typeof value === 'function' && typeof value.apiVersion === 'string' && typeof value.kind === 'string') {
      const key = `${value.apiVersion} ${value.kind}`;
      if (!into.has(key)) into.set(key, value);
    } else if (value && typeof value === 'object') {
      collect(value, into, seen);
    }
  }
}

const MODELS = new Map();
for (const pkg of [core, argoCd, argoRollouts, istio, gatewayApi, fluxKustomizeV1, fluxSourceV1]) collect(pkg, MODELS);
for (const Model of crdModels()) MODELS.set(`${Model.apiVersion} ${Model.kind}`, Model);

// Kinds with no kubernetes-models package that runs on Node 20 (@kubernetes-models/external-secrets 2.x needs
// Node 22 and kubernetes-models 5): their CRD's OpenAPI schema, written down in ../../crds/ (each file cites its
// source), checked with Ajv. The schema's additionalProperties: false reports unknown fields; JSON.stringify reads
// the whole object, so the Proxy check below adds nothing for these.
function crdModels() {
  const dir = fileURLToPath(new URL('../../crds/', import.meta.url));
  const ajv = new Ajv({ allErrors: true, strict: false });
  return readdirSync(dir).filter(f => f.endsWith('.json')).sort().map(file => {
    const schema = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const check = ajv.compile(schema);
    class CrdModel {
      constructor(data) {
        Object.assign(this, data);
      }
      validate() {
        if (check(JSON.parse(JSON.stringify(this)))) return;
        throw new Error(check.errors.map(e => {
          const extra = e.params?.additionalProperty ? ` (unknown field ${e.params.additionalProperty})`
            : e.params?.allowedValues ? ` (${e.params.allowedValues.join(', ')})` : '';
          return `${e.instancePath || '/'} ${e.message}${extra}`;
        }).join('; '));
      }
    }
    CrdModel.apiVersion = schema.properties.apiVersion.const;
    CrdModel.kind = schema.properties.kind.const;
    return CrdModel;
  });
}

export function modelFor(apiVersion, kind) {
  const version = ALIASES[apiVersion] ?? apiVersion;
  return MODELS.get(`${version} ${kind}`);
}

export function knownKinds() {
  return [...MODELS.keys()];
}

/** Wraps `value` so that reads are recorded in `nodes` (one entry per object reached). */
function tracked(value, path, nodes) {
  if (value === null || typeof value !== 'object') return value;
  const node = { path, value, read: new Set(), enumerated: false, inspected: false, isArray: Array.isArray(value) };
  nodes.push(node);
  const children = new Map();
  const child = (key) => {
    if (!children.has(key)) children.set(key, tracked(value[key], node.isArray ? `${path}[${key}]` : `${path}.${key}`, nodes));
    return children.get(key);
  };
  return new Proxy(value, {
    get(target, key, receiver) {
      if (typeof key !== 'string') return Reflect.get(target, key, receiver);
      node.inspected = true;
      node.read.add(key);
      return Object.hasOwn(target, key) ? child(key) : Reflect.get(target, key, receiver);
    },
    has(target, key) {
      node.inspected = true;
      if (typeof key === 'string') node.read.add(key);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      node.inspected = true;
      node.enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
}

/**
 * Validates `object` with `Model` and returns error messages: the model's own (types, enums, required
 * fields, formats) and one per property the model's schema does not define.
 */
export function validateWithModel(Model, object) {
  const errors = [];
  try {
    new Model(object).validate();
  } catch (e) {
    errors.push(String(e.message || e));
  }
  const nodes = [];
  // a Model instance (a copy of the data) as the target: some packages keep the schema id on the prototype
  const proxy = tracked(new Model(object), '', nodes);
  try {
    Model.prototype.validate.call(proxy);
  } catch {
    // already reported above
  }
  for (const node of nodes) {
    if (node.isArray || !node.inspected || node.enumerated) continue;
    for (const key of Object.keys(node.value)) {
      if (!node.read.has(key)) errors.push(`${node.path ? node.path.slice(1) + '.' : ''}${key}: unknown field (not in the ${Model.apiVersion} ${Model.kind} schema)`);
    }
  }
  return errors;
}
