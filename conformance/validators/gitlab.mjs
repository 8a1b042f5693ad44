// .gitlab-ci.yml, checked against GitLab's own CI JSON schema (draft-07). The schema ships inside
// gitlab-ci-local's bundle as a JavaScript object literal; it is cut out once and compiled with ajv.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

const modules = join(fileURLToPath(new URL('..', import.meta.url)), 'node_modules');
const SCHEMA_ID = '$id:"https://gitlab.com/.gitlab-ci.yml"';

let compiled; // the schema is extracted and compiled once per process

function schema() {
  const bundle = readFileSync(join(modules, 'gitlab-ci-local', 'dist', 'index.js'), 'utf8');
  const at = bundle.indexOf(SCHEMA_ID);
  if (at < 0) throw new Error('GitLab CI schema not found in gitlab-ci-local/dist/index.js');
  const start = bundle.lastIndexOf('{', at);
  let depth = 0;
  let quote = null;
  for (let i = start; i < bundle.length; i++) {
    const c = bundle[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === '`') {
      quote = c;
    } else if (c === '{') {
      depth++;
    } else if (c === '}' && --depth === 0) {
      // an object literal of constants only: evaluate it in an empty context
      return vm.runInNewContext(`(${bundle.slice(start, i + 1)})`);
    }
  }
  throw new Error('unterminated GitLab CI schema literal');
}

function validator() {
  if (!compiled) {
    const ajv = new Ajv({ strict: false, allowUnionTypes: true, allErrors: true });
    addFormats(ajv);
    compiled = ajv.compile(schema());
  }
  return compiled;
}

// `!reference [job, key]` is GitLab's own tag; keep it as its list so the schema sees a plausible value.
const customTags = [{ tag: '!reference', collection: 'seq', resolve: seq => seq }];

export const name = 'gitlab-ci-schema';

export function matches(relPath) {
  return relPath === '.gitlab-ci.yml' || relPath.endsWith('/.gitlab-ci.yml');
}

export async function validate(absPath) {
  let document;
  try {
    document = parse(readFileSync(absPath, 'utf8'), { customTags, merge: true, prettyErrors: true });
  } catch (e) {
    return [`YAML: ${e.message}`];
  }
  const check = validator();
  if (check(document)) return [];
  return check.errors.map(e => `${e.instancePath || '/'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`);
}
