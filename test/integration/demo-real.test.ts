/**
 * `vzmc demo --real`: the README's story on three real API servers the demo starts itself
 * (in its own state directory, beside the test run's clusters), on vzmc's own example fleet and,
 * where the corpus is, on Verrazzano's original examples.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { describeWithCorpus, examplePath } from '../support/corpus.js';

async function demo(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['demo', '--real', ...args], {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    stdin: Readable.from([]),
    env: process.env,
  });
  return { code, stdout, stderr };
}

function expectEveryCheckPassed({ code, stdout, stderr }: Awaited<ReturnType<typeof demo>>): void {
  expect(stdout.match(/^✗ .*/gm) ?? [], stderr).toEqual([]);
  expect(stdout).toContain('The demo finished: every check passed.');
  expect(stdout).toContain('real API servers');
  expect(code).toBe(0);
}

describe('vzmc demo --real', () => {
  it("runs the whole story on vzmc's example fleet on real kube-apiservers and every check passes", async () => {
    const result = await demo([]);
    expect(result.stdout).toContain("Inputs: vzmc's example fleet");
    expect(result.stdout).toContain(
      '✓ ConfigMap hello-helidon/hello-helidon-greeting is unwrapped on managed1 and managed2 only (U1)',
    );
    expectEveryCheckPassed(result);
  }, 300_000);
});

describeWithCorpus('vzmc demo --real --examples', () => {
  it("runs the same story on Verrazzano's examples and every check passes", async () => {
    const result = await demo(['--examples', examplePath()]);
    expect(result.stdout).toContain("Inputs: Verrazzano's examples");
    expect(result.stdout).toContain('✓ ToDo runs on managed1');
    expectEveryCheckPassed(result);
  }, 300_000);
});
