/**
 * `vzmc demo --real`: the README's story on three real API servers the demo starts itself
 * (in its own state directory, beside the test run's clusters).
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';

describe('vzmc demo --real', () => {
  it('runs the whole story on real kube-apiservers and every check passes', async () => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['demo', '--real'], {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      stdin: Readable.from([]),
      env: process.env,
    });
    expect(stdout.match(/^✗ .*/gm) ?? [], stderr).toEqual([]);
    expect(stdout).toContain('The demo finished: every check passed.');
    expect(stdout).toContain('real API servers');
    expect(code).toBe(0);
  }, 300_000);
});
