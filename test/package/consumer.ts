/**
 * A consumer project for the built package, as a user would have it: the repository packed with
 * `npm pack`, installed with npm into a fresh temporary project whose workspaces are copies of
 * `examples/`. Each example's `package.json` gets its `vzmc` dependency (the tarball) here. vzmc,
 * its dependencies and, when an example uses vitest, vitest at the lowest version of vzmc's
 * optional peer range (not the repository's) are installed; the rest of the toolchain the examples
 * declare as devDependencies (TypeScript, @types/node) is the repository's, linked where npm would
 * hoist it.
 *
 * Used by test/package/packed.test.ts and test/integration/example-controller.test.ts.
 */
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** The repository's tsc (TypeScript is linked into consumer projects from the repository). */
export const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
/** What the examples declare as devDependencies and is linked from the repository. */
const TOOLCHAIN = ['typescript', '@types/node'] as const;

/**
 * The lowest vitest that vzmc's optional peer range (`^4.1.0`) accepts. Consumer projects whose
 * examples use vitest install this one from the registry, beside the tarball: the install proves
 * the range resolves (npm fails with ERESOLVE on a peer it does not satisfy), and the examples run
 * on it.
 */
export const VITEST_FLOOR: string = (() => {
  const { peerDependencies } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
    peerDependencies: { vitest: string };
  };
  const floor = /^\^(\d+\.\d+\.\d+)$/.exec(peerDependencies.vitest)?.[1];
  if (floor === undefined) throw new Error(`vitest peer range ${peerDependencies.vitest} is not ^x.y.z`);
  return floor;
})();

export const EXAMPLES = ['cli-embedding', 'controller', 'placement-tests', 'registration-script'] as const;
export type ExampleName = (typeof EXAMPLES)[number];

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment of a child process: this one's, without what vitest sets for its workers
 * (`VITEST*`, `TEST`, `NODE_ENV`, `NODE_OPTIONS`) and what npm sets for the script that started
 * vitest (`npm_*`, among them `npm_config_local_prefix` pointing at the repository), so that a
 * child runs as it would from a shell in its own directory.
 */
function childEnv(extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(VITEST|npm_)/i.test(key) || ['TEST', 'NODE_ENV', 'NODE_OPTIONS'].includes(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/**
 * Runs a command to completion; never rejects (a spawn failure is exit code null with the reason on
 * stderr). The command runs in a process group of its own: on timeout the whole group is killed
 * (npm's children hold the pipes open, so killing npm alone would never end the wait), and the
 * result carries what it printed until then.
 */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: Readonly<Record<string, string>>; timeoutMs?: number },
): Promise<RunResult> {
  const timeoutMs = options.timeoutMs ?? 240_000;
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: childEnv(options.env ?? {}),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const finish = (code: number | null) => {
      clearTimeout(timer);
      const note = timedOut
        ? `\n[timed out after ${Math.round((Date.now() - started) / 1000)} s; process group killed]`
        : '';
      resolve({ code: timedOut ? null : code, stdout, stderr: `${stderr}${note}` });
    };
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      // A grandchild outside the group could still hold a pipe: do not wait for it.
      setTimeout(() => {
        finish(null);
      }, 5_000).unref();
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', (error) => {
      stderr += error.message;
      finish(null);
    });
    child.on('close', (code) => {
      finish(code);
    });
  });
}

/** Throws with the command's output when it failed. */
export function succeeded(what: string, result: RunResult): RunResult {
  if (result.code !== 0)
    throw new Error(
      `${what} exited with ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
  return result;
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
const writeJson = (path: string, value: unknown) => {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
};

export interface ConsumerProject {
  /** The project root (its `node_modules/.bin` holds `vzmc` and `kubectl-vzmc`). */
  readonly dir: string;
  readonly tarball: string;
  /** What `npm install` printed. */
  readonly install: RunResult;
  /** Where an example was copied. */
  exampleDir(example: ExampleName): string;
  /** `tsc -p` in the example, with the repository's TypeScript. */
  tsc(example: ExampleName): Promise<RunResult>;
  /** `node dist/<script>.js …` in the example: plain node, no loader. */
  node(
    example: ExampleName,
    script: string,
    args?: readonly string[],
    env?: Readonly<Record<string, string>>,
  ): Promise<RunResult>;
  remove(): void;
}

/** Packs the repository and installs it into a new consumer project holding the given examples. */
export async function createConsumerProject(
  examples: readonly ExampleName[] = EXAMPLES,
): Promise<ConsumerProject> {
  if (!existsSync(join(REPO, 'dist', 'index.js')))
    throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  const dir = mkdtempSync(join(tmpdir(), 'vzmc-consumer-'));
  try {
    succeeded('npm pack', await run(NPM, ['pack', '--silent', '--pack-destination', dir], { cwd: REPO }));
    const packed = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
    if (packed.length !== 1) throw new Error(`npm pack wrote ${packed.length} tarballs into ${dir}`);
    const tarball = join(dir, packed[0]!);

    const usesVitest = examples.some((example) => {
      const { devDependencies } = readJson(join(REPO, 'examples', example, 'package.json'));
      return typeof devDependencies === 'object' && devDependencies !== null && 'vitest' in devDependencies;
    });
    writeJson(join(dir, 'package.json'), {
      name: 'vzmc-consumer',
      private: true,
      type: 'module',
      workspaces: [...examples],
      ...(usesVitest ? { devDependencies: { vitest: VITEST_FLOOR } } : {}),
    });
    for (const example of examples) {
      const target = join(dir, example);
      cpSync(join(REPO, 'examples', example), target, {
        recursive: true,
        filter: (source) => !/[/\\](node_modules|dist)$/.test(source),
      });
      const manifest = readJson(join(target, 'package.json'));
      manifest.dependencies = { ...(manifest.dependencies as object | undefined), vzmc: `file:${tarball}` };
      delete manifest.devDependencies;
      writeJson(join(target, 'package.json'), manifest);
    }
    // --prefer-offline: the npm cache answers when it can (fast, works offline once warm); the
    // registry otherwise, as on a clean CI machine.
    const install = succeeded(
      'npm install',
      await run(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir }),
    );
    // Where npm would hoist the examples' devDependencies. @types/node may already be there, for
    // @kubernetes/client-node; the examples declare the repository's version, as hoisting would pick.
    for (const tool of TOOLCHAIN) {
      const link = join(dir, 'node_modules', tool);
      rmSync(link, { recursive: true, force: true });
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(join(REPO, 'node_modules', tool), link, 'junction');
    }

    const exampleDir = (example: ExampleName) => join(dir, example);
    return {
      dir,
      tarball,
      install,
      exampleDir,
      tsc: (example) => run(process.execPath, [TSC, '-p', exampleDir(example)], { cwd: exampleDir(example) }),
      node: (example, script, args = [], env = {}) =>
        run(process.execPath, [join('dist', `${script}.js`), ...args], { cwd: exampleDir(example), env }),
      remove: () => {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
