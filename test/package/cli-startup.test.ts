/**
 * Start-up of the built CLI (issue #11, item 6): the modules Node loads for each command, recorded
 * by a loader hook (test/support/record-modules.mjs) around `node dist/cli.js …`. `--version`,
 * `--help`, `completion` and the offline commands never load @kubernetes/client-node; `--version`
 * loads the entry, small chunks of the command tree and commander. The timing is bench/cli-startup.bench.ts's.
 * Runs after `npm run build`.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, run } from './consumer.js';

const HOOK = fileURLToPath(new URL('../support/record-modules.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'vzmc-startup-'));
let runs = 0;

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `node dist/cli.js …args` and returns its exit code and the module URLs it loaded, relative to the repository. */
async function loaded(args: readonly string[]): Promise<{ code: number | null; modules: string[] }> {
  const file = join(dir, `run-${++runs}.txt`);
  const result = await run(process.execPath, ['--import', HOOK, 'dist/cli.js', ...args], {
    cwd: REPO,
    env: { VZMC_RECORD_MODULES: file },
    timeoutMs: 60_000,
  });
  const repo = `file://${REPO.endsWith('/') ? REPO : `${REPO}/`}`;
  const modules = [...new Set(readFileSync(file, 'utf8').trim().split('\n'))].map((url) =>
    url.startsWith(repo) ? url.slice(repo.length) : url,
  );
  return { code: result.code, modules };
}

const clientNode = (modules: readonly string[]) =>
  modules.filter((m) => m.includes('@kubernetes/client-node'));
const packages = (modules: readonly string[]) =>
  [...new Set(modules.flatMap((m) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(m)?.[1] ?? []))].sort();

describe('what the built CLI loads', () => {
  it('--version: the entry, small chunks of the command tree (under 16 KB in all), and commander; nothing else', async () => {
    const { code, modules } = await loaded(['--version']);
    expect(code).toBe(0);
    expect(packages(modules)).toEqual(['commander']);
    const dist = modules.filter((m) => m.startsWith('dist/'));
    expect(dist[0]).toBe('dist/cli.js');
    for (const chunk of dist.slice(1)) expect(chunk).toMatch(/^dist\/chunk-\w+\.js$/);
    // The chunks are split by what the lazy commands share with the tree; their size is what counts.
    const bytes = dist.slice(1).reduce((sum, m) => sum + statSync(join(REPO, m)).size, 0);
    expect(bytes).toBeLessThan(16_384);
    expect(modules.length).toBeLessThanOrEqual(10);
  });

  it.each([
    [['--help']],
    [['validate', '--help']],
    [['completion', 'bash']],
    [['validate', '-f', 'examples/fleet']],
    [['explain', '-f', 'examples/fleet']],
    [['report', '-f', 'examples/fleet']],
    [['render', '-f', 'examples/fleet', '--cluster', 'managed1', '-o', 'yaml']],
    [['crds']],
    [['federation', '-f', 'examples/fleet']],
    [
      [
        'register',
        'managed1',
        '--admin-server',
        'https://a.example.com:6443',
        '--token-file',
        'package.json',
      ],
    ],
    [['plan', '--cluster', 'managed1', '--admin', 'examples/fleet', '--local', 'examples/patches']],
  ])('%j succeeds without loading @kubernetes/client-node', async (args) => {
    const { code, modules } = await loaded(args);
    expect(code).toBe(0);
    expect(clientNode(modules)).toEqual([]);
  });

  it('--help and completion load no schema library (zod), YAML parser or core module either', async () => {
    for (const args of [['--help'], ['completion', 'zsh']]) {
      const { modules } = await loaded(args);
      expect(packages(modules), args.join(' ')).toEqual(['commander']);
    }
  });

  it('the recorder sees client-node where a command does talk to a cluster (plan --context)', async () => {
    const { code, modules } = await loaded([
      'plan',
      '--cluster',
      'managed1',
      '--admin',
      'examples/fleet',
      '--kubeconfig',
      '/dev/null',
      '--context',
      'nowhere',
    ]);
    expect(code).toBe(1);
    expect(clientNode(modules).length).toBeGreaterThan(0);
  });
});
