/**
 * Installing vzmc from a clean checkout, as the README's Install section says (issue #11): a
 * `git clone` of this repository's HEAD (no node_modules, no dist/), installed with
 * `npm install /path/to/clone` into a fresh project. npm links the checkout and runs its `prepare`
 * script there, which installs the checkout's dependencies and builds dist/. Tests the committed
 * HEAD, not uncommitted changes. (A git URL install was checked by hand: npm installs the clone's
 * devDependencies itself, then runs the same script.) Takes a minute or two: an `npm ci` and a build.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, run, succeeded, type RunResult } from './consumer.js';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let dir: string;
let clone: string;
let project: string;
let install: RunResult;
/** Whether the fresh clone had a dist/ (it must not: dist/ is git-ignored). */
let clonedWithDist: boolean;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vzmc-checkout-'));
  clone = join(dir, 'vzmc');
  project = join(dir, 'consumer');
  succeeded('git clone', await run('git', ['clone', '--quiet', REPO, clone], { cwd: dir }));
  clonedWithDist = existsSync(join(clone, 'dist'));
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  install = await run(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', clone], {
    cwd: project,
    timeoutMs: 540_000,
  });
}, 600_000);

afterAll(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('npm install /path/to/a/clean/checkout', () => {
  it('succeeds and builds dist/ in the checkout, which had none', () => {
    succeeded('npm install <checkout>', install);
    expect([clonedWithDist, existsSync(join(clone, 'dist', 'cli.js'))]).toEqual([false, true]);
  });

  it('gives a working vzmc --version', async () => {
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    const result = succeeded(
      'vzmc --version',
      await run(join(project, 'node_modules', '.bin', 'vzmc'), ['--version'], { cwd: project }),
    );
    expect(result.stdout.trim()).toBe(version);
  });

  it('gives a working import and require of vzmc', async () => {
    const body = `const text = 'apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: a}\\n';
      const kinds = (m) => m.loadText(text, 'a.yaml').objects.map((o) => o.object.kind);`;
    const esm = succeeded(
      'node (import)',
      await run(
        process.execPath,
        ['--input-type=module', '-e', `${body} console.log(JSON.stringify(kinds(await import('vzmc'))));`],
        { cwd: project },
      ),
    );
    const cjs = succeeded(
      'node (require)',
      await run(
        process.execPath,
        ['--input-type=commonjs', '-e', `${body} console.log(JSON.stringify(kinds(require('vzmc'))));`],
        { cwd: project },
      ),
    );
    expect([JSON.parse(esm.stdout), JSON.parse(cjs.stdout)]).toEqual([['ConfigMap'], ['ConfigMap']]);
  });
});
