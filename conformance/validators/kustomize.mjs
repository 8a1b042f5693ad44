// Kustomize kustomization.yaml files under deploy/. There is no published model for them among the
// installed validators, so they are checked against a schema of the fields Slipway writes (strict: unknown
// fields, and the deprecated commonLabels/patchesStrategicMerge, fail), and like `kustomize build` would:
// every resource exists (a directory must hold a kustomization), every images: entry names an image some
// container of the build uses, every replicas: entry names a workload of the build, no tag is `latest`.
import { readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import Ajv from 'ajv';
import { readDocuments } from './lib/yaml-documents.mjs';

export const name = 'kustomize';

export function matches(relPath) {
  return relPath.startsWith('deploy/') && /(^|\/)kustomization\.ya?ml$/.test(relPath);
}

const dnsLabel = { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 };
const labelMap = { type: 'object', additionalProperties: { type: 'string' } };
const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind'],
  properties: {
    apiVersion: { const: 'kustomize.config.k8s.io/v1beta1' },
    kind: { const: 'Kustomization' },
    metadata: {
      type: 'object', additionalProperties: false,
      properties: { name: { type: 'string' }, annotations: labelMap },
    },
    resources: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true },
    namespace: dnsLabel,
    labels: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['pairs'],
        properties: {
          pairs: labelMap,
          includeSelectors: { type: 'boolean' },
          includeTemplates: { type: 'boolean' },
          fields: { type: 'array' },
        },
      },
    },
    images: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['name'],
        properties: {
          name: { type: 'string', minLength: 1 },
          newName: { type: 'string', minLength: 1 },
          newTag: { type: 'string', minLength: 1 },
          digest: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' },
        },
      },
    },
    replicas: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['name', 'count'],
        properties: { name: { type: 'string', minLength: 1 }, count: { type: 'integer', minimum: 0 } },
      },
    },
    patches: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false,
        properties: {
          path: { type: 'string' },
          patch: { type: 'string' },
          target: {
            type: 'object', additionalProperties: false,
            properties: Object.fromEntries(['group', 'version', 'kind', 'name', 'namespace', 'labelSelector',
              'annotationSelector'].map(k => [k, { type: 'string' }])),
          },
          options: { type: 'object', additionalProperties: { type: 'boolean' } },
        },
        oneOf: [{ required: ['path'] }, { required: ['patch'] }],
      },
    },
  },
};
const check = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(schema);

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

async function kustomizationIn(dir) {
  const entries = await readdir(dir).catch(() => []);
  const file = KUSTOMIZATION_FILES.find(f => entries.includes(f));
  return file ? join(dir, file) : null;
}

/** The objects `kustomize build` would start from (before images/replicas), following resources recursively. */
async function objectsOf(kustomizationPath, errors, seen = new Set()) {
  if (seen.has(kustomizationPath)) {
    errors.push(`resource cycle through ${kustomizationPath}`);
    return [];
  }
  seen.add(kustomizationPath);
  const { documents, errors: parseErrors } = await readDocuments(kustomizationPath);
  errors.push(...parseErrors);
  const kustomization = documents[0] ?? {};
  const objects = [];
  for (const resource of kustomization.resources ?? []) {
    if (typeof resource !== 'string') continue;
    if (/^[a-z]+:\/\//.test(resource)) {
      errors.push(`resource ${resource}: remote resources are not reproducible; Slipway writes local paths only`);
      continue;
    }
    const path = resolve(dirname(kustomizationPath), resource);
    const info = await stat(path).catch(() => null);
    if (!info) {
      errors.push(`resource ${resource} does not exist (relative to ${kustomizationPath})`);
    } else if (info.isDirectory()) {
      const nested = await kustomizationIn(path);
      if (!nested) errors.push(`resource ${resource} is a directory without a kustomization.yaml`);
      else objects.push(...await objectsOf(nested, errors, seen));
    } else {
      const parsed = await readDocuments(path);
      errors.push(...parsed.errors.map(e => `resource ${resource}: ${e}`));
      objects.push(...parsed.documents.filter(d => d && typeof d === 'object'));
    }
  }
  return objects;
}

function containerImages(object) {
  const spec = object?.spec?.template?.spec ?? {};
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map(c => c?.image).filter(i => typeof i === 'string');
}

/** The name part of an image reference, as kustomize's images: matches it (no tag, no digest). */
function imageName(reference) {
  const withoutDigest = reference.split('@')[0];
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
}

const SCALABLE = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'Rollout']);

export async function validate(absPath) {
  const { documents, errors } = await readDocuments(absPath);
  if (errors.length > 0) return errors;
  if (documents.length !== 1) return [`a kustomization is one YAML document, found ${documents.length}`];
  const kustomization = documents[0];
  if (!check(kustomization)) {
    for (const e of check.errors) {
      const extra = e.keyword === 'additionalProperties' ? ` '${e.params.additionalProperty}'` : '';
      errors.push(`kustomization${e.instancePath.replace(/\//g, '.')} ${e.message}${extra}`);
    }
    return errors;
  }
  const objects = await objectsOf(absPath, errors);
  const images = new Set(objects.flatMap(containerImages).map(imageName));
  for (const image of kustomization.images ?? []) {
    if (!images.has(image.name)) errors.push(`images: ${image.name} is not the image of any container in this build`);
    if (image.newTag === 'latest') errors.push(`images: ${image.name} uses the mutable tag latest`);
  }
  const workloads = new Set(objects.filter(o => SCALABLE.has(o.kind)).map(o => o.metadata?.name));
  for (const replica of kustomization.replicas ?? []) {
    if (!workloads.has(replica.name)) errors.push(`replicas: ${replica.name} is not a workload in this build`);
  }
  return errors;
}
