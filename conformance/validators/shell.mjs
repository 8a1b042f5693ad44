// Shell scripts Slipway writes (.slipway/ci.sh, which every CI target calls), checked by ShellCheck as POSIX sh:
// the pipelines run them with `sh`, which on Alpine-based images is BusyBox ash, not bash.
import { execFile } from 'node:child_process';

export const name = 'shellcheck';

export function matches(relPath) {
  return relPath.endsWith('.sh');
}

export function validate(absPath) {
  return new Promise(resolve => {
    execFile('shellcheck', ['--shell=sh', '--severity=style', '--format=gcc', absPath], { maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve([]);
        if (error.code === 'ENOENT') {
          return resolve(['shellcheck is not installed: apt-get install -y shellcheck (./scripts/test.sh installs it)']);
        }
        resolve([`${stdout}${stderr}`.trim() || `shellcheck exited with ${error.code}`]);
      });
  });
}
