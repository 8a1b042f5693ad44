// Benchmark (not a test): the builder with a 200-service system on a real `slipway serve`. Prints how long the
// canvas takes to show every service, and the frame times and long tasks while a service is dragged across it.
// Target: under 100 ms per frame while dragging.
import { chromium } from 'playwright-core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './server.mjs';

const SERVICES = 200;
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Layers of 20: each service depends on two of the layer below, so the graph is 10 deep and 20 wide. */
function system() {
  const lines = ['system:', '  name: big', '  registry: ghcr.io/acme/big', 'environments:', '  - name: staging', 'services:'];
  for (let i = 0; i < SERVICES; i++) {
    lines.push(`  svc-${i}:`, `    path: services/svc-${i}`, '    language: go', '    port: 8080');
    if (i >= 20) lines.push('    dependsOn:', `      svc-${i - 20}: ">=1.0.0"`, `      svc-${i - 20 + ((i + 1) % 20 === 0 ? -19 : 1)}: ">=1.0.0"`);
  }
  return lines.join('\n') + '\n';
}

const work = mkdtempSync(join(tmpdir(), 'slipway-ui-bench-'));
const spec = join(work, 'slipway.yaml');
writeFileSync(spec, system());
const server = await startServer(spec);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
try {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await page.goto(server.url);
  await page.getByLabel('API token').fill(server.tokens.admin);
  const started = Date.now();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.react-flow__node').first().waitFor();
  await page.getByTestId('validity').filter({ hasText: /^Valid$/ }).waitFor({ timeout: 60_000 });
  const shown = Date.now() - started;
  const rendered = await page.locator('.react-flow__node').count();

  await page.evaluate(() => {
    window.__frames = [];
    window.__long = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__long.push(e.duration))).observe({ type: 'longtask' });
    let last = performance.now();
    const tick = (t) => { window.__frames.push(t - last); last = t; if (!window.__stop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  const box = await page.locator('.react-flow__node').first().boundingBox();
  await page.mouse.move(box.x + 20, box.y + 20);
  await page.mouse.down();
  for (let i = 1; i <= 60; i++) await page.mouse.move(box.x + 20 + i * 8, box.y + 20 + i * 4);
  await page.mouse.up();
  const { frames, long } = await page.evaluate(() => { window.__stop = true; return { frames: window.__frames.slice(1), long: window.__long }; });
  frames.sort((a, b) => a - b);
  const pct = (p) => frames[Math.min(frames.length - 1, Math.floor(p * frames.length))].toFixed(1);
  console.log(`builder, ${SERVICES} services (${rendered} nodes drawn):`);
  console.log(`  sign-in to a validated canvas: ${shown} ms`);
  console.log(`  dragging a service: ${frames.length} frames, median ${pct(0.5)} ms, p95 ${pct(0.95)} ms, max ${frames.at(-1).toFixed(1)} ms per frame`);
  console.log(`  long tasks (> 50 ms) during the drag: ${long.length}${long.length ? `, longest ${Math.max(...long).toFixed(0)} ms` : ''}`);

  // The release page under a burst: 1000 steps of a 200-service release arrive at once (what 100 events per second
  // for ten seconds look like to a page that reconnects). The release and its stream are served by the browser's
  // route handler, the rest by the real server.
  const id = 'r-staging-bench';
  const rollouts = Array.from({ length: SERVICES }, (_, i) => ({ service: `svc-${i}`, from: '1.0.0', to: '1.1.0', outcome: null, started: null, finished: null }));
  const now = new Date().toISOString();
  await page.route(`**/api/v1/releases/${id}`, (r) => r.fulfill({ json: { id, environment: 'staging', state: 'running', outcome: null, versions: {}, digests: {}, created: now, updated: now, rollouts } }));
  await page.route(`**/api/v1/releases/${id}/report`, (r) => r.fulfill({ json: { release: id, environment: 'staging', outcome: 'running', failure: null, podEvents: [], dependentsAffected: [], rolledBack: [], cancelled: [], judgements: [] } }));
  const states = ['deploying', 'analysing', 'analysing', 'analysing', 'promoted'];
  let body = 'retry: 1000\n\n';
  for (let n = 0; n < 1000; n++) {
    const step = { sequence: n, at: now, service: `svc-${n % SERVICES}`, from: 'pending', to: states[Math.floor(n / SERVICES)], step: 0, weight: 10, reason: 'bench', failure: false };
    body += `id: ${n}\nevent: step\ndata: ${JSON.stringify(step)}\n\n`;
  }
  await page.route(`**/api/v1/releases/${id}/events`, (r) => r.fulfill({ status: 200, headers: { 'Content-Type': 'text/event-stream' }, body }));
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__long.push(e.duration))).observe({ type: 'longtask' });
  });
  const t0 = Date.now();
  await page.evaluate((h) => { window.location.hash = h; }, `#/releases/${id}`);
  await page.getByTestId('steps').locator('li').nth(999).waitFor({ timeout: 60_000 });
  const shownAll = Date.now() - t0;
  const longTasks = await page.evaluate(() => window.__long);
  console.log('release page, 200 services, 1000 steps arriving at once:');
  console.log(`  all steps shown after ${shownAll} ms; long tasks (> 50 ms): ${longTasks.length}${longTasks.length ? `, longest ${Math.max(...longTasks).toFixed(0)} ms` : ''}`);
} finally {
  await browser.close();
  server.stop();
}
