import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI_REFERENCE_PATH, cliReference, commandPaths, helpOf } from '../../../scripts/cli-reference.js';

describe('the CLI reference (docs/cli.md)', () => {
  it('is what `npm run docs:cli` generates from the command definitions (run it after changing a command)', async () => {
    expect(await cliReference()).toBe(readFileSync(CLI_REFERENCE_PATH, 'utf8'));
  });

  it('covers every command, test-clusters up, down and build included', () => {
    expect(commandPaths().map((path) => path.join(' '))).toEqual(
      expect.arrayContaining([
        'validate',
        'test-clusters',
        'test-clusters up',
        'test-clusters down',
        'test-clusters build',
      ]),
    );
  });

  const subcommands = commandPaths()
    .filter((path) => path.length > 0)
    .map((path) => path.join(' '));
  describe.each(subcommands)('vzmc %s --help', (command) => {
    it('has an Examples: section with at least one command line', async () => {
      const help = await helpOf(command.split(' '));
      expect(help).toMatch(/\nExamples:\n/);
      expect(help.slice(help.indexOf('\nExamples:\n'))).toMatch(/\n {2}.*\bvzmc /);
    });
  });
});
