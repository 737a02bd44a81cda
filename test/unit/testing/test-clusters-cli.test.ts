import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerTestClusters } from '../../../src/cli/commands/test-clusters.js';
import type { CliIo } from '../../../src/cli/io.js';

async function help(...args: string[]): Promise<string> {
  let out = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (out += text) },
    stdin: new PassThrough(),
    env: {},
  };
  const program = new Command('vzmc').exitOverride();
  registerTestClusters(program, io);
  await program.parseAsync([...args, '--help'], { from: 'user' }).catch((error: unknown) => {
    if ((error as { code?: string }).code !== 'commander.helpDisplayed') throw error;
  });
  return out;
}

describe('vzmc test-clusters', () => {
  it.each(['up', 'down', 'build'])('%s has help with an Examples section', async (sub) => {
    const text = await help('test-clusters', sub);
    expect(text).toContain(`Usage: vzmc test-clusters ${sub}`);
    expect(text).toMatch(/\nExamples:\n {2}vzmc test-clusters /);
  });

  it('offers --clusters and --state-dir on up, --state-dir on down, --kubectl on build', async () => {
    expect(await help('test-clusters', 'up')).toMatch(/--clusters <names>[\s\S]*--state-dir <dir>/);
    expect(await help('test-clusters', 'down')).toContain('--state-dir <dir>');
    expect(await help('test-clusters', 'build')).toContain('--kubectl');
  });
});
