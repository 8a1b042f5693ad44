// Prints the size of what the browser loads before the first page shows (index.html's script and styles, and the
// modules they import statically), gzipped, against the 300 kB budget; and each lazily loaded chunk. Run after a
// build (npm run build). Exit 1 over the budget.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = join(import.meta.dirname, '..', 'dist');
const BUDGET = 300 * 1024;
const gz = (file) => gzipSync(readFileSync(join(DIST, file))).length;
const html = readFileSync(join(DIST, 'index.html'), 'utf8');
const entry = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);

// static imports of the entry chunks (import ... from "./x.js" at top level), followed transitively
const initial = new Set();
const visit = (file) => {
  if (initial.has(file)) return;
  initial.add(file);
  if (!file.endsWith('.js')) return;
  const code = readFileSync(join(DIST, file), 'utf8');
  for (const m of code.matchAll(/(?:^|[;\n])\s*import\s*(?:[^"'()]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) visit(`assets/${m[1]}`);
};
entry.forEach(visit);

const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
let total = gz('index.html');
console.log('initial load (gzipped):');
for (const f of initial) { const n = gz(f); total += n; console.log(`  ${f.padEnd(44)} ${kb(n)}`); }
console.log(`  ${'total (with index.html)'.padEnd(44)} ${kb(total)}  (budget ${kb(BUDGET)})`);
console.log('loaded on demand (gzipped):');
for (const f of readdirSync(join(DIST, 'assets')).map((f) => `assets/${f}`).filter((f) => !initial.has(f))) {
  console.log(`  ${f.padEnd(44)} ${kb(gz(f))}`);
}
if (total > BUDGET) { console.error(`the initial bundle is ${kb(total)}, over the ${kb(BUDGET)} budget`); process.exit(1); }
