import { api } from './client';

/** The routes that take slipway.yaml text as the body (application/yaml), sent as is. */
export const yamlBody = (text: string) => ({
  body: text as never,
  bodySerializer: (b: unknown) => b as string,
  headers: { 'Content-Type': 'application/yaml' },
});

export const validate = (text: string) => api.POST('/api/v1/systems/validate', yamlBody(text));
export const generate = (text: string, targets: string) =>
  api.POST('/api/v1/systems/generate', { ...yamlBody(text), params: { query: targets ? { targets } : {} } });
/** What generate would write for the spec, each file against the served spec's repository (new, changed, stale...). */
export const repositoryFiles = (text: string, targets: string) =>
  api.POST('/api/v1/systems/files', { ...yamlBody(text), params: { query: targets ? { targets } : {} } });
export const graph = (text: string) => api.POST('/api/v1/systems/graph', yamlBody(text));
