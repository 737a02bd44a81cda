#!/usr/bin/env node
// Packs the package and checks the tarball the way a consumer gets it: publint, and
// are-the-types-wrong.
//
// attw: vzmc is ESM only, and every entry has a `default` condition, so `require('vzmc')` loads
// the ES module where Node can require ESM (>= 20.19 and >= 22.12; test/package/packed.test.ts
// runs it, and type-checks a .cts that requires every entry with TypeScript's NodeNext). So:
// - `--profile node16` checks node16 from ESM, node16 from CJS and bundler. It ignores only
//   node10 (`moduleResolution: node`), which has no `exports` and cannot resolve vzmc/k8s or
//   vzmc/testing; the esm-only profile would also skip the CJS column, which now matters.
// - `--ignore-rules cjs-resolves-to-esm`: that rule calls a require() that lands on ESM an error
//   in Node, which stopped being true with require(esm) (and attw bundles TypeScript 5.6, older than
//   TypeScript's support for it in 5.8). Every other rule still applies to the CJS column:
//   a require() that resolves to nothing or to no types fails.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { npm, run } from './lib.mjs';

const out = mkdtempSync(join(tmpdir(), 'vzmc-pack-'));
try {
  let status = run(npm, ['pack', '--silent', '--pack-destination', out], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (status !== 0) process.exit(status);
  const tarball = join(
    out,
    readdirSync(out).find((f) => f.endsWith('.tgz')),
  );
  console.log(`packed ${tarball}`);
  status = run(npm, ['exec', '--', 'publint', 'run', tarball, '--strict']);
  if (status === 0)
    status = run(npm, [
      'exec',
      '--',
      'attw',
      tarball,
      '--profile',
      'node16',
      '--ignore-rules',
      'cjs-resolves-to-esm',
    ]);
  process.exitCode = status;
} finally {
  rmSync(out, { recursive: true, force: true });
}
