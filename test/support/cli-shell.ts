/**
 * A shell as a vzmc user has one: `vzmc`, `kubectl-vzmc` (the built CLI, dist/cli.js) and kubectl
 * (the harness's build) on PATH, and a kubeconfig with one context per harness cluster, named as
 * the caller asks. Integration tests run command lines in it through bash, with pipefail, so a
 * failing command anywhere in a pipe fails the line. Needs `npm run build` first.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { expect } from 'vitest';
import { toYamlDocument } from '../../src/index.js';
import { ensureControlPlaneBinaries, type TestClusterInfo } from '../../src/testing.js';

/** The repository root. */
export const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** The result of one command line. */
export interface LineResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the line was still running at its time limit (it was then stopped). */
  readonly timedOut: boolean;
}

/** A temporary shell environment; `remove()` deletes it. */
export interface Shell {
  /** The working directory (empty but for what the caller puts there). */
  readonly cwd: string;
  /** The environment lines run with. */
  readonly env: NodeJS.ProcessEnv;
  /** Runs `line` with `bash -o pipefail -c`. */
  run(line: string, options?: RunLineOptions): Promise<LineResult>;
  remove(): void;
}

/** Options of {@link Shell.run}. */
export interface RunLineOptions {
  /** Stop the line (SIGTERM to its process group, SIGKILL 10 s later) after this long. Default 120 s. */
  readonly timeoutMs?: number;
  /** Stop the line with SIGTERM once its stdout matches; the result then has `timedOut` false. */
  readonly stopWhen?: RegExp;
}

/** A kubeconfig with every cluster of `clusters`, each context, cluster and user named `names[i]`. */
export function mergedKubeconfig(clusters: readonly TestClusterInfo[], names: readonly string[]): string {
  type Named = { name: string } & Record<string, unknown>;
  const parts = clusters.map((cluster, i) => {
    const config = load(cluster.kubeconfig) as { clusters: Named[]; users: Named[]; contexts: Named[] };
    const name = names[i]!;
    return {
      cluster: { ...config.clusters[0]!, name },
      user: { ...config.users[0]!, name },
      context: { name, context: { cluster: name, user: name } },
    };
  });
  return toYamlDocument({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: parts.map((p) => p.cluster),
    users: parts.map((p) => p.user),
    contexts: parts.map((p) => p.context),
    'current-context': names[0],
  });
}

/**
 * A shell whose $KUBECONFIG holds `clusters` as contexts `names`, with the built CLI and kubectl on
 * PATH, HOME in the temporary directory, and `env` added.
 */
export async function createShell(
  clusters: readonly TestClusterInfo[],
  names: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<Shell> {
  const cli = join(REPO, 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
  const { kubectl } = await ensureControlPlaneBinaries({ kubectl: true });
  const root = mkdtempSync(join(tmpdir(), 'vzmc-shell-'));
  const bin = join(root, 'bin');
  const cwd = join(root, 'work');
  const home = join(root, 'home');
  for (const dir of [bin, cwd, home]) mkdirSync(dir);
  symlinkSync(cli, join(bin, 'vzmc'));
  symlinkSync(cli, join(bin, 'kubectl-vzmc'));
  symlinkSync(kubectl!, join(bin, 'kubectl'));
  const kubeconfig = join(root, 'kubeconfig');
  writeFileSync(kubeconfig, mergedKubeconfig(clusters, names), { mode: 0o600 });
  const fullEnv: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // What vitest and npm set for their own processes is not what a user's shell has.
    if (/^(VITEST|npm_)/i.test(key) || ['TEST', 'NODE_ENV', 'NODE_OPTIONS', 'NO_COLOR'].includes(key))
      continue;
    fullEnv[key] = value;
  }
  Object.assign(
    fullEnv,
    { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: home, KUBECONFIG: kubeconfig },
    env,
  );
  return {
    cwd,
    env: fullEnv,
    run: (line, options = {}) => runLine(line, cwd, fullEnv, options),
    remove: () => {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function runLine(
  line: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  options: RunLineOptions,
): Promise<LineResult> {
  return new Promise((resolve) => {
    // Its own process group, so that stopping the line stops every process of its pipe.
    const child = spawn('bash', ['-o', 'pipefail', '-c', line], {
      cwd,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 10_000).unref();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs ?? 120_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (options.stopWhen?.test(stdout)) stop();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** A failure message with everything a reader needs: the line, its exit and its output. */
export function describeResult(line: string, result: LineResult): string {
  return `$ ${line}\nexit ${result.code ?? result.signal}${result.timedOut ? ' (stopped at its time limit)' : ''}\n--- stdout\n${result.stdout.slice(-4000)}\n--- stderr\n${result.stderr.slice(-4000)}`;
}

/** Runs a line in `shell` and expects exit 0 (the failure shows the line's output); returns stdout. */
export async function runOk(shell: Shell, line: string): Promise<string> {
  const result = await shell.run(line);
  expect(result.code, describeResult(line, result)).toBe(0);
  return result.stdout;
}
