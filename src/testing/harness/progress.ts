/**
 * Build progress as data, and the default reporter that renders it. Building kube-apiserver from
 * source takes minutes on a small machine; a silent terminal for that long looks like a hang.
 */

/** The binaries the harness builds. */
export const ControlPlaneBinary = {
  /** `etcd`, from go.etcd.io/etcd/server/v3. */
  Etcd: 'etcd',
  /** `kube-apiserver`, from k8s.io/kubernetes. */
  KubeApiserver: 'kube-apiserver',
  /** `kubectl`, from k8s.io/kubernetes (only on request). */
  Kubectl: 'kubectl',
} as const;
/** One of {@link ControlPlaneBinary}'s values. */
export type ControlPlaneBinary = (typeof ControlPlaneBinary)[keyof typeof ControlPlaneBinary];

/** Where in the plan an event belongs. */
export interface BuildStepRef {
  /** 1-based. */
  readonly step: number;
  /** Steps in the plan. */
  readonly totalSteps: number;
  /** E.g. `build kube-apiserver v1.34.4`. */
  readonly title: string;
}

/** Something that happened while ensuring the binaries. `elapsedMs` counts from the start of the call. */
export type BuildProgressEvent =
  | (BuildStepRef & {
      /** A step started. */
      readonly kind: 'step-start';
      /** Since the call started. */
      readonly elapsedMs: number;
    })
  | (BuildStepRef & {
      /** The Go command printed a line. */
      readonly kind: 'output';
      /** A line from the Go command: a package `go build -v` is compiling, or `go: downloading …`. */
      readonly line: string;
      /** Packages compiled so far in this step. */
      readonly packages: number;
      /** Since the step started. */
      readonly stepElapsedMs: number;
      /** Since the call started. */
      readonly elapsedMs: number;
    })
  | (BuildStepRef & {
      /** A step finished. */
      readonly kind: 'step-done';
      /** How long the step took. */
      readonly durationMs: number;
      /** Since the call started. */
      readonly elapsedMs: number;
    })
  | {
      /** Another process is building into the same cache; this call waits for its lock. */
      readonly kind: 'waiting-for-lock';
      /** The lock file. */
      readonly lockPath: string;
      /** The PID holding it, when known. */
      readonly holderPid: number | undefined;
      /** Since the call started. */
      readonly elapsedMs: number;
    }
  | {
      /** Something worth telling, e.g. which Go toolchain is used. */
      readonly kind: 'note';
      /** The note. */
      readonly message: string;
      /** Since the call started. */
      readonly elapsedMs: number;
    }
  | {
      /** Every binary is in place. */
      readonly kind: 'done';
      /** The binaries this call built; empty when all came from the cache. */
      readonly built: readonly ControlPlaneBinary[];
      /** Since the call started. */
      readonly elapsedMs: number;
    };

/** Receives {@link BuildProgressEvent}s. */
export type BuildProgressListener = (event: BuildProgressEvent) => void;

/** Formats a duration as `850ms`, `12s` or `3m04s`. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  const seconds = Math.floor(ms / 1_000);
  if (seconds < 60) return `${seconds}s`;
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/** A stream the reporter writes to: stderr, or a fake in tests. */
export interface ProgressStream {
  /** Writes text. */
  write(text: string): unknown;
  /** Whether it is a terminal. */
  readonly isTTY?: boolean;
  /** The terminal's width. */
  readonly columns?: number;
}

/** Options for {@link createProgressReporter}. */
export interface ProgressReporterOptions {
  /** Default `process.stderr`. */
  readonly stream?: ProgressStream;
  /** Rewrite one status line in place. Default: the stream's `isTTY`. */
  readonly tty?: boolean;
  /** Without a TTY, the least time between two progress lines within one step. Default 10 s. */
  readonly intervalMs?: number;
  /** The clock, for tests. Default `Date.now`. */
  readonly now?: () => number;
}

const TTY_REDRAW_MS = 100;

/**
 * The default progress reporter. On a TTY it keeps one status line up to date
 * (`[4/5] build kube-apiserver v1.34.4 · 1m12s · 812 pkgs · k8s.io/apiserver/pkg/server`); otherwise
 * (CI logs) it prints each step change, and at most one progress line every `intervalMs`.
 *
 * @example
 * await ensureControlPlaneBinaries({ onProgress: createProgressReporter() });
 */
export function createProgressReporter(options: ProgressReporterOptions = {}): BuildProgressListener {
  const stream = options.stream ?? process.stderr;
  const tty = options.tty ?? stream.isTTY === true;
  const intervalMs = options.intervalMs ?? 10_000;
  const now = options.now ?? Date.now;
  let lastWrite = Number.NEGATIVE_INFINITY;
  let statusShown = false;

  const prefix = (e: BuildStepRef) => `[${e.step}/${e.totalSteps}] ${e.title}`;
  const fit = (line: string) => {
    const columns = stream.columns !== undefined && stream.columns > 0 ? stream.columns : 120;
    const width = Math.max(40, columns - 1);
    return line.length > width ? `${line.slice(0, width - 1)}…` : line;
  };
  const status = (line: string) => {
    stream.write(`\r\x1b[2K${fit(line)}`);
    statusShown = true;
  };
  const println = (line: string) => {
    if (tty && statusShown) stream.write('\r\x1b[2K');
    statusShown = false;
    stream.write(`${line}\n`);
  };

  return (event) => {
    const t = now();
    switch (event.kind) {
      case 'step-start':
        lastWrite = t;
        (tty ? status : println)(`${prefix(event)} …`);
        return;
      case 'output': {
        const packages = event.packages > 0 ? ` · ${event.packages} pkgs` : '';
        const detail = `${prefix(event)} · ${formatDuration(event.stepElapsedMs)}${packages} · ${event.line}`;
        if (tty) {
          if (t - lastWrite < TTY_REDRAW_MS) return;
          lastWrite = t;
          status(detail);
        } else if (t - lastWrite >= intervalMs) {
          lastWrite = t;
          println(detail);
        }
        return;
      }
      case 'step-done':
        println(`${prefix(event)} done in ${formatDuration(event.durationMs)}`);
        return;
      case 'waiting-for-lock':
        if (t - lastWrite < (tty ? TTY_REDRAW_MS : intervalMs)) return;
        lastWrite = t;
        (tty ? status : println)(
          `waiting for another build (pid ${event.holderPid ?? '?'}) · ${formatDuration(event.elapsedMs)} · lock ${event.lockPath}`,
        );
        return;
      case 'note':
        println(event.message);
        return;
      case 'done':
        if (event.built.length > 0)
          println(`built ${event.built.join(', ')} in ${formatDuration(event.elapsedMs)}`);
        else if (statusShown) {
          stream.write('\r\x1b[2K');
          statusShown = false;
        }
        return;
    }
  };
}
