// Benchmark (not a test): the builder with a 200-service system on a real `slipway serve`. Prints how long the
// canvas takes to show every service, and the frame times and long tasks while a service is dragged across it.
// Target: under 100 ms per frame while dragging.
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
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
// BASELINE_UI=DIR: the release page's burst is measured against that build of the UI too (e.g. the commit before a
// change, built with `npm run build`), on a second server, in this same run: the comparison on the same load
const baseline = process.env.BASELINE_UI ? await (async () => {
  const saved = process.env.UI_DIST;
  process.env.UI_DIST = process.env.BASELINE_UI;
  try { return await startServer(spec); } finally { if (saved === undefined) delete process.env.UI_DIST; else process.env.UI_DIST = saved; }
})() : null;
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

  // The release page of a 200-service release, in three phases measured apart: its first render (no step yet);
  // 1000 steps arriving at once (what ten seconds of 100 events per second look like to a page that reconnects);
  // then 1000 more at a steady 100 per second. The release and its report are answered by the browser's route
  // handler, the event stream by a fetch the bench controls (installed before the page's scripts), the rest by the
  // real server. The page is opened afresh, as a person following a link to it would.
  const id = 'r-staging-bench';
  const rollouts = Array.from({ length: SERVICES }, (_, i) => ({ service: `svc-${i}`, from: '1.0.0', to: '1.1.0', outcome: null, started: null, finished: null }));
  const now = new Date().toISOString();
  await page.route(`**/api/v1/releases/${id}`, (r) => r.fulfill({ json: { id, environment: 'staging', state: 'running', outcome: null, versions: {}, digests: {}, created: now, updated: now, rollouts } }));
  await page.route(`**/api/v1/releases/${id}/report`, (r) => r.fulfill({ json: { release: id, environment: 'staging', outcome: 'running', failure: null, podEvents: [], dependentsAffected: [], rolledBack: [], cancelled: [], judgements: [] } }));
  await page.addInitScript(() => {
    // the baseline pass: the batches of before (100 steps a frame, whatever they cost), in this same run
    if (sessionStorage.getItem('bench-budget')) window.__slipwayFrameBudget = Number(sessionStorage.getItem('bench-budget'));
    const states = ['deploying', 'analysing', 'analysing', 'analysing', 'promoted'];
    const event = (n) => `id: ${n}\nevent: step\ndata: ${JSON.stringify({ sequence: n, at: new Date().toISOString(), service: `svc-${n % 200}`, from: 'pending', to: states[Math.floor(n / 200) % 5], step: 1, weight: 10 + (n % 90), reason: 'bench', failure: false })}\n\n`;
    const original = window.fetch.bind(window);
    window.__long = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__long.push(e.duration))).observe({ type: 'longtask' });
    window.fetch = (url, init) => {
      if (!String(url).endsWith('/events')) return original(url, init);
      const encoder = new TextEncoder();
      const body = new ReadableStream({
        start(controller) {
          let n = 0;
          window.__burst = (count) => { let chunk = ''; for (let k = 0; k < count; k++) chunk += event(n++); controller.enqueue(encoder.encode(chunk)); };
          window.__steady = (count, perSecond) => new Promise((done) => {
            const end = n + count;
            const timer = setInterval(() => { controller.enqueue(encoder.encode(event(n++))); if (n >= end) { clearInterval(timer); done(); } }, 1000 / perSecond);
          });
        },
      });
      return Promise.resolve(new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } }));
    };
  });
  // Long tasks as the page sees them are wall-clock time, which a machine shared with other work stretches (a task
  // that is descheduled keeps counting). The browser's trace also gives each task's CPU time on the page's thread:
  // what the task would take on an idle machine.
  let traces = 0;
  const traced = async (body) => {
    const path = join(work, `trace-${traces++}.json`);
    await browser.startTracing(page, { path, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    await body();
    await browser.stopTracing();
    const events = JSON.parse(readFileSync(path, 'utf8')).traceEvents;
    const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
    const cpu = events.filter((e) => e.ph === 'X' && e.name === 'RunTask' && main.has(`${e.pid}:${e.tid}`)).map((e) => (e.tdur ?? 0) / 1000);
    return { over50: cpu.filter((t) => t > 50).length, max: Math.max(0, ...cpu), total: cpu.reduce((a, b) => a + b, 0) };
  };
  const describeCpu = (c) => `tasks over 50 ms of CPU: ${c.over50}, longest ${c.max.toFixed(0)} ms; CPU on the page's thread ${c.total.toFixed(0)} ms`;
  const longTasks = async () => page.evaluate(() => { const l = window.__long; window.__long = []; return l; });
  const describeLong = (l) => `${l.length}${l.length ? `, longest ${Math.max(...l).toFixed(0)} ms` : ''}`;
  const stepsShown = (n) => page.waitForFunction((k) => document.querySelectorAll('[data-testid=steps] li').length >= k, n, { timeout: 60_000, polling: 100 });
  // The first render as a person following a link meets it: the release page opened from another document. Leaving
  // the page before (a release page that drew 1000 steps: the browser tears its document down, one task) is traced
  // apart: that cost belongs to the page left, not to the first render.
  const firstRender = async (url) => {
    const leaving = await traced(() => page.goto('about:blank'));
    let ms = 0;
    const cpu = await traced(async () => {
      const t0 = Date.now();
      await page.goto(`${url}#/releases/${id}`);
      await page.locator('.react-flow__node').first().waitFor({ timeout: 60_000 }); // (only the nodes in view are drawn)
      await page.waitForFunction(() => typeof window.__burst === 'function');
      ms = Date.now() - t0;
      await page.waitForTimeout(1000); // the graph is drawn in parts, a frame apart
    });
    return { ms, cpu, leaving, long: await longTasks() };
  };
  let before = null;
  if (baseline) {
    await page.goto(baseline.url);
    await page.getByLabel('API token').fill(baseline.tokens.admin);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Pages' }).waitFor();
    await page.goto(`${baseline.url}#/releases/${id}`);
    await page.reload();
    await page.locator('.react-flow__node').first().waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => typeof window.__burst === 'function');
    await page.waitForTimeout(500);
    await longTasks();
    const t = Date.now();
    const cpu = await traced(async () => {
      await page.evaluate(() => window.__burst(1000));
      await stepsShown(1000);
    });
    before = { shown: Date.now() - t, cpu };
    await page.waitForTimeout(300);
    before.long = await longTasks();
    before.first = await firstRender(baseline.url);
  }
  await page.goto(`${server.url}#/releases/${id}`);
  // baseline: the page with the batches of before, the same burst, measured the same way
  await page.evaluate(() => sessionStorage.setItem('bench-budget', 'Infinity'));
  await page.reload();
  await page.locator('.react-flow__node').first().waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => typeof window.__burst === 'function' && window.__slipwayFrameBudget === Infinity);
  await page.waitForTimeout(500);
  await longTasks();
  const b0 = Date.now();
  const baselineCpu = await traced(async () => {
    await page.evaluate(() => window.__burst(1000));
    await stepsShown(1000);
  });
  const baselineBurst = Date.now() - b0;
  await page.waitForTimeout(300);
  const baselineLong = await longTasks();
  await page.evaluate(() => sessionStorage.removeItem('bench-budget'));
  const first = await firstRender(server.url);
  const t1 = Date.now();
  const burstCpu = await traced(async () => {
    await page.evaluate(() => window.__burst(1000));
    await stepsShown(1000);
  });
  const burst = Date.now() - t1;
  await page.waitForTimeout(300);
  const burstLong = await longTasks();
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = (t) => { window.__frames.push(t - last); last = t; if (!window.__stopFrames) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  const steadyCpu = await traced(async () => {
    await page.evaluate(() => window.__steady(1000, 100));
    await stepsShown(2000);
  });
  const steadyLong = await longTasks();
  const streamFrames = (await page.evaluate(() => { window.__stopFrames = true; return window.__frames.slice(1); })).sort((a, b) => a - b);
  console.log(`release page, ${SERVICES} services (load average ${loadavg()[0].toFixed(1)} on this machine):`);
  const describeFirst = (f) => `${f.ms} ms; long tasks (> 50 ms): ${describeLong(f.long)}; ${describeCpu(f.cpu)}; leaving the page before: longest task ${f.leaving.max.toFixed(0)} ms of CPU`;
  console.log(`  first render (opened from another page, to the graph drawn, no step yet): ${describeFirst(first)}`);
  if (before) console.log(`    baseline, the same run, the UI of ${process.env.BASELINE_UI}: ${describeFirst(before.first)}`);
  console.log(`  1000 steps at once: all shown after ${burst} ms; long tasks: ${describeLong(burstLong)}; ${describeCpu(burstCpu)}`);
  console.log(`    the same page, 100 steps a frame whatever they cost (no time budget): all shown after ${baselineBurst} ms; long tasks: ${describeLong(baselineLong)}; ${describeCpu(baselineCpu)}`);
  if (before) console.log(`    baseline, the same run, the UI of ${process.env.BASELINE_UI}: all shown after ${before.shown} ms; long tasks: ${describeLong(before.long)}; ${describeCpu(before.cpu)}`);
  console.log(`  1000 more at 100 per second: long tasks: ${describeLong(steadyLong)}; frames median ${streamFrames[Math.floor(streamFrames.length / 2)].toFixed(1)} ms, max ${streamFrames.at(-1).toFixed(1)} ms; ${describeCpu(steadyCpu)}`);
} finally {
  await browser.close();
  server.stop();
  baseline?.stop();
}
