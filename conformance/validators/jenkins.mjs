// Jenkinsfile, checked by npm-groovy-lint (CodeNarc with the Jenkinsfile ruleset; parse errors are errors).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = join(fileURLToPath(new URL('..', import.meta.url)), 'node_modules', '.bin', 'npm-groovy-lint');

export const name = 'npm-groovy-lint';

export function matches(relPath) {
  return relPath === 'Jenkinsfile' || relPath.endsWith('/Jenkinsfile');
}

export function validate(absPath) {
  // --noserver: no lingering CodeNarc server JVM; --no-insight: no usage statistics sent to a host this machine cannot
  // reach (it hangs on large files); --failon error: info/warning rules do not fail a file.
  // HOME goes to a throwaway directory because the tool writes caches there.
  const home = mkdtempSync(join(tmpdir(), 'groovy-lint-home-'));
  const args = ['--noserver', '--no-insight', '--failon', 'error', '--output', 'txt', absPath];
  return new Promise(resolve => {
    execFile(bin, args, { env: { ...process.env, HOME: home, NO_COLOR: '1', FORCE_COLOR: '0' }, maxBuffer: 16 * 1024 * 1024, timeout: 300_000 },
      (error, stdout, stderr) => {
        rmSync(home, { recursive: true, force: true });
        if (!error) return resolve([]);
        resolve([`${stdout}${stderr}`.trim() || `npm-groovy-lint exited with ${error.code}`]);
      });
  });
}
