/**
 * Input limits of the built CLI as a process (issue #13, item 7): `-f /dev/zero` and a stdin that
 * never ends stop at the limit with exit code 2 instead of growing without bound, and a document
 * nested 100,000 deep is one positioned error, not a stack overflow. Runs after `npm run build`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, run } from './consumer.js';

const dir = mkdtempSync(join(tmpdir(), 'vzmc-input-limits-'));

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** `node dist/cli.js <line>` through bash, so that the line may redirect stdin. */
const vzmc = (line: string, env: Record<string, string> = {}) =>
  run('bash', ['-c', `exec "${process.execPath}" dist/cli.js ${line}`], {
    cwd: REPO,
    env,
    timeoutMs: 60_000,
  });

describe('the built CLI bounds what it reads', () => {
  it('-f /dev/zero with VZMC_MAX_INPUT_BYTES: exit 2 at once, naming the source, the limit and how to raise it', async () => {
    const started = performance.now();
    const result = await vzmc('validate -f /dev/zero', { VZMC_MAX_INPUT_BYTES: '1Mi' });
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'vzmc: /dev/zero: larger than the input limit of 1048576 bytes (1 MiB); raise it with --max-input-bytes or VZMC_MAX_INPUT_BYTES (e.g. 256Mi)\n',
    });
  });

  it('an endless stdin with --max-input-bytes: exit 2, <stdin> named', async () => {
    const result = await vzmc('validate -f - --max-input-bytes 2Mi < /dev/zero');
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'vzmc: <stdin>: larger than the input limit of 2097152 bytes (2 MiB); raise it with --max-input-bytes (e.g. 256Mi)\n',
    });
  });

  it('a document nested 100,000 deep: one positioned error, exit 1', async () => {
    const file = join(dir, 'deep.yaml');
    writeFileSync(file, `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    const result = await vzmc(`validate -f ${file}`);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')[0]).toBe(`${file}:1:203: the document nests deeper than 200 levels`);
  });
});
