// GitHub Actions workflows, checked by action-validator (SchemaStore's workflow schema plus glob checks).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = join(fileURLToPath(new URL('..', import.meta.url)), 'node_modules', '.bin', 'action-validator');

export const name = 'action-validator';

export function matches(relPath) {
  return /^\.github\/workflows\/[^/]+\.ya?ml$/.test(relPath);
}

export function validate(absPath) {
  // One file per call: the CLI stops at the first invalid file.
  return new Promise(resolve => {
    execFile(bin, [absPath], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve([]);
      const text = `${stderr}${stdout}`.trim();
      resolve([text || `action-validator exited with ${error.code}`]);
    });
  });
}
