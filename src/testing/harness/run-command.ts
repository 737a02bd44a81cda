/**
 * Runs a short-lived tool (the Go command) with a hard timeout, streaming its output line by line
 * and keeping the last lines for the error message when it fails.
 */
import { spawn } from 'node:child_process';
import { withPdeathsig } from './pdeathsig.js';

/** Options for {@link runCommand}. */
export interface RunCommandOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Killed (SIGKILL) after this long. */
  readonly timeoutMs: number;
  /** Called for every non-empty output line, from stdout or stderr. */
  readonly onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Lines of stderr kept for the error message. Default 40. */
  readonly tailLines?: number;
}

/** The output of a successful run. */
export interface RunCommandResult {
  readonly stdout: string;
  readonly durationMs: number;
}

/** A command that failed, timed out or could not start. */
export class CommandFailedError extends Error {
  override readonly name = 'CommandFailedError';
  constructor(
    message: string,
    /** The last lines of stderr. */
    readonly stderrTail: readonly string[],
  ) {
    super(message);
  }
}

/** Runs `command args…` and resolves with its stdout; rejects with {@link CommandFailedError}. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunCommandOptions,
): Promise<RunCommandResult> {
  const started = Date.now();
  const tailLines = options.tailLines ?? 40;
  const display = [command, ...args].join(' ');
  return new Promise((resolve, reject) => {
    // The Go command dies with us; its compile workers finish their one package and exit.
    const wrapped = withPdeathsig(command, args);
    const child = spawn(wrapped.command, wrapped.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const tail: string[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);

    const splitter = (stream: 'stdout' | 'stderr') => {
      let pending = '';
      return (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        if (stream === 'stdout') stdout += text;
        pending += text;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const raw of lines) {
          const line = raw.trimEnd();
          if (line === '') continue;
          if (stream === 'stderr') {
            tail.push(line);
            if (tail.length > tailLines) tail.shift();
          }
          options.onLine?.(line, stream);
        }
      };
    };
    child.stdout.on('data', splitter('stdout'));
    child.stderr.on('data', splitter('stderr'));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new CommandFailedError(`could not run ${command}: ${error.message}`, tail));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const durationMs = Date.now() - started;
      if (code === 0) {
        resolve({ stdout, durationMs });
        return;
      }
      const why = timedOut
        ? `timed out after ${Math.round(options.timeoutMs / 1000)} s`
        : `failed (${signal ?? `exit code ${code}`})`;
      const details = tail.length > 0 ? `\n${tail.map((l) => `  ${l}`).join('\n')}` : '';
      reject(new CommandFailedError(`${display} ${why} in ${options.cwd}${details}`, tail));
    });
  });
}
