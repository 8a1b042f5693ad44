// Checks every file under a directory of generated output with its ecosystem's own validator.
// Usage: node validate.mjs DIR
// Each module in validators/ exports: name, matches(relPath) -> boolean, validate(absPath, relPath) -> Promise<string[]>.
// A file no validator claims is a failure: every generated file must be checked by something.
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = process.argv[2];
if (!root) {
  console.error('usage: node validate.mjs DIR');
  process.exit(2);
}

async function files(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...await files(path));
    else out.push(path);
  }
  return out;
}

const validatorDir = join(here, 'validators');
const validators = [];
for (const name of (await readdir(validatorDir)).filter(n => n.endsWith('.mjs')).sort()) {
  validators.push(await import(pathToFileURL(join(validatorDir, name)).href));
}

let passed = 0;
let failed = 0;
for (const abs of (await files(root)).sort()) {
  const rel = relative(root, abs).split(sep).join('/');
  if (rel === '.slipway-generated') continue; // Slipway's own manifest of generated files
  const mine = validators.filter(v => v.matches(rel));
  if (mine.length === 0) {
    failed++;
    console.log(`FAIL ${rel}: no validator checks this file`);
    continue;
  }
  for (const v of mine) {
    let errors;
    try {
      errors = await v.validate(abs, rel);
    } catch (e) {
      errors = [`validator crashed: ${e.stack || e}`];
    }
    if (errors.length === 0) {
      passed++;
      console.log(`ok   ${rel} [${v.name}]`);
    } else {
      failed++;
      console.log(`FAIL ${rel} [${v.name}]:\n  ${errors.join('\n  ')}`);
    }
  }
}
console.log(`conformance: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
