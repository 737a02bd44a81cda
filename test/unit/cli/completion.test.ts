import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { commandPaths } from '../../../scripts/cli-reference.js';
import { run } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'vzmc-completion-'));
const script = async (shell: string) => {
  const { code, stdout } = await run(['completion', shell]);
  expect(code).toBe(0);
  return stdout;
};
const has = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

/** A kubectl on PATH that knows the contexts admin and managed1, as `kubectl config get-contexts -o name` lists them. */
const bin = join(dir, 'bin');
execFileSync('mkdir', ['-p', bin]);
writeFileSync(join(bin, 'kubectl'), '#!/bin/sh\nprintf "admin\\nmanaged1\\n"\n');
chmodSync(join(bin, 'kubectl'), 0o755);

const bashScript = join(dir, 'vzmc.bash');
beforeAll(async () => {
  writeFileSync(bashScript, await script('bash'));
});

/** What bash offers for the words typed so far (the last one is being completed). */
function complete(...words: string[]): string[] {
  const file = bashScript;
  const words_ = words.map((w) => `'${w}'`).join(' ');
  const out = execFileSync(
    'bash',
    [
      '-c',
      `source ${file}; COMP_WORDS=(vzmc ${words_}); COMP_CWORD=${words.length}; _vzmc; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    { cwd: process.cwd(), encoding: 'utf8', env: { PATH: `${bin}:${process.env.PATH ?? ''}` } },
  );
  return out.split('\n').filter((line) => line !== '');
}

describe('vzmc completion bash, sourced in bash', { timeout: 30_000 }, () => {
  it('completes commands and subcommands', () => {
    expect(complete('')).toEqual([
      'crds',
      'validate',
      'explain',
      'render',
      'report',
      'register',
      'plan',
      'impact',
      'admin',
      'sync',
      'federation',
      'install',
      'demo',
      'test-clusters',
      'completion',
    ]);
    expect(complete('re')).toEqual(['render', 'report', 'register']);
    expect(complete('test-clusters', '')).toEqual(['up', 'down', 'build']);
    expect(complete('completion', '')).toEqual(['bash', 'zsh', 'fish']);
    expect(complete('install', '')).toEqual(['admin', 'agent']);
  });

  it('completes the flags of the command being typed, without hidden aliases', () => {
    expect(complete('plan', '--ex')).toEqual(['--exit-code']);
    expect(complete('validate', '--out')).toEqual(['--output']);
    expect(complete('test-clusters', 'up', '--st')).toEqual(['--state-dir']);
    expect(complete('render', '--sh')).toEqual([]);
    expect(complete('register', 'managed1', '--admin-')).toEqual(['--admin-server', '--admin-objects']);
  });

  it('completes -o values, files and kubeconfig contexts', () => {
    expect(complete('render', '-o', '')).toEqual(['text', 'yaml', 'json']);
    expect(complete('validate', '--output', 'y')).toEqual(['yaml']);
    expect(complete('sync', '--log-format', '')).toEqual(['text', 'json']);
    expect(complete('plan', '--context', 'man')).toEqual(['managed1']);
    expect(complete('render', '-f', 'examples/fl')).toEqual(['examples/fleet']);
  });
});

describe('vzmc completion zsh and fish', () => {
  const paths = commandPaths().map((path) => ['vzmc', ...path].join(' '));

  it('zsh: a #compdef function that knows every command path and every -o value', async () => {
    const text = await script('zsh');
    expect(text.startsWith('#compdef vzmc\n')).toBe(true);
    for (const path of paths) expect(text).toContain(`("${path}") vzmc_flags=(`);
    expect(text).toContain(
      `("vzmc render:-o"|"vzmc render:--output") compadd -- 'text' 'yaml' 'json'; return ;;`,
    );
  });

  it('fish: complete lines for every command path and every -o value', async () => {
    const text = await script('fish');
    for (const path of paths) expect(text).toContain(`-n '__vzmc_is '\\''${path}'\\'''`);
    expect(text).toContain(
      `complete -c vzmc -n '__vzmc_is '\\''vzmc render'\\''' -s o -l output -x -a 'text yaml json' -d`,
    );
  });

  // Syntax is checked where the shells exist; this machine's image has bash only.
  it.runIf(has('zsh'))('zsh -n accepts the script (needs zsh)', async () => {
    const file = join(dir, '_vzmc');
    writeFileSync(file, await script('zsh'));
    expect(spawnSync('zsh', ['-n', file]).status).toBe(0);
  });

  it.runIf(has('fish'))('fish --no-execute accepts the script (needs fish)', async () => {
    const file = join(dir, 'vzmc.fish');
    writeFileSync(file, await script('fish'));
    expect(spawnSync('fish', ['--no-execute', file]).status).toBe(0);
  });
});
