/**
 * Resolving a wrapper module on disk (`<cache>/go/<family>-<version>/`): download the upstream
 * module's go.mod to learn its staging modules and minimum Go, write go.mod and tools.go, then
 * `go mod tidy`. A marker records success, so later builds skip straight to `go build`.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  etcdWrapperModule,
  goDirective,
  kubernetesWrapperModule,
  modulesRequiredAtV000,
  type WrapperModule,
} from './go-modules.js';
import { goVersionAtLeast, GoToolchainError, type GoToolchain } from './go-toolchain.js';
import { CommandFailedError, runCommand } from './run-command.js';

/** The two wrapper modules: etcd's, and Kubernetes' (kube-apiserver and kubectl). */
export type ModuleFamily = 'etcd' | 'kubernetes';

/** The upstream module each wrapper requires. */
export const UPSTREAM_MODULE = {
  etcd: 'go.etcd.io/etcd/server/v3',
  kubernetes: 'k8s.io/kubernetes',
} as const satisfies Record<ModuleFamily, string>;

/** What is remembered about a resolved wrapper module. */
export interface PreparedModule {
  /** Hash of the tidied go.mod and tools.go, to notice edits. */
  readonly inputs: string;
  /** The `go` directive of the upstream module: the oldest Go that builds it. */
  readonly requiresGo: string;
}

const MARKER = '.vzmc-prepared.json';

/** Where a wrapper module lives in the cache. */
export function wrapperModuleDir(cacheDir: string, family: ModuleFamily, version: string): string {
  return join(cacheDir, 'go', `${family}-${version}`);
}

function hashInputs(module: WrapperModule): string {
  return createHash('sha256').update(module.goMod).update('\0').update(module.toolsGo).digest('hex');
}

/** The marker of a resolved module, or undefined when it needs resolving (again). */
export async function readPreparedModule(dir: string): Promise<PreparedModule | undefined> {
  try {
    const marker = JSON.parse(await readFile(join(dir, MARKER), 'utf8')) as PreparedModule;
    const [goMod, toolsGo] = await Promise.all([
      readFile(join(dir, 'go.mod'), 'utf8'),
      readFile(join(dir, 'tools.go'), 'utf8'),
      readFile(join(dir, 'go.sum')),
    ]);
    return marker.inputs === hashInputs({ goMod, toolsGo }) ? marker : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The Go command's environment. GOWORK=off keeps a go.work around the cache from leaking in.
 * GOTOOLCHAIN is `local` (build with the Go we found) unless the user chose otherwise, or unless
 * the upstream module needs a newer Go (etcd v3.6.16 says `go 1.26.0`), in which case `auto` lets
 * Go fetch that toolchain through the module proxy.
 */
export function goEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  toolchain: GoToolchain,
  requiresGo: string,
  family: ModuleFamily,
  version: string,
): Record<string, string | undefined> {
  const userChoice = env['GOTOOLCHAIN'];
  const tooOld = !goVersionAtLeast(toolchain.version, requiresGo);
  if (tooOld && userChoice === 'local') {
    throw new GoToolchainError(
      `${UPSTREAM_MODULE[family]}@${version} needs Go >= ${requiresGo} (its go.mod), but GOTOOLCHAIN=local and ${toolchain.go} is ${toolchain.version}.\n` +
        `Install Go >= ${requiresGo} from https://go.dev/dl, or unset GOTOOLCHAIN so that Go fetches it through the module proxy.`,
    );
  }
  const goToolchain = userChoice !== undefined && userChoice !== '' ? userChoice : tooOld ? 'auto' : 'local';
  return { ...env, GOWORK: 'off', GO111MODULE: 'on', CGO_ENABLED: '0', GOTOOLCHAIN: goToolchain };
}

/** What {@link prepareWrapperModule} needs. */
export interface PrepareWrapperModuleInput {
  readonly family: ModuleFamily;
  readonly version: string;
  readonly dir: string;
  readonly toolchain: GoToolchain;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs: number;
  readonly onLine: (line: string) => void;
}

/** Resolves a wrapper module from scratch and records it as prepared. */
export async function prepareWrapperModule(input: PrepareWrapperModuleInput): Promise<PreparedModule> {
  const { family, version, dir, toolchain } = input;
  const upstream = `${UPSTREAM_MODULE[family]}@${version}`;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  // A placeholder module, so that `go mod download` runs here and never in a go.mod above the cache.
  await writeFile(join(dir, 'go.mod'), 'module vzmc.local/control-plane/probe\n\ngo 1.24\n');
  const go = async (args: string[], env: Record<string, string | undefined>) => {
    try {
      return await runCommand(toolchain.go, args, {
        cwd: dir,
        env,
        timeoutMs: input.timeoutMs,
        onLine: input.onLine,
      });
    } catch (error) {
      if (!(error instanceof CommandFailedError)) throw error;
      const proxy = env['GOPROXY'] ?? 'https://proxy.golang.org,direct';
      throw new CommandFailedError(
        `${error.message}\nIs the Go module proxy reachable? (GOPROXY=${proxy})`,
        error.stderrTail,
      );
    }
  };

  const download = await go(
    ['mod', 'download', '-json', upstream],
    goEnvironment(input.env, toolchain, '1.0', family, version),
  );
  const info = JSON.parse(download.stdout) as { GoMod?: string; Error?: string };
  if (info.GoMod === undefined)
    throw new Error(`go mod download ${upstream}: ${info.Error ?? 'no GoMod in the answer'}`);
  const upstreamGoMod = await readFile(info.GoMod, 'utf8');
  const requiresGo = goDirective(upstreamGoMod) ?? '1.24';
  let module: WrapperModule;
  if (family === 'kubernetes') {
    const staging = modulesRequiredAtV000(upstreamGoMod);
    if (staging.length === 0)
      throw new Error(`${upstream}'s go.mod requires no module at v0.0.0; cannot derive the staging modules`);
    module = kubernetesWrapperModule(version, staging);
  } else {
    module = etcdWrapperModule(version);
  }
  await writeFile(join(dir, 'go.mod'), module.goMod);
  await writeFile(join(dir, 'tools.go'), module.toolsGo);
  await go(['mod', 'tidy'], goEnvironment(input.env, toolchain, requiresGo, family, version));
  // `go mod tidy` rewrites go.mod, so the marker hashes what tidy produced.
  const tidied: WrapperModule = {
    goMod: await readFile(join(dir, 'go.mod'), 'utf8'),
    toolsGo: module.toolsGo,
  };
  const prepared: PreparedModule = { inputs: hashInputs(tidied), requiresGo };
  await writeFile(join(dir, MARKER), `${JSON.stringify(prepared, null, 2)}\n`);
  return prepared;
}
