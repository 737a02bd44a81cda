/**
 * Builds etcd, kube-apiserver and (on request) kubectl from their official Go modules into a
 * version-keyed cache, once. Interrupted builds leave nothing behind: output goes to a temporary
 * name and is renamed into place only after it ran `--version` successfully.
 */
import { chmod, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withFileLock } from './file-lock.js';
import { BINARY_PACKAGES, buildLdflags } from './go-modules.js';
import { findGoToolchain, isExecutable } from './go-toolchain.js';
import { defaultCacheDir } from './paths.js';
import { ControlPlaneBinary, type BuildProgressListener, type BuildStepRef } from './progress.js';
import { runCommand } from './run-command.js';
import {
  goEnvironment,
  prepareWrapperModule,
  readPreparedModule,
  UPSTREAM_MODULE,
  wrapperModuleDir,
  type ModuleFamily,
} from './wrapper-module.js';

/** The Kubernetes release the harness builds by default. */
export const DEFAULT_KUBERNETES_VERSION = 'v1.34.4';
/** The etcd release the harness builds by default (k8s 1.34 is tested against etcd 3.6). */
export const DEFAULT_ETCD_VERSION = 'v3.6.16';

/** Options for {@link ensureControlPlaneBinaries}. */
export interface EnsureControlPlaneBinariesOptions {
  /** Default {@link defaultCacheDir}: `$VZMC_CACHE_DIR`, else `<cwd>/.cache/vzmc`. */
  readonly cacheDir?: string;
  /** Default {@link DEFAULT_KUBERNETES_VERSION}. */
  readonly kubernetesVersion?: string;
  /** Default {@link DEFAULT_ETCD_VERSION}. */
  readonly etcdVersion?: string;
  /** Also build kubectl (from the same module as kube-apiserver). Default false: it costs build time. */
  readonly kubectl?: boolean;
  /** Progress events; see `createProgressReporter` for the default stderr reporter. */
  readonly onProgress?: BuildProgressListener;
  /** Environment for the Go command (GOPROXY, GOCACHE, GOFLAGS, GOTOOLCHAIN…). Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Limit for each Go command. Default 60 minutes. */
  readonly commandTimeoutMs?: number;
}

/** One binary this call built. */
export interface BinaryBuildRecord {
  /** Which binary. */
  readonly binary: ControlPlaneBinary;
  /** Its version, e.g. `v1.34.4`. */
  readonly version: string;
  /** Where it is in the cache. */
  readonly path: string;
  /** Wall time of `go build`. */
  readonly buildMs: number;
  /** Wall time of resolving the wrapper module (`go mod download` + `go mod tidy`) for this build; 0 when reused. */
  readonly moduleMs: number;
  /** E.g. `go1.26.8`. */
  readonly goVersion: string;
  /** ISO timestamp. */
  readonly builtAt: string;
}

/** Paths of the control-plane binaries. */
export interface ControlPlaneBinaries {
  /** Path of the etcd binary. */
  readonly etcd: string;
  /** Path of the kube-apiserver binary. */
  readonly kubeApiserver: string;
  /** Present when requested with `kubectl: true`. */
  readonly kubectl?: string;
  /** The Kubernetes version built, e.g. `v1.34.4`. */
  readonly kubernetesVersion: string;
  /** The etcd version built, e.g. `v3.6.16`. */
  readonly etcdVersion: string;
  /** What this call built (with durations); empty when everything came from the cache. */
  readonly built: readonly BinaryBuildRecord[];
}

interface Target {
  readonly binary: ControlPlaneBinary;
  readonly version: string;
  readonly path: string;
  readonly family: ModuleFamily;
}

/** Where a binary lives in the cache: `<cache>/bin/<binary>-<version>`. */
export function binaryPath(cacheDir: string, binary: ControlPlaneBinary, version: string): string {
  return join(cacheDir, 'bin', `${binary}-${version}`);
}

/** The build record stored next to a binary (`<binary>.build.json`), if any. */
export async function readBuildRecord(path: string): Promise<BinaryBuildRecord | undefined> {
  try {
    return JSON.parse(await readFile(`${path}.build.json`, 'utf8')) as BinaryBuildRecord;
  } catch {
    return undefined;
  }
}

/**
 * Makes sure the control-plane binaries exist in the cache, building whatever is missing from the
 * Go module proxy. Concurrent callers build once (a lock file), and an interrupted build never
 * leaves a broken binary. Rejects with a `GoToolchainError` naming what to install when Go is
 * missing; it never skips silently.
 *
 * @example
 * const binaries = await ensureControlPlaneBinaries({ onProgress: createProgressReporter() });
 * // binaries.kubeApiserver === '<cwd>/.cache/vzmc/bin/kube-apiserver-v1.34.4'
 */
export async function ensureControlPlaneBinaries(
  options: EnsureControlPlaneBinariesOptions = {},
): Promise<ControlPlaneBinaries> {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const emit: BuildProgressListener = options.onProgress ?? (() => undefined);
  const cacheDir = options.cacheDir ?? defaultCacheDir(options.env ?? process.env);
  const kubernetesVersion = options.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
  const etcdVersion = options.etcdVersion ?? DEFAULT_ETCD_VERSION;
  const targets: Target[] = [
    {
      binary: ControlPlaneBinary.Etcd,
      version: etcdVersion,
      family: 'etcd',
      path: binaryPath(cacheDir, 'etcd', etcdVersion),
    },
    {
      binary: ControlPlaneBinary.KubeApiserver,
      version: kubernetesVersion,
      family: 'kubernetes',
      path: binaryPath(cacheDir, 'kube-apiserver', kubernetesVersion),
    },
    ...(options.kubectl === true
      ? [
          {
            binary: ControlPlaneBinary.Kubectl,
            version: kubernetesVersion,
            family: 'kubernetes' as const,
            path: binaryPath(cacheDir, 'kubectl', kubernetesVersion),
          },
        ]
      : []),
  ];
  const result = (built: readonly BinaryBuildRecord[]): ControlPlaneBinaries => ({
    etcd: targets[0]!.path,
    kubeApiserver: targets[1]!.path,
    ...(targets[2] ? { kubectl: targets[2].path } : {}),
    kubernetesVersion,
    etcdVersion,
    built,
  });

  if (targets.every((t) => isExecutable(t.path))) {
    emit({ kind: 'done', built: [], elapsedMs: elapsed() });
    return result([]);
  }

  const binDir = join(cacheDir, 'bin');
  await mkdir(binDir, { recursive: true });
  const lockPath = join(binDir, '.build.lock');
  const commandTimeoutMs = options.commandTimeoutMs ?? 60 * 60_000;
  const built = await withFileLock(
    lockPath,
    {
      // Another process may be in the middle of a cold kube-apiserver build.
      timeoutMs: 2 * commandTimeoutMs,
      onWait: (holderPid) => {
        emit({ kind: 'waiting-for-lock', lockPath, holderPid, elapsedMs: elapsed() });
      },
    },
    async () => {
      // Whoever held the lock may have built what we need; and anything temporary left in bin/ is
      // from an interrupted build, since nobody else can be building now.
      await removeTemporaryOutputs(binDir);
      const missing = targets.filter((t) => !isExecutable(t.path));
      if (missing.length === 0) return [];
      return buildMissing(missing, {
        cacheDir,
        env: options.env ?? process.env,
        commandTimeoutMs,
        emit,
        elapsed,
      });
    },
  );
  emit({ kind: 'done', built: built.map((b) => b.binary), elapsedMs: elapsed() });
  return result(built);
}

async function removeTemporaryOutputs(binDir: string): Promise<void> {
  for (const name of await readdir(binDir)) {
    if (name.startsWith('.') && name.includes('.tmp-')) await rm(join(binDir, name), { force: true });
  }
}

interface BuildContext {
  readonly cacheDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly commandTimeoutMs: number;
  readonly emit: BuildProgressListener;
  readonly elapsed: () => number;
}

async function buildMissing(missing: readonly Target[], ctx: BuildContext): Promise<BinaryBuildRecord[]> {
  const families = [...new Set(missing.map((t) => t.family))];
  const unprepared = new Set<string>();
  for (const family of families) {
    const dir = wrapperModuleDir(ctx.cacheDir, family, versionOf(missing, family));
    if ((await readPreparedModule(dir)) === undefined) unprepared.add(family);
  }
  const totalSteps = 1 + unprepared.size + missing.length;
  let step = 0;
  const runStep = async <T>(
    title: string,
    fn: (ref: BuildStepRef, stepStarted: number) => Promise<T>,
  ): Promise<{ value: T; durationMs: number }> => {
    step += 1;
    const ref: BuildStepRef = { step, totalSteps, title };
    const stepStarted = Date.now();
    ctx.emit({ kind: 'step-start', ...ref, elapsedMs: ctx.elapsed() });
    const value = await fn(ref, stepStarted);
    const durationMs = Date.now() - stepStarted;
    ctx.emit({ kind: 'step-done', ...ref, durationMs, elapsedMs: ctx.elapsed() });
    return { value, durationMs };
  };

  const { value: toolchain } = await runStep('check the Go toolchain', async () => findGoToolchain(ctx.env));
  const records: BinaryBuildRecord[] = [];
  for (const family of families) {
    const version = versionOf(missing, family);
    const dir = wrapperModuleDir(ctx.cacheDir, family, version);
    let moduleMs = 0;
    let prepared = await readPreparedModule(dir);
    if (prepared === undefined) {
      const step = await runStep(
        `resolve the ${UPSTREAM_MODULE[family]}@${version} module`,
        (ref, stepStarted) =>
          prepareWrapperModule({
            family,
            version,
            dir,
            toolchain,
            env: ctx.env,
            timeoutMs: ctx.commandTimeoutMs,
            // `go: downloading …` lines: progress, though not packages.
            onLine: (line) => {
              ctx.emit({
                kind: 'output',
                ...ref,
                line,
                packages: 0,
                stepElapsedMs: Date.now() - stepStarted,
                elapsedMs: ctx.elapsed(),
              });
            },
          }),
      );
      prepared = step.value;
      moduleMs = step.durationMs;
    }
    const goEnv = goEnvironment(ctx.env, toolchain, prepared.requiresGo, family, version);
    for (const target of missing.filter((t) => t.family === family)) {
      const { value: buildMs } = await runStep(`build ${target.binary} ${version}`, (ref, stepStarted) =>
        buildBinary(target, dir, toolchain.go, goEnv, ctx, ref, stepStarted),
      );
      const record: BinaryBuildRecord = {
        binary: target.binary,
        version,
        path: target.path,
        buildMs,
        moduleMs,
        goVersion: toolchain.version,
        builtAt: new Date().toISOString(),
      };
      moduleMs = 0;
      await writeFile(`${target.path}.build.json`, `${JSON.stringify(record, null, 2)}\n`);
      records.push(record);
    }
  }
  return records;
}

function versionOf(targets: readonly Target[], family: Target['family']): string {
  return targets.find((t) => t.family === family)!.version;
}

const VERSION_CHECK: Record<ControlPlaneBinary, { args: string[]; expect: (version: string) => string }> = {
  etcd: { args: ['--version'], expect: (v) => `etcd Version: ${v.replace(/^v/, '')}` },
  'kube-apiserver': { args: ['--version'], expect: (v) => `Kubernetes ${v}` },
  kubectl: { args: ['version', '--client'], expect: (v) => `Client Version: ${v}` },
};

async function buildBinary(
  target: Target,
  dir: string,
  go: string,
  env: Record<string, string | undefined>,
  ctx: BuildContext,
  ref: BuildStepRef,
  stepStarted: number,
): Promise<number> {
  const temp = join(ctx.cacheDir, 'bin', `.${target.binary}-${target.version}.tmp-${process.pid}`);
  let packages = 0;
  try {
    const build = await runCommand(
      go,
      [
        'build',
        '-v',
        '-trimpath',
        '-ldflags',
        buildLdflags(target.binary, target.version),
        '-o',
        temp,
        BINARY_PACKAGES[target.binary],
      ],
      {
        cwd: dir,
        env,
        timeoutMs: ctx.commandTimeoutMs,
        onLine: (line) => {
          // `go build -v` names each package as it compiles it.
          if (!line.startsWith('go: ') && !line.includes(' ')) packages += 1;
          ctx.emit({
            kind: 'output',
            ...ref,
            line,
            packages,
            stepElapsedMs: Date.now() - stepStarted,
            elapsedMs: ctx.elapsed(),
          });
        },
      },
    );
    const check = VERSION_CHECK[target.binary];
    const reported = await runCommand(temp, check.args, { cwd: dir, env: {}, timeoutMs: 60_000 });
    const expected = check.expect(target.version);
    if (!reported.stdout.includes(expected)) {
      throw new Error(
        `${target.binary} was built but reports "${reported.stdout.trim()}", not "${expected}"`,
      );
    }
    await chmod(temp, 0o755);
    await rename(temp, target.path);
    return build.durationMs;
  } finally {
    await rm(temp, { force: true });
  }
}
