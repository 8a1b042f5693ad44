// Kubernetes-style objects under deploy/ (workloads, Services, Argo CD, Argo Rollouts, Flux, Istio, Gateway
// API): every document is checked with the kubernetes-models class of its apiVersion/kind, plus a check for
// fields the class's schema does not define. An apiVersion/kind without a model fails: nothing passes
// unchecked. Kustomize's own kustomization.yaml files are checked by kustomize.mjs.
import { readDocuments } from './lib/yaml-documents.mjs';
import { modelFor, validateWithModel } from './lib/models.mjs';

export const name = 'kubernetes';

export function matches(relPath) {
  return relPath.startsWith('deploy/') && /\.ya?ml$/.test(relPath) && !/(^|\/)kustomization\.ya?ml$/.test(relPath);
}

// RFC 1123 subdomain: what metadata.name must be for nearly every kind.
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export async function validate(absPath) {
  const { documents, errors } = await readDocuments(absPath);
  documents.forEach((object, index) => {
    const where = documents.length > 1 ? `document ${index + 1}: ` : '';
    if (object === null || object === undefined) {
      errors.push(`${where}empty document`);
      return;
    }
    if (typeof object !== 'object' || Array.isArray(object)) {
      errors.push(`${where}not a Kubernetes object (a mapping with apiVersion and kind)`);
      return;
    }
    const { apiVersion, kind } = object;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
      errors.push(`${where}apiVersion and kind must be strings`);
      return;
    }
    const Model = modelFor(apiVersion, kind);
    if (!Model) {
      errors.push(`${where}no model for ${apiVersion} ${kind}: unknown kind or API version`);
      return;
    }
    const name = object.metadata?.name;
    if (typeof name !== 'string' || name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
      errors.push(`${where}metadata.name ${JSON.stringify(name)} is not a DNS subdomain name`);
    }
    // an aliased version (see lib/models.mjs) is checked as the version its model was generated for
    const checked = Model.apiVersion === apiVersion ? object : { ...object, apiVersion: Model.apiVersion };
    for (const message of validateWithModel(Model, checked)) errors.push(`${where}${kind} ${name}: ${message}`);
  });
  return errors;
}
