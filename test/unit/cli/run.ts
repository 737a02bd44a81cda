import { Readable } from 'node:stream';
import { runCli } from '../../../src/cli/program.js';

/** Runs the CLI in-process and captures its output. */
export async function run(
  argv: string[],
  stdin = '',
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    stdin: Readable.from([stdin]),
    env: {},
  });
  return { code, stdout, stderr };
}
