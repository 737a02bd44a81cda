#!/usr/bin/env node
// npm's `prepare` hook: builds dist/ (git-ignored) when it is missing or older than the sources,
// and does nothing when it is current. npm runs it
// - after `npm install` / `npm ci` in this checkout (a fresh clone pays one tsup build there);
// - before `npm pack`, so a tarball never holds a stale dist/;
// - when another project installs vzmc from a git URL: npm clones it, installs its dependencies
//   and devDependencies, then runs this;
// - when another project installs vzmc from a local checkout (`npm install /path/to/vzmc`): npm
//   links the checkout and runs this in it, but installs none of the checkout's dependencies, so
//   a clean checkout gets them here (`npm ci` in the checkout), then the build.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureBuild, npm, root, run } from './lib.mjs';

const built = existsSync(join(root, 'dist', 'cli.js'));
const toolchain = existsSync(join(root, 'node_modules', 'tsup'));
// The project npm is installing into; this checkout itself for `npm ci` / `npm install` here.
const installer = process.env.npm_config_local_prefix;
const installedElsewhere = installer !== undefined && resolve(installer) !== resolve(root);

/** The environment for an `npm ci` of this checkout: without what the outer npm command set for its own project. */
function ownEnv() {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_(lifecycle_|package_|command$)/.test(key)) continue;
    if (/^npm_config_(local_prefix|prefix|global|omit|include|only|production|dev|save|workspace)/.test(key))
      continue;
    env[key] = value;
  }
  return env;
}

if (toolchain) {
  process.exitCode = ensureBuild();
} else if (installedElsewhere) {
  console.log(`vzmc: installing the dependencies of ${root} (npm ci), to build dist/`);
  const status = run(npm, ['ci', '--no-audit', '--no-fund'], { env: ownEnv() });
  // That npm ci ran this hook again, with tsup, which built dist/; ensureBuild only checks.
  process.exitCode = status === 0 ? ensureBuild() : status;
} else if (built) {
  // e.g. `npm ci --omit=dev` here: nothing to build with, and a dist/ to use.
  console.error('vzmc: tsup is not installed (devDependencies omitted); using the existing dist/.');
} else {
  console.error('vzmc: dist/ is missing and tsup is not installed: install with devDependencies to build.');
  process.exitCode = 1;
}
