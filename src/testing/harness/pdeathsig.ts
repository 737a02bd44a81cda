/**
 * Children that die with their parent. On Linux, `setpriv --pdeathsig SIGKILL -- <cmd>` (util-linux)
 * sets PR_SET_PDEATHSIG and then execs the command in the same process, so the kernel SIGKILLs the
 * command when the Node process that spawned it dies — even by SIGKILL, when no exit handler runs.
 *
 * Why setpriv rather than a supervisor process watching a stdin pipe: the PID Node gets is the
 * server's own PID (no extra process per server, no signal forwarding), and /proc shows the real
 * binary, which the PID-file check relies on. Caveats: the signal fires when the spawning *thread*
 * exits, and Node spawns from the thread running the JavaScript, so start clusters from the main
 * thread (vitest's globalSetup does); and there is a microsecond window between fork and prctl.
 * Without setpriv (not Linux, or util-linux < 2.33) the harness still stops children on exit and
 * signals, and the next run clears leftovers through the PID files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const SETPRIV_CANDIDATES = ['/usr/bin/setpriv', '/bin/setpriv', '/usr/sbin/setpriv'];

let cached: string | null | undefined;

/** The setpriv executable, when it exists and accepts `--pdeathsig` (checked once per process). */
export function findPdeathsigWrapper(): string | undefined {
  if (cached !== undefined) return cached ?? undefined;
  cached = null;
  if (process.platform !== 'linux') return undefined;
  for (const candidate of SETPRIV_CANDIDATES) {
    if (!existsSync(candidate)) continue;
    const probe = spawnSync(candidate, ['--pdeathsig', 'SIGKILL', '--', process.execPath, '-e', ''], {
      stdio: 'ignore',
      timeout: 10_000,
    });
    if (probe.status === 0) {
      cached = candidate;
      break;
    }
  }
  return cached ?? undefined;
}

/** The command and arguments that run `binary args…` so that it dies with this process. */
export function withPdeathsig(binary: string, args: readonly string[]): { command: string; args: string[] } {
  const setpriv = findPdeathsigWrapper();
  return setpriv === undefined
    ? { command: binary, args: [...args] }
    : { command: setpriv, args: ['--pdeathsig', 'SIGKILL', '--', binary, ...args] };
}
