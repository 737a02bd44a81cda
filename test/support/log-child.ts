/**
 * A child process that logs JSON lines (`vzmc sync --log-format json`, the failover benchmark's
 * client-go peer): every line it logged, and a way to wait for the first that matches. Used by the
 * failover test and the failover benchmark; no test framework needed.
 */
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** One log line: its time and message, and any other fields. */
export interface LogLine {
  readonly time: string;
  readonly level?: string;
  readonly msg: string;
  readonly [field: string]: unknown;
}

/** A started child process and the JSON lines of one of its streams (a line that is not JSON is kept with level `raw`). */
export class LogChild {
  readonly logs: LogLine[] = [];
  readonly process: ChildProcess;
  readonly exited: Promise<number | null>;
  readonly #waiters: { match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];

  constructor(
    readonly label: string,
    child: ChildProcess,
    stream: 'stdout' | 'stderr',
  ) {
    this.process = child;
    this.exited = new Promise((r) =>
      child.once('close', (code) => {
        r(code);
      }),
    );
    createInterface({ input: child[stream]! }).on('line', (text) => {
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        line = { time: new Date().toISOString(), level: 'raw', msg: text };
      }
      this.logs.push(line);
      for (const waiter of this.#waiters.filter((w) => w.match(line))) waiter.resolve(line);
    });
  }

  /** The first log line (past or future) that matches; rejects after `timeoutMs`, with every line logged. */
  next(what: string, match: (l: LogLine) => boolean, timeoutMs = 60_000): Promise<LogLine> {
    const seen = this.logs.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`${this.label}: ${what} not logged within ${timeoutMs} ms:\n${this.dump()}`));
      }, timeoutMs);
      this.#waiters.push({
        match,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
    });
  }

  /** Every line logged so far, one JSON text a line. */
  dump(): string {
    return this.logs.map((l) => JSON.stringify(l)).join('\n');
  }

  /** Sends `signal` unless the process has ended; resolves with its exit code. */
  async kill(signal: NodeJS.Signals): Promise<number | null> {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill(signal);
    return this.exited;
  }
}
