// Tekton: @ibm/tekton-lint on all Tekton files of the output directory together, because it cross-checks
// them (a Pipeline's taskRefs, params, workspaces, results and runAfter against the Tasks). Warnings fail
// too (--max-warnings 0: unpinned images, unused params, missing hashbangs). tekton-lint assumes the
// documents follow the Tekton schema, so this module also checks the shape it does not: apiVersion
// tekton.dev/v1, a known kind, and no unknown keys where a typo would silently be ignored by the linter.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const require = createRequire(import.meta.url);
const { escapePath } = require('fast-glob');
const here = fileURLToPath(new URL('.', import.meta.url));
const lintBin = join(here, '..', 'node_modules', '@ibm', 'tekton-lint', 'dist', 'lint.js');

export const name = 'tekton-lint';

export function matches(relPath) {
  return relPath.startsWith('tekton/') && /\.ya?ml$/.test(relPath);
}

// One lint run per output directory, shared by its files.
const runs = new Map();

export async function validate(absPath, relPath) {
  const root = absPath.slice(0, absPath.length - relPath.length);
  if (!runs.has(root)) runs.set(root, lintDirectory(join(root, 'tekton')));
  const { problems, failure } = await runs.get(root);
  const errors = [];
  if (failure) errors.push(failure);
  for (const p of problems) {
    if (p.path && p.path !== absPath) continue;
    const at = p.loc && p.loc.startLine ? `${p.loc.startLine}:${p.loc.startColumn} ` : '';
    errors.push(`${at}${p.level} ${p.message}${p.rule ? ` (${p.rule})` : ''}`);
  }
  errors.push(...await checkShape(absPath));
  return errors;
}

async function yamlFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...await yamlFiles(path));
    else if (/\.ya?ml$/.test(entry.name)) out.push(path);
  }
  return out.sort();
}

async function lintDirectory(dir) {
  const files = await yamlFiles(dir);
  // An empty HOME and working directory: no user .tektonlintrc.yaml, no shared cache; the defaults apply.
  const scratch = await mkdtemp(join(tmpdir(), 'tekton-lint-'));
  const args = [lintBin, '--format', 'json', '--max-warnings', '0', '--color', 'false', ...files.map(escapePath)];
  const { code, stdout, stderr } = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: scratch,
      env: { ...process.env, HOME: scratch, TL_CACHE_DIR: join(scratch, 'cache') },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => { stdout += d; });
    child.stderr.on('data', d => { stderr += d; });
    child.on('error', reject);
    child.on('close', code => resolve({ code, stdout, stderr }));
  });
  let problems = [];
  const json = stdout.split('\n').find(line => line.startsWith('['));
  try {
    problems = json ? JSON.parse(json) : [];
  } catch (e) {
    return { problems: [], failure: `tekton-lint printed no readable report: ${stdout}${stderr}` };
  }
  if (code !== 0 && problems.length === 0) {
    return { problems, failure: `tekton-lint exited with ${code}: ${stdout}${stderr}`.trim() };
  }
  return { problems, failure: null };
}

// The fields of the Tekton v1 API (pipeline/v1 types) at the places Slipway writes.
const KEYS = {
  Task: ['description', 'displayName', 'params', 'workspaces', 'results', 'steps', 'stepTemplate', 'sidecars', 'volumes'],
  Pipeline: ['description', 'displayName', 'params', 'workspaces', 'tasks', 'finally', 'results'],
  step: ['name', 'displayName', 'image', 'command', 'args', 'workingDir', 'env', 'envFrom', 'computeResources',
    'volumeMounts', 'volumeDevices', 'imagePullPolicy', 'securityContext', 'script', 'timeout', 'workspaces',
    'onError', 'stdoutConfig', 'stderrConfig', 'ref', 'params', 'results', 'when'],
  pipelineTask: ['name', 'displayName', 'description', 'taskRef', 'taskSpec', 'when', 'runAfter', 'retries', 'params',
    'matrix', 'workspaces', 'timeout', 'pipelineRef', 'pipelineSpec', 'onError'],
  param: ['name', 'type', 'description', 'properties', 'default', 'enum'],
  workspace: ['name', 'description', 'mountPath', 'readOnly', 'optional'],
  result: ['name', 'type', 'description', 'properties', 'value'],
};

function unknownKeys(where, object, allowed) {
  if (object === null || typeof object !== 'object' || Array.isArray(object)) return [`${where}: expected a mapping`];
  return Object.keys(object).filter(k => !allowed.includes(k)).map(k => `${where}: unknown field '${k}'`);
}

function each(where, list, allowed) {
  if (list === undefined) return [];
  if (!Array.isArray(list)) return [`${where}: expected a list`];
  return list.flatMap((item, i) => unknownKeys(`${where}[${i}]`, item, allowed));
}

async function checkShape(absPath) {
  const errors = [];
  const docs = parseAllDocuments(await readFile(absPath, 'utf8'));
  for (const [i, doc] of docs.entries()) {
    if (doc.errors.length) {
      errors.push(...doc.errors.map(e => `document ${i + 1}: ${e.message}`));
      continue;
    }
    const r = doc.toJS();
    if (r === null) continue;
    const at = `document ${i + 1} (${r.kind} ${r.metadata?.name})`;
    if (r.apiVersion !== 'tekton.dev/v1') errors.push(`${at}: apiVersion ${r.apiVersion}, expected tekton.dev/v1`);
    if (!KEYS[r.kind]) {
      errors.push(`${at}: kind ${r.kind} is not a Task or Pipeline`);
      continue;
    }
    if (!r.metadata?.name) errors.push(`${at}: metadata.name is missing`);
    errors.push(...unknownKeys(`${at} spec`, r.spec, KEYS[r.kind]).map(e => e));
    if (!r.spec || typeof r.spec !== 'object') continue;
    errors.push(...each(`${at} spec.params`, r.spec.params, KEYS.param));
    errors.push(...each(`${at} spec.workspaces`, r.spec.workspaces, KEYS.workspace));
    errors.push(...each(`${at} spec.results`, r.spec.results, KEYS.result));
    if (r.kind === 'Task') {
      if (!Array.isArray(r.spec.steps) || r.spec.steps.length === 0) errors.push(`${at}: a Task needs steps`);
      errors.push(...each(`${at} spec.steps`, r.spec.steps, KEYS.step));
    } else {
      if (!Array.isArray(r.spec.tasks) || r.spec.tasks.length === 0) errors.push(`${at}: a Pipeline needs tasks`);
      errors.push(...each(`${at} spec.tasks`, r.spec.tasks, KEYS.pipelineTask));
      errors.push(...each(`${at} spec.finally`, r.spec.finally, KEYS.pipelineTask));
    }
  }
  return errors;
}
