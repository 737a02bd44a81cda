/**
 * Reading manifest sources from the file system and stdin. This is I/O, so it lives outside the
 * core; the core's loaders take the text this returns.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ManifestSource } from '../types/load.js';

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** A path that could not be read. */
export class UnreadableInputError extends Error {
  /** Always `UnreadableInputError`. */
  override readonly name = 'UnreadableInputError';
  constructor(
    /** The path given. */
    readonly path: string,
    /** Why it could not be read. */
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, out);
    else if (entry.isFile() && MANIFEST_EXTENSIONS.some((ext) => entry.name.endsWith(ext))) out.push(path);
  }
}

async function readStdin(stdin: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/**
 * Reads files, directories (recursively, in sorted order, `.yaml`/`.yml`/`.json` only) and `-`
 * (stdin). Throws {@link UnreadableInputError} for a path that does not exist or cannot be read.
 *
 * @example
 * const sources = await readManifestSources(['examples/todo-list']);
 * const { objects, issues } = loadSources(sources);
 */
export async function readManifestSources(
  paths: readonly string[],
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<ManifestSource[]> {
  const sources: ManifestSource[] = [];
  for (const path of paths) {
    if (path === '-') {
      sources.push({ file: '<stdin>', content: await readStdin(stdin) });
      continue;
    }
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      throw new UnreadableInputError(
        path,
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'no such file or directory'
          : (error as Error).message,
      );
    }
    const files: string[] = [];
    if (info.isDirectory()) await walk(path, files);
    else files.push(path);
    for (const file of files) {
      try {
        sources.push({ file, content: await readFile(file) });
      } catch (error) {
        throw new UnreadableInputError(file, (error as Error).message);
      }
    }
  }
  return sources;
}
