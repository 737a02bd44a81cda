/**
 * Acceptance (issue #11): a clone with no ../shared beside it, then the README's first command.
 * The built CLI runs `vzmc demo` from a temporary working directory, with the corpus location
 * pointing at nothing, and passes within a minute; so does a copy of exactly the files `npm pack`
 * ships, as a tarball install has them.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, run, succeeded, type RunResult } from './consumer.js';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const temporary: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
};

afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** Runs `node <cli> demo` from `cwd` with $VZMC_VERRAZZANO_DIR at a folder that does not exist. */
async function demo(cli: string, cwd: string): Promise<{ result: RunResult; seconds: number }> {
  const start = performance.now();
  const result = await run(process.execPath, [cli, 'demo'], {
    cwd,
    env: { VZMC_VERRAZZANO_DIR: join(cwd, 'no-such-verrazzano') },
    timeoutMs: 120_000,
  });
  return { result, seconds: (performance.now() - start) / 1000 };
}

function expectPassed({ result, seconds }: { result: RunResult; seconds: number }, fleet: string): void {
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).toContain(`Inputs: vzmc's example fleet, ${fleet}\n`);
  expect(result.stdout.match(/^✗ .*/gm) ?? []).toEqual([]);
  expect(result.stdout).toContain('\nThe demo finished: every check passed.\n');
  expect(seconds).toBeLessThan(60);
}

describe('the demo with the corpus location pointing at nothing', () => {
  it('node dist/cli.js demo, from a temporary cwd with no ../shared: exit 0, every check passed, under 60 s', async () => {
    const cwd = tempDir('vzmc-demo-cwd-');
    expect(existsSync(join(cwd, '..', 'shared'))).toBe(false);
    expectPassed(await demo(join(REPO, 'dist', 'cli.js'), cwd), join(REPO, 'examples', 'fleet'));
  });

  it('the files npm pack ships, and nothing else of the repository, run the demo on their own fleet', async () => {
    const listing = succeeded(
      'npm pack --dry-run',
      await run(NPM, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO }),
    );
    const [{ files }] = JSON.parse(listing.stdout) as [{ files: { path: string }[] }];
    const installed = join(tempDir('vzmc-demo-package-'), 'vzmc');
    for (const { path } of files) cpSync(join(REPO, path), join(installed, path));
    // Its dependencies, where npm would have installed them beside it.
    symlinkSync(join(REPO, 'node_modules'), join(dirname(installed), 'node_modules'), 'junction');
    expect(files.map((f) => f.path)).toContain('examples/fleet/todo-list/todo-app.yaml');
    expectPassed(
      await demo(join(installed, 'dist', 'cli.js'), tempDir('vzmc-demo-cwd-')),
      join(installed, 'examples', 'fleet'),
    );
  });
});
