/**
 * One long-running control-plane process (etcd or a kube-apiserver): spawned with its output in a
 * log file, recorded in a PID file, and stopped with a bounded SIGTERM→SIGKILL sequence.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { withPdeathsig } from './pdeathsig.js';
import {
  PidStatus,
  pidStatus,
  removePidFile,
  terminateRecorded,
  writePidFile,
  type PidRecord,
} from './pid-files.js';
import { readProcessIdentity } from './proc.js';

/** How to spawn a server. */
export interface ServerSpec {
  /** `etcd` or `apiserver-<cluster>`; also the PID file's name. */
  readonly role: string;
  readonly binary: string;
  readonly args: readonly string[];
  /** An argument unique to this harness instance, checked in /proc before any signal. */
  readonly marker: string;
  readonly logFile: string;
  readonly pidDir: string;
  /**
   * Outlive this Node process (`vzmc test-clusters up`): own session, no parent-death signal.
   * Otherwise the server dies with this process (see pdeathsig.ts).
   */
  readonly detached: boolean;
}

/** A spawned server. */
export interface ServerProcess {
  readonly role: string;
  readonly pid: number;
  record: PidRecord;
  /** Present when this process spawned it; a server found through its PID file has none. */
  readonly child?: ChildProcess;
  /** Resolves true once the process has exited, false if it still runs after `timeoutMs`. */
  waitForExit(timeoutMs: number): Promise<boolean>;
  /** Why the process is no longer running, or undefined while it runs. */
  exitReason(): string | undefined;
}

/** Spawns a server and writes its PID file. */
export function spawnServer(spec: ServerSpec): ServerProcess {
  mkdirSync(dirname(spec.logFile), { recursive: true });
  const log = openSync(spec.logFile, 'a');
  let child: ChildProcess;
  try {
    const command = spec.detached
      ? { command: spec.binary, args: [...spec.args] }
      : withPdeathsig(spec.binary, spec.args);
    child = spawn(command.command, command.args, {
      stdio: ['ignore', log, log],
      detached: spec.detached,
      env: process.env,
    });
  } finally {
    // The child has its own copy of the descriptor.
    closeSync(log);
  }
  const pid = child.pid;
  if (pid === undefined) {
    throw new Error(`could not start ${spec.binary} (${spec.role}); see ${spec.logFile}`);
  }
  let exit: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = signal !== null ? `killed by ${signal}` : `exited with code ${code}`;
      resolve();
    });
    child.once('error', (error) => {
      exit = `failed: ${error.message}`;
      resolve();
    });
  });
  if (spec.detached) child.unref();
  const startTicks = readProcessIdentity(pid)?.startTicks;
  const record: PidRecord = {
    role: spec.role,
    pid,
    binary: spec.binary,
    marker: spec.marker,
    ...(startTicks !== undefined ? { startTicks } : {}),
    startedAt: Date.now(),
  };
  writePidFile(spec.pidDir, record);
  return {
    role: spec.role,
    pid,
    record,
    child,
    waitForExit: (ms) => settlesWithin(exited, ms),
    exitReason: () => exit,
  };
}

/** A server known only through its PID file (spawned by another process). */
export function adoptServer(record: PidRecord): ServerProcess {
  const gone = () => pidStatus(record) !== PidStatus.Ours;
  return {
    role: record.role,
    pid: record.pid,
    record,
    async waitForExit(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!gone() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      return gone();
    },
    exitReason: () => (gone() ? 'exited' : undefined),
  };
}

/** Options for stopping one API server ({@link TestClustersControl.stopCluster}). */
export interface StopServerOptions {
  /** SIGTERM (graceful, the default) or SIGKILL (a crash, for fault-injection tests). */
  readonly signal?: 'SIGTERM' | 'SIGKILL';
  /** Wait this long after SIGTERM before SIGKILL. Default 15 s. */
  readonly graceMs?: number;
}

/**
 * Stops a server and removes its PID file. A child this process spawned is signalled through its
 * handle (an unreaped child's PID cannot be reused, so that is always safe); anything else goes
 * through the verified PID-file path.
 */
export async function stopServer(
  server: ServerProcess,
  pidDir: string,
  options: StopServerOptions = {},
): Promise<void> {
  const signal = options.signal ?? 'SIGTERM';
  const graceMs = options.graceMs ?? 15_000;
  const child = server.child;
  if (child !== undefined) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      if (!(await server.waitForExit(signal === 'SIGKILL' ? 5_000 : graceMs))) {
        child.kill('SIGKILL');
        if (!(await server.waitForExit(5_000)))
          throw new Error(`${server.role} (pid ${server.pid}) survived SIGKILL`);
      }
    }
  } else {
    await terminateRecorded(server.record, { signal, graceMs });
  }
  removePidFile(pidDir, server.role);
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      resolve(false);
    }, ms);
  });
  try {
    return await Promise.race([promise.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The last lines of a log file, indented, for error messages. */
export function logTail(path: string, lines = 25): string {
  try {
    const text = readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines);
    return text.map((line) => `    ${line}`).join('\n');
  } catch {
    return '    (no log)';
  }
}
