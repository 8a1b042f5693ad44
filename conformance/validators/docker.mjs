// Dockerfiles: dockerfile-utils (the validator behind the Docker VS Code extension) with every rule at
// error level, plus the policy Slipway promises for the Dockerfiles it writes: every base image pinned
// (a tag that is not `latest`, or a digest; an image a COPY --from names too), the final stage runs as a numeric non-root USER, and no ADD
// fetches a remote URL (unverified downloads; use a pinned base image or COPY --from instead).
// Ignore files (`.dockerignore`, `Dockerfile.dockerignore`): non-empty, relative patterns only.
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';

const require = createRequire(import.meta.url);
const { validate: lint } = require('dockerfile-utils');
const { DockerfileParser } = require('dockerfile-ast');

export const name = 'dockerfile-utils';

export function matches(relPath) {
  const file = relPath.split('/').pop();
  return file === 'Dockerfile' || file === '.dockerignore' || file.endsWith('.dockerignore');
}

const ERROR = 2;
const STRICT = {
  deprecatedMaintainer: ERROR,
  directiveCasing: ERROR,
  emptyContinuationLine: ERROR,
  instructionCasing: ERROR,
  instructionCmdMultiple: ERROR,
  instructionEntrypointMultiple: ERROR,
  instructionHealthcheckMultiple: ERROR,
  instructionJSONInSingleQuotes: ERROR,
  instructionWorkdirRelative: ERROR,
};

export async function validate(absPath, relPath) {
  const content = await readFile(absPath, 'utf8');
  return relPath.endsWith('.dockerignore') ? checkIgnoreFile(content) : checkDockerfile(content);
}

function checkDockerfile(content) {
  const errors = [];
  // Errors and warnings alike fail: a generated file should not need a second look.
  for (const d of lint(content, STRICT)) {
    errors.push(`${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
  }
  const dockerfile = DockerfileParser.parse(content);
  const froms = dockerfile.getFROMs();
  if (froms.length === 0) return [...errors, 'no FROM instruction'];
  const stages = new Set();
  for (const from of froms) {
    const line = from.getRange().start.line + 1;
    const image = from.getImage() ?? '';
    const tag = from.getImageTag();
    const digest = from.getImageDigest();
    if (stages.has(image) || image === 'scratch') {
      // an earlier stage or the empty image: nothing to pin
    } else if (image.includes('$')) {
      errors.push(`${line}: FROM ${image}: a base image from a variable cannot be checked for a pin`);
    } else if (!digest && (!tag || tag === 'latest')) {
      errors.push(`${line}: FROM ${image}: base image not pinned (use an exact version tag or a digest, never latest)`);
    }
    if (from.getBuildStage()) stages.add(from.getBuildStage());
  }
  const lastFrom = froms[froms.length - 1].getRange().start.line;
  const instructions = dockerfile.getInstructions();
  const users = instructions.filter(i => i.getKeyword() === 'USER' && i.getRange().start.line > lastFrom);
  if (users.length === 0) {
    errors.push('final stage has no USER: the container would run as root');
  } else {
    const user = (users[users.length - 1].getArgumentsContent() ?? '').trim().split(':')[0];
    if (user === 'root' || user === '0') {
      errors.push(`final stage USER ${user}: runs as root`);
    } else if (!/^[0-9]+$/.test(user)) {
      errors.push(`final stage USER ${user}: use a numeric uid, so Kubernetes runAsNonRoot can verify it`);
    }
  }
  // COPY --from= an image rather than a stage (uv's binary from its image) pulls that image: pinned as well
  for (const copy of instructions.filter(i => i.getKeyword() === 'COPY')) {
    const image = copy.getFromFlag()?.getValue();
    if (image && !stages.has(image) && !/^[0-9]+$/.test(image)) {
      const name = image.slice(image.lastIndexOf('/') + 1);
      const tag = name.includes(':') ? name.slice(name.indexOf(':') + 1) : '';
      if (!image.includes('@sha256:') && (!tag || tag === 'latest')) {
        errors.push(`${copy.getRange().start.line + 1}: COPY --from=${image}: image not pinned (use an exact version tag or a digest, never latest)`);
      }
    }
  }
  for (const add of instructions.filter(i => i.getKeyword() === 'ADD')) {
    const sources = add.getArguments().map(a => a.getValue()).filter(v => !v.startsWith('--')).slice(0, -1);
    for (const source of sources) {
      if (/^(https?|git|ssh):\/\//.test(source) || /^git@/.test(source)) {
        errors.push(`${add.getRange().start.line + 1}: ADD ${source}: remote sources are not verified; use a pinned image or COPY`);
      }
    }
  }
  return errors;
}

function checkIgnoreFile(content) {
  const errors = [];
  const patterns = content.split('\n').map(l => l.trim()).filter(l => l && !l.startsWith('#'));
  if (patterns.length === 0) errors.push('ignore file has no patterns');
  for (const p of patterns) {
    const pattern = p.startsWith('!') ? p.slice(1) : p;
    if (pattern.startsWith('/')) errors.push(`pattern ${p}: absolute path (patterns are relative to the build context)`);
    if (pattern.split('/').includes('..')) errors.push(`pattern ${p}: '..' leaves the build context`);
  }
  return errors;
}
