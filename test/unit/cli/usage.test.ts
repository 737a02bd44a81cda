import { describe, expect, it } from 'vitest';
import { examplesHelp } from '../../../src/cli/shared/examples.js';
import { binFor } from '../../../src/cli/program.js';
import { run } from './run.js';

describe('usage errors', () => {
  it.each([
    [['validate', '-f', 'x', '--frobnicate'], "error: unknown option '--frobnicate'", 'vzmc validate'],
    [['validate'], "error: required option '-f, --file <path...>' not specified", 'vzmc validate'],
    [
      ['render', '-f', 'x', '--cluster', 'c', '-o', 'xml'],
      "error: option '-o, --output <format>' argument 'xml' is invalid. Allowed choices are text, yaml, json.",
      'vzmc render',
    ],
    [['test-clusters', 'up', '--nope'], "error: unknown option '--nope'", 'vzmc test-clusters up'],
    [['frobnicate'], "error: unknown command 'frobnicate'", 'vzmc'],
  ])(
    '%j prints one line and where to read more, as kubectl does, and exits 2',
    async (argv, line, command) => {
      const { code, stdout, stderr } = await run(argv);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe(`${line}\nSee '${command} --help' for usage.\n`);
    },
  );
});

describe('run as the kubectl plugin', () => {
  it('kubectl-vzmc is named kubectl vzmc; any other script path vzmc', () => {
    expect(binFor('/usr/local/bin/kubectl-vzmc')).toBe('kubectl vzmc');
    expect(binFor('/repo/node_modules/.bin/kubectl-vzmc')).toBe('kubectl vzmc');
    expect(binFor('/repo/node_modules/.bin/vzmc')).toBe('vzmc');
    expect(binFor('/repo/dist/cli.js')).toBe('vzmc');
    expect(binFor(undefined)).toBe('vzmc');
  });

  it('the usage line, the examples and usage errors say kubectl vzmc', async () => {
    const help = (await run(['render', '--help'], { bin: 'kubectl vzmc' })).stdout;
    expect(help.split('\n')[0]).toBe('Usage: kubectl vzmc render [options]');
    expect(help).toContain('\n  kubectl vzmc render -f examples/fleet --cluster managed1\n');
    expect(help).toContain('| kubectl --context admin apply --server-side -f -');
    expect(help).not.toMatch(/(?<!kubectl )\bvzmc render/);
    const error = await run(['render', '--bad'], { bin: 'kubectl vzmc' });
    expect(error.stderr.split('\n')[1]).toBe("See 'kubectl vzmc render --help' for usage.");
  });

  it('examples rename only the program word, not kubectl-vzmc, paths or vzmc.dev labels', () => {
    expect(
      examplesHelp('kubectl vzmc', [
        {
          run: 'kubectl get ns -l vzmc.dev/managed=true -o yaml | vzmc validate -f -',
          note: 'vzmc reads stdin',
        },
        { run: 'source <(vzmc completion bash) && ls bin/vzmc kubectl-vzmc' },
      ]),
    ).toBe(
      '\nExamples:\n' +
        '  kubectl get ns -l vzmc.dev/managed=true -o yaml | kubectl vzmc validate -f -   # vzmc reads stdin\n' +
        '  source <(kubectl vzmc completion bash) && ls bin/vzmc kubectl-vzmc\n',
    );
  });
});
