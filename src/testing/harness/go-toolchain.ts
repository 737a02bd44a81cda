/**
 * Finding the Go toolchain that builds etcd and kube-apiserver. A missing toolchain is an error
 * that says what to install: the integration suite must never skip silently because of it.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { runCommand } from './run-command.js';

/** The oldest Go that can build the default kube-apiserver (`go 1.24.0` in k8s.io/kubernetes v1.34.4's go.mod). */
export const MINIMUM_GO_VERSION = '1.24';

/** Where Go is commonly installed when it is not on PATH. */
export const GO_FALLBACK_LOCATIONS = ['/usr/local/go/bin/go'] as const;

/** A usable Go command. */
export interface GoToolchain {
  readonly go: string;
  /** E.g. `go1.26.8`. */
  readonly version: string;
}

/** Go is missing or too old. */
export class GoToolchainError extends Error {
  /** Always `GoToolchainError`. */
  override readonly name = 'GoToolchainError';
}

/** Whether `path` is a file this process may execute. */
export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Parses `go1.26.8` (or `1.26`) into comparable numbers; undefined when it is not a release version. */
export function parseGoVersion(version: string): readonly [number, number, number] | undefined {
  const match = /^(?:go)?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : undefined;
}

/** True when `version` is at least `minimum` (both as accepted by {@link parseGoVersion}). */
export function goVersionAtLeast(version: string, minimum: string): boolean {
  const have = parseGoVersion(version);
  const want = parseGoVersion(minimum);
  if (!have || !want) return false;
  for (let i = 0; i < 3; i++) {
    if (have[i]! !== want[i]!) return have[i]! > want[i]!;
  }
  return true;
}

/** The message for a missing or unusable Go, naming what to install. */
export function goInstallHint(problem: string): string {
  return (
    `${problem}\n` +
    `vzmc's test clusters build etcd and kube-apiserver from their official Go modules, which needs Go >= ${MINIMUM_GO_VERSION}.\n` +
    `Install it from https://go.dev/dl (or put its bin directory on PATH), and make sure the Go module proxy\n` +
    `(GOPROXY, by default https://proxy.golang.org) is reachable from this machine.`
  );
}

/** Candidate paths for `go`: every PATH entry, then {@link GO_FALLBACK_LOCATIONS}. */
export function goCandidates(
  env: Readonly<Record<string, string | undefined>>,
  fallbacks: readonly string[] = GO_FALLBACK_LOCATIONS,
): string[] {
  const fromPath = (env['PATH'] ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => join(dir, process.platform === 'win32' ? 'go.exe' : 'go'));
  return [...new Set([...fromPath, ...fallbacks])];
}

/**
 * Finds `go` on PATH or in {@link GO_FALLBACK_LOCATIONS} and checks its version.
 * Rejects with a {@link GoToolchainError} that says what to install.
 */
export async function findGoToolchain(
  env: Readonly<Record<string, string | undefined>> = process.env,
  fallbacks: readonly string[] = GO_FALLBACK_LOCATIONS,
): Promise<GoToolchain> {
  const go = goCandidates(env, fallbacks).find(isExecutable);
  if (go === undefined)
    throw new GoToolchainError(goInstallHint('Go was not found on PATH or in /usr/local/go/bin.'));
  let version: string;
  try {
    const result = await runCommand(go, ['env', 'GOVERSION'], {
      cwd: process.cwd(),
      env: { ...env, GOTOOLCHAIN: 'local' },
      timeoutMs: 30_000,
    });
    version = result.stdout.trim();
  } catch (error) {
    throw new GoToolchainError(goInstallHint(`${go} does not work: ${(error as Error).message}`));
  }
  if (!goVersionAtLeast(version, MINIMUM_GO_VERSION)) {
    throw new GoToolchainError(
      goInstallHint(`${go} is ${version || 'of an unknown version'}, older than Go ${MINIMUM_GO_VERSION}.`),
    );
  }
  return { go, version };
}
