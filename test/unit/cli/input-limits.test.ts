import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseByteSize } from '../../../src/cli/support/input-limit.js';
import { run } from './run.js';

const DEEP = 100_000;
const dir = mkdtempSync(join(tmpdir(), 'vzmc-input-limits-'));

const deepFiles: [string, string, string][] = [
  ['flow.yaml', `apiVersion: v1\nkind: ConfigMap\ndata: ${'{a: '.repeat(DEEP)}1${'}'.repeat(DEEP)}\n`, ':3:'],
  ['block.yaml', `${'- '.repeat(DEEP)}x\n`, ':1:401:'],
  ['deep.json', `{"kind": "ConfigMap", "data": ${'['.repeat(DEEP)}${']'.repeat(DEEP)}}`, ':1:'],
];
for (const [name, text] of deepFiles) writeFileSync(join(dir, name), text);

describe('vzmc validate -f: input limits', () => {
  it.each(deepFiles)(
    '%s nested 100,000 deep is one positioned error, exit 1, no crash',
    async (name, _text, at) => {
      const { code, stdout, stderr } = await run(['validate', '-f', join(dir, name)]);
      expect(stderr).toBe('');
      expect(code).toBe(1);
      const [first, hint, summary] = stdout.split('\n');
      expect(first).toMatch(
        new RegExp(`^${join(dir, name)}${at}(\\d+:)? the document nests deeper than 200 levels$`),
      );
      expect(hint).toBe(
        '  hint: no Kubernetes object nests this deep: check the brackets and indentation here',
      );
      expect(summary).toBe('0 objects: 1 error, 0 warnings');
    },
  );

  it('the same from stdin', async () => {
    const { code, stdout } = await run(['validate', '-f', '-'], {
      stdin: `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`,
    });
    expect(code).toBe(1);
    expect(stdout).toContain('<stdin>:1:200: the document nests deeper than 200 levels');
  });

  it('-f /dev/zero stops at --max-input-bytes: exit 2, naming the source, the limit and how to raise it', async () => {
    const { code, stdout, stderr } = await run(['validate', '-f', '/dev/zero', '--max-input-bytes', '1Mi']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'vzmc: /dev/zero: larger than the input limit of 1048576 bytes (1 MiB); raise it with --max-input-bytes (e.g. 256Mi)\n',
    );
  });

  it('VZMC_MAX_INPUT_BYTES sets the limit when the flag is absent; the flag wins', async () => {
    const env = { VZMC_MAX_INPUT_BYTES: '10' };
    const stdin = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n';
    const small = await run(['validate', '-f', '-'], { stdin, env });
    expect(small.code).toBe(2);
    expect(small.stderr).toBe(
      'vzmc: <stdin>: larger than the input limit of 10 bytes; raise it with --max-input-bytes or VZMC_MAX_INPUT_BYTES (e.g. 256Mi)\n',
    );
    const raised = await run(['validate', '-f', '-', '--max-input-bytes', '1Ki'], { stdin, env });
    expect(raised).toMatchObject({ code: 0, stderr: '' });
  });

  it('commands without the flag (register --ca-file, federation --existing-jobs) are bounded by the variable', async () => {
    const env = { VZMC_MAX_INPUT_BYTES: '1Ki' };
    const register = await run(
      ['register', 'managed1', '--admin-server', 'https://192.0.2.1:6443', '--ca-file', '/dev/zero'],
      { env },
    );
    expect(register.code).toBe(2);
    expect(register.stderr).toBe(
      'vzmc: cannot read the CA file /dev/zero: larger than the input limit of 1024 bytes; raise it with VZMC_MAX_INPUT_BYTES (e.g. 256Mi)\n',
    );
    const federation = await run(['federation', '-f', '-', '--existing-jobs', '/dev/zero'], {
      env,
      stdin: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n',
    });
    expect(federation.code).toBe(2);
    expect(federation.stderr).toContain('cannot read /dev/zero: larger than the input limit of 1024 bytes');
  });

  it('a bad size is a usage error naming the flag or the variable', async () => {
    const flag = await run(['validate', '-f', '-', '--max-input-bytes', 'lots']);
    expect(flag).toMatchObject({ code: 2, stdout: '' });
    expect(flag.stderr).toBe(
      'vzmc: --max-input-bytes must be a size in bytes, or a whole number of Ki, Mi or Gi (got "lots")\n',
    );
    const env = await run(['validate', '-f', '-'], { env: { VZMC_MAX_INPUT_BYTES: '0' } });
    expect(env.stderr).toContain('VZMC_MAX_INPUT_BYTES must be a size in bytes');
  });

  it('parses sizes as Kubernetes quantities: bytes, Ki, Mi, Gi', () => {
    expect(['1', '512Ki', '64Mi', '2Gi'].map((s) => parseByteSize(s, 'x'))).toEqual([
      1,
      512 * 1024,
      64 * 1024 ** 2,
      2 * 1024 ** 3,
    ]);
    for (const bad of ['', '1.5Mi', '-1', '1MB', '0'])
      expect(() => parseByteSize(bad, 'x')).toThrow(/x must be/);
  });
});
