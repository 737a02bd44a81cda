/**
 * The CLI's window on the world: streams, environment and working directory. Commands receive it
 * instead of touching `process`, so tests run them in-process with captured output.
 *
 * This module is loaded by every run of `vzmc`, `--version` included: it imports nothing.
 */
export interface CliIo {
  /** `isTTY` decides whether `plan` colours its diff. */
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown };
  readonly stdin: NodeJS.ReadableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The real process streams. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}

/** Exit codes shared by every command. */
export const ExitCode = {
  /** Success, or valid input (with `plan --exit-code`: no differences). */
  Ok: 0,
  /** The input is invalid, or the operation failed (with `plan --exit-code`: differences). */
  Invalid: 1,
  /** Unreadable input or bad usage (with `plan --exit-code`: any error). */
  Usage: 2,
} as const;
/** One of {@link ExitCode}'s values. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** What a command's action gets besides its options: the streams, the exit code setter and its name. */
export interface CommandContext {
  readonly io: CliIo;
  /** Records the exit code the command decided on. */
  readonly setExit: (code: ExitCode) => void;
  /** How the user invoked the program: `vzmc`, or `kubectl vzmc` through the kubectl plugin. */
  readonly bin: string;
}

/** An error that ends a command with a given exit code and a one-line message. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.Usage,
  ) {
    super(message);
  }
}

/** Parses an `-o` value against the formats a command supports. */
export function outputFormat<const F extends string>(value: string, formats: readonly F[]): F {
  if ((formats as readonly string[]).includes(value)) return value as F;
  throw new CliError(`unsupported output format "${value}"; use one of: ${formats.join(', ')}`);
}

/** Splits a comma-separated option value, dropping empty entries. */
export function commaList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/**
 * Whether to colour stdout: only on a terminal, never with `--no-color` or a non-empty `NO_COLOR`
 * (https://no-color.org).
 */
export function useColor(io: CliIo, option: boolean | undefined): boolean {
  if (option === false) return false;
  if ((io.env.NO_COLOR ?? '') !== '') return false;
  return io.stdout.isTTY === true;
}
