#!/usr/bin/env node
// The whole test suite, from a fresh clone: installs what is missing, builds the package and the
// Go control-plane binaries (once, into .cache/), then runs every check and test. `.ci/run` calls this.
import { ensureBuild, ensureChromium, ensureDependencies, checkNode, npm, run, runSteps } from './lib.mjs';

checkNode();
const npx = (args) => run(npm, ['exec', '--', ...args]);

process.exitCode = runSteps([
  { name: 'dependencies (npm ci when needed)', run: ensureDependencies, stopOnFailure: true },
  { name: 'typecheck (tsc --noEmit)', run: () => npx(['tsc', '--noEmit']) },
  { name: 'lint (eslint)', run: () => npx(['eslint', '.']) },
  { name: 'format (prettier --check)', run: () => npx(['prettier', '--check', '.', '--log-level', 'warn']) },
  { name: 'build (tsup)', run: () => ensureBuild({ force: true }), stopOnFailure: true },
  {
    name: 'API reference (typedoc, no undocumented export)',
    run: () => run(npm, ['run', '--silent', 'docs:api']),
  },
  {
    // Built once into .cache/vzmc (git-ignored), keyed by version; later runs find them and skip this.
    // kubectl too: the CLI tests pipe vzmc's output into it, as a user's shell does.
    name: 'control plane: etcd, kube-apiserver and kubectl from Go modules',
    run: () => run(process.execPath, ['dist/cli.js', 'test-clusters', 'build', '--kubectl']),
    stopOnFailure: true,
  },
  {
    // The report's browser test drives Debian's chromium through playwright-core (no browser download).
    name: 'browser: Debian chromium for the report test (apt-get when missing)',
    run: ensureChromium,
  },
  { name: 'tests (vitest: unit, package, browser, integration)', run: () => npx(['vitest', 'run']) },
  { name: 'package (npm pack, publint, attw)', run: () => run(process.execPath, ['scripts/pack-check.mjs']) },
]);
