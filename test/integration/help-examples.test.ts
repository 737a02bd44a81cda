/**
 * Help that runs (issue #11, item 2): every `Examples:` line of every `--help`, read from the real
 * command tree (scripts/cli-reference.ts renders the same help), runs here in order, as a user
 * would type it, and exits 0, or with the code its note states (`# exits 1: …`). A line whose note
 * says `runs until stopped` runs until it has synced once (`vzmc admin`: run one pass), then gets
 * SIGTERM and must exit 0.
 *
 * The shell (test/support/cli-shell.ts) has the built `vzmc` and kubectl on PATH and a $KUBECONFIG
 * with the contexts admin, managed1 and managed2: this file's own three harness clusters, so that
 * what the examples register, deploy and sync meets no other file's objects. The working directory
 * is a temporary one holding `examples`, a link to the repository's: the lines read the
 * repository's files at the paths the help shows, and the files they write (ca.pem, token,
 * register.yaml, .vzmc/…) never land in the repository. $VZMC_CACHE_DIR is a temporary cache
 * whose `bin` links to the real one, so `test-clusters` and `demo --real` reuse the built
 * binaries but keep their state (and their clusters) to this run. Needs `npm run build` first.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandPaths, helpOf } from '../../scripts/cli-reference.js';
import {
  defaultCacheDir,
  startTestClusters,
  stopTestClusters,
  type TestClusters,
} from '../../src/testing.js';
import { REPO, createShell, describeResult, type Shell } from '../support/cli-shell.js';

/** One example line of one command's help. */
interface Example {
  readonly command: string;
  readonly line: string;
  readonly note: string;
}

/** The `Examples:` lines of `vzmc <path> --help`: the command, and the note after `   # `. */
function examplesOf(path: readonly string[], help: string): Example[] {
  const start = help.indexOf('\nExamples:\n');
  if (start === -1) return [];
  return help
    .slice(start + '\nExamples:\n'.length)
    .split('\n')
    .filter((text) => text.startsWith('  '))
    .map((text) => {
      const at = text.indexOf('   # ');
      return {
        command: ['vzmc', ...path].join(' '),
        line: (at === -1 ? text : text.slice(0, at)).trim(),
        note: at === -1 ? '' : text.slice(at + 5),
      };
    });
}

const examples: Example[] = [];
for (const path of commandPaths()) examples.push(...examplesOf(path, await helpOf(path)));

/** What a line promises: its exit code, and whether it runs until stopped. */
function promise(example: Example): { code: number; untilStopped: boolean; timeoutMs: number } {
  const code = Number(/^exits (\d+):/.exec(example.note)?.[1] ?? 0);
  const untilStopped = example.note.startsWith('runs until stopped');
  // Lines that start API servers take longer on a shared 2-core machine.
  const slow = /demo --real|test-clusters up/.test(example.line);
  return { code, untilStopped, timeoutMs: slow ? 480_000 : 180_000 };
}

let clusters: TestClusters | undefined;
let shell: Shell;
let cache: string;

beforeAll(async () => {
  clusters = await startTestClusters({ clusters: ['admin', 'managed1', 'managed2'] });
  cache = mkdtempSync(join(tmpdir(), 'vzmc-help-cache-'));
  symlinkSync(join(defaultCacheDir(), 'bin'), join(cache, 'bin'));
  shell = await createShell(clusters.clusters, ['admin', 'managed1', 'managed2'], { VZMC_CACHE_DIR: cache });
  symlinkSync(join(REPO, 'examples'), join(shell.cwd, 'examples'));
}, 300_000);

afterAll(async () => {
  // Whatever `test-clusters up` or `demo --real` left running if a line failed midway.
  const stateDirs = [join(cache, 'state', 'cli'), join(cache, 'state', 'cli-demo')];
  const local = join(shell.cwd, '.vzmc');
  if (existsSync(local)) stateDirs.push(...readdirSync(local).map((d) => join(local, d)));
  for (const dir of stateDirs) if (existsSync(dir)) await stopTestClusters(dir);
  shell?.remove();
  rmSync(cache, { recursive: true, force: true });
  await clusters?.stop();
}, 120_000);

describe('the examples of every --help', () => {
  it('every command has examples, and they name only files of the repository or of earlier lines', () => {
    const commands = new Set(examples.map((e) => e.command));
    expect([...commands].sort()).toEqual(
      commandPaths()
        .map((p) => ['vzmc', ...p].join(' '))
        .sort(),
    );
    for (const { line } of examples) {
      expect(line).not.toMatch(/examples\/(todo-list|hello-helidon)/);
      expect(line).not.toMatch(/(?<!examples\/)\bfleet\//);
    }
  });

  it.each(examples.map((e) => [e.command, e.line, e] as const))(
    '%s: %s',
    async (_command, line, example) => {
      const { code, untilStopped, timeoutMs } = promise(example);
      const result = await shell.run(line, {
        timeoutMs,
        ...(untilStopped ? { stopWhen: /^(synced |admin pass )/m } : {}),
      });
      expect(result.timedOut, describeResult(line, result)).toBe(false);
      expect(result.code, describeResult(line, result)).toBe(code);
      if (untilStopped)
        expect(result.stdout).toMatch(
          example.command === 'vzmc admin' ? /^admin pass \(start\): /m : /^synced managed1: /m,
        );
    },
    600_000,
  );

  it('kubectl finds the plugin: `kubectl vzmc --help` says kubectl vzmc', async () => {
    const result = await shell.run('kubectl vzmc --help');
    expect(result.code, describeResult('kubectl vzmc --help', result)).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('Usage: kubectl vzmc [options] [command]');
    expect(result.stdout).toContain('\n  kubectl vzmc validate -f examples/fleet\n');
  });
});
