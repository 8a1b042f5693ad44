// A real `slipway serve` on the sandbox, started from the built distribution jar, on a free port and a fresh data dir.
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
const JAR = join(ROOT, 'slipway-cli', 'target', 'slipway.jar');

function java() {
  const home = process.env.JAVA_HOME;
  const bin = home ? join(home, 'bin', 'java') : 'java';
  if (!existsSync(JAR)) {
    throw new Error(`${JAR} is missing: build it first (./mvnw -B -ntp -DskipTests package), as scripts/test.sh does`);
  }
  return bin;
}

/**
 * The class path of the server: the jar, and with UI_DIST=1 first a directory whose dev/slipway/ui is a copy of this
 * module's dist/ (what `npm run build` just wrote; or UI_DIST=DIR, another build), so a UI change is tried without rebuilding the jar. The test command
 * leaves UI_DIST unset: it tests the UI packed in the jar.
 */
function classPath() {
  if (!process.env.UI_DIST) return JAR;
  const overlay = mkdtempSync(join(tmpdir(), 'slipway-ui-dist-'));
  // a copy, not a symlink: the server's static files refuse aliases
  const dist = process.env.UI_DIST === '1' ? resolve(import.meta.dirname, '..', 'dist') : resolve(process.env.UI_DIST);
  cpSync(dist, join(overlay, 'dev', 'slipway', 'ui'), { recursive: true });
  return `${overlay}:${JAR}`;
}

/** Runs the CLI to its end; returns stdout. */
export function slipway(args, options = {}) {
  return execFileSync(java(), ['-cp', JAR, 'dev.slipway.cli.Main', ...args], { encoding: 'utf8', ...options });
}

/**
 * @param specFile the served slipway.yaml (serve --config), or null for a server without one (no repository, no save)
 * @param faults a sandbox faults file: dev (the start of the promotion chain, so no gate asks where the versions ran
 *               before) gets the whole shop at 1.0.0 by a CLI release first, which keeps
 *               the faults in the sandbox the server then opens (so a faulty version's canary fails there)
 */
export async function startServer(specFile, faults) {
  const dataDir = mkdtempSync(join(tmpdir(), 'slipway-ui-e2e-'));
  if (faults) {
    const install = ['postgres=16.4.0', 'rabbitmq=3.13.7', 'redis=7.2.5', 'cart=1.0.0', 'catalog=1.0.0', 'checkout=1.0.0',
      'frontend=1.0.0', 'notifications=1.0.0', 'payments=1.0.0', 'recommendations=1.0.0', 'shipping=1.0.0'];
    slipway(['deploy', '-f', specFile, '--env', 'dev', ...install.flatMap((s) => ['--set', s]),
      '--sandbox-faults', faults, '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  }
  const token = (role, grants = [], name = `e2e-${role}-${grants.join('-').replaceAll(':', '-') || 'none'}`) =>
    slipway(['token', 'create', '--name', name, '--role', role,
      ...grants.flatMap((g) => ['--grant', g]), '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  const tokens = {
    admin: token('admin', ['dev', 'staging', 'production']),
    viewer: token('viewer'),
    deployer: token('deployer', ['staging']),
    // the shop's production names its approvers (approvers.names: [bob]); a token is the person its name says
    approver: token('deployer', ['approve:production'], 'bob'),
  };
  const config = specFile ? ['--config', specFile] : [];
  const child = spawn(java(), ['-cp', classPath(), 'dev.slipway.cli.Main', 'serve', '--port', '0', ...config,
    '--data-dir', dataDir, '--speed', '600'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = [];
  child.stderr.on('data', (d) => log.push(String(d)));
  const url = await new Promise((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`slipway serve did not start in 60 s:\n${out}\n${log.join('')}`)), 60_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/localhost:(\d+)\//);
      if (m) { clearTimeout(timer); resolveUrl(`http://127.0.0.1:${m[1]}/`); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`slipway serve exited ${code}:\n${out}\n${log.join('')}`)); });
  });
  return { url, tokens, log, dataDir, stop: () => child.kill('SIGTERM') };
}
