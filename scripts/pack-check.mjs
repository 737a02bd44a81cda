#!/usr/bin/env node
// Packs the package and checks the tarball the way a consumer gets it: publint, and
// are-the-types-wrong with the ESM-only profile.
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
  if (status === 0) status = run(npm, ['exec', '--', 'attw', tarball, '--profile', 'esm-only']);
  process.exitCode = status;
} finally {
  rmSync(out, { recursive: true, force: true });
}
