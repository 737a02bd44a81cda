/**
 * Manifest sources from a git revision, without checking it out: `git ls-tree` lists the files of
 * a path at the revision, `git show REV:FILE` reads each one. Files are named `REV:PATH` in
 * errors, so a YAML error still names its file, line and column.
 */
import { execFile } from 'node:child_process';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_MAX_INPUT_BYTES, type ReadLimits } from '../../adapters/files.js';
import type { ManifestSource } from '../../manifest/index.js';
import { CliError, ExitCode } from '../shared/io.js';

const run = promisify(execFile);
const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

async function git(cwd: string, args: readonly string[], maxBytes: number): Promise<string> {
  try {
    const { stdout } = await run('git', [...args], { cwd, maxBuffer: maxBytes + 1, encoding: 'utf8' });
    return stdout;
  } catch (error) {
    const raw = (error as { stderr?: unknown }).stderr;
    const stderr = typeof raw === 'string' ? raw.trim() : '';
    const reason = stderr.split('\n')[0] || (error as Error).message;
    throw new CliError(`git ${args.join(' ')}: ${reason}`, ExitCode.Usage);
  }
}

/**
 * Where git runs for `path`, and the pathspec there: the repository is the one holding the path
 * (its deepest existing folder, links resolved), not the working directory's, so a path through a
 * symbolic link, or one the working tree no longer has, still reads.
 */
function locate(path: string): { readonly cwd: string; readonly spec: string } {
  let at = resolve(path);
  const rest: string[] = [];
  while (!existsSync(at) && dirname(at) !== at) {
    rest.unshift(basename(at));
    at = dirname(at);
  }
  const real = realpathSync(at);
  if (statSync(real).isFile()) return { cwd: dirname(real), spec: [basename(real), ...rest].join('/') };
  return { cwd: real, spec: rest.length > 0 ? rest.join('/') : '.' };
}

/**
 * The manifest files (`.yaml`, `.yml`, `.json`) under `paths` (files or folders, walked
 * recursively) as they are at revision `rev` of the repository holding them, in path order.
 *
 * @example
 * const sources = await gitSources('origin/main', ['examples/fleet']);
 */
export async function gitSources(
  rev: string,
  paths: readonly string[],
  limits: ReadLimits = {},
): Promise<ManifestSource[]> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
  if (rev.startsWith('-')) throw new CliError(`--git: "${rev}" is not a revision`, ExitCode.Usage);
  const sources: ManifestSource[] = [];
  for (const path of paths) {
    const { cwd, spec } = locate(path);
    const listed = await git(
      cwd,
      ['ls-tree', '-r', '-z', '--full-name', '--name-only', rev, '--', spec],
      maxBytes,
    );
    const files = listed.split('\0').filter((f) => f !== '');
    if (files.length === 0)
      throw new CliError(`${rev}:${path}: no such file or directory at ${rev}`, ExitCode.Usage);
    for (const file of files.filter((f) => MANIFEST_EXTENSIONS.some((e) => f.endsWith(e))).sort()) {
      const content = await git(cwd, ['show', `${rev}:${file}`], maxBytes);
      if (Buffer.byteLength(content) > maxBytes)
        throw new CliError(
          `${rev}:${file}: larger than the input limit of ${maxBytes} bytes`,
          ExitCode.Usage,
        );
      sources.push({ file: `${rev}:${file}`, content });
    }
  }
  return sources;
}
