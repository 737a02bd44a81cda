import { Readable } from 'node:stream';
import { runCli, type ProgramOptions } from '../../../src/cli/program.js';

/** Where the repository's example fleet is, relative to the repository root (vitest's cwd). */
export const FLEET = 'examples/fleet';

/** How a test runs the CLI: stdin text, environment, whether stdout is a terminal, the program name. */
export interface RunOptions extends ProgramOptions {
  readonly stdin?: string;
  readonly env?: Record<string, string | undefined>;
  readonly tty?: boolean;
}

/** Runs the CLI in-process and captures its output. */
export async function run(
  argv: string[],
  options: RunOptions | string = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const {
    stdin = '',
    env = {},
    tty,
    ...program
  } = typeof options === 'string' ? { stdin: options } : options;
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    argv,
    {
      stdout: { write: (t: string) => (stdout += t), ...(tty !== undefined ? { isTTY: tty } : {}) },
      stderr: { write: (t: string) => (stderr += t) },
      stdin: Readable.from([stdin]),
      env,
    },
    program,
  );
  return { code, stdout, stderr };
}
