/**
 * Structured logging for the agent: a level, a message and flat fields. Two sinks: JSON lines
 * (one object per line, for log pipelines) and text. Neither ever receives object bodies, and
 * every field value passes through {@link scrub}, so Secret data and tokens never reach a log.
 */

/** Log levels, least to most severe. */
export const LogLevel = {
  /** Details for debugging. */
  Debug: 'debug',
  /** What the agent did. */
  Info: 'info',
  /** Something to look at: a blocked action, a deregistration. */
  Warn: 'warn',
  /** A failure. */
  Error: 'error',
} as const;
/** One of {@link LogLevel}'s values. */
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

const WEIGHT: { readonly [L in LogLevel]: number } = { debug: 0, info: 1, warn: 2, error: 3 };

/** Flat, printable fields. */
export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

/** Where the agent writes what it does. */
export interface Logger {
  /** Writes one entry, unless `level` is below the logger's threshold. */
  log(level: LogLevel, message: string, fields?: LogFields): void;
}

// Bearer tokens (JWTs and long opaque tokens), kubeconfig token, password and key lines (YAML or JSON).
const TOKENISH = [
  /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
  /(token"?:\s*)\S+/gi,
  /((?:password|client-key-data)"?:\s*)\S+/gi,
  /(Bearer\s+)\S+/g,
];

/** Removes anything that looks like a token from a log value. */
export function scrub(value: string): string {
  let out = value;
  for (const pattern of TOKENISH)
    out = out.replace(
      pattern,
      (match, prefix: unknown) => `${typeof prefix === 'string' ? prefix : ''}<redacted>`,
    );
  return out;
}

function clean(fields: LogFields | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(fields ?? {})) {
    if (value === undefined) continue;
    out[key] = typeof value === 'string' ? scrub(value) : value;
  }
  return out;
}

/** Options of the loggers. */
export interface LoggerOptions {
  /** The least severe level written. Default `info`. */
  readonly level?: LogLevel;
  /** The clock for timestamps. */
  readonly clock?: () => Date;
}

/** One JSON object per line: `{"time":…,"level":…,"msg":…,…fields}`. */
export function jsonLinesLogger(write: (line: string) => void, options: LoggerOptions = {}): Logger {
  const min = WEIGHT[options.level ?? LogLevel.Info];
  const clock = options.clock ?? (() => new Date());
  return {
    log(level, message, fields) {
      if (WEIGHT[level] < min) return;
      write(
        `${JSON.stringify({ time: clock().toISOString(), level, msg: scrub(message), ...clean(fields) })}\n`,
      );
    },
  };
}

/** `LEVEL message key=value …`, for people. */
export function textLogger(write: (line: string) => void, options: LoggerOptions = {}): Logger {
  const min = WEIGHT[options.level ?? LogLevel.Info];
  return {
    log(level, message, fields) {
      if (WEIGHT[level] < min) return;
      const rest = Object.entries(clean(fields))
        .map(([k, v]) => `${k}=${typeof v === 'string' && /\s/.test(v) ? JSON.stringify(v) : String(v)}`)
        .join(' ');
      write(`${level.toUpperCase().padEnd(5)} ${scrub(message)}${rest ? ` ${rest}` : ''}\n`);
    },
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = { log: () => undefined };
