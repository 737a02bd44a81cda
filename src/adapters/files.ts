/**
 * Reading manifest sources from the file system and stdin. This is I/O, so it lives outside the
 * core; the core's loaders take the text this returns.
 *
 * Every read is bounded: a file, a device (`/dev/zero`) or stdin longer than the limit is an error
 * naming the source and the limit, never a process that grows without bound. Directories are
 * walked as `kubectl apply -f DIR -R` walks them: symbolic links to files are read, symbolic links
 * to directories are not entered (Go's `filepath.Walk` does not follow them), and a link that loops
 * or dangles is an error naming it.
 */
import { lstat, open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ManifestSource } from '../manifest/load.js';

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** The largest input read from one file or from stdin unless told otherwise: 64 MiB. */
export const DEFAULT_MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** How much may be read. */
export interface ReadLimits {
  /** The largest input read from one file or from stdin, in bytes. Default {@link DEFAULT_MAX_INPUT_BYTES}. */
  readonly maxBytes?: number;
  /** How to raise the limit, appended to the error (the CLI names its flag and variable). */
  readonly howToRaise?: string;
}

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

/** `67108864 bytes (64 MiB)`, for the limit in an error. */
function describeBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return Number.isInteger(mib) && mib > 0 ? `${bytes} bytes (${mib} MiB)` : `${bytes} bytes`;
}

function tooLarge(source: string, limits: ReadLimits): UnreadableInputError {
  const max = limits.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
  const raise = limits.howToRaise ?? 'pass a larger maxBytes to raise it';
  return new UnreadableInputError(source, `larger than the input limit of ${describeBytes(max)}; ${raise}`);
}

/**
 * Why a path could not be read, in words: a missing file, a dangling link, a link loop, or the
 * system's message.
 */
async function reasonOf(path: string, error: unknown): Promise<string> {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    const link = await lstat(path).then(
      (info) => info.isSymbolicLink(),
      () => false,
    );
    return link ? 'a dangling symbolic link (its target does not exist)' : 'no such file or directory';
  }
  if (code === 'ELOOP') return 'a symbolic link loop (too many levels of symbolic links)';
  if (code === 'EISDIR') return 'a directory, not a file';
  return (error as Error).message;
}

/** Chunks collected until `maxBytes` would be passed; `undefined` once it is. */
class Bounded {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly maxBytes: number) {}
  /** Adds a chunk; false when the total passes the limit. */
  add(chunk: Buffer): boolean {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return false;
    this.chunks.push(chunk);
    return true;
  }
  bytes(): Uint8Array {
    return Buffer.concat(this.chunks, this.size);
  }
}

/**
 * Reads a file (or a device, a FIFO…) but never more than the limit: it stops at the first byte past
 * it, so `/dev/zero` ends in an error instead of filling memory. Throws {@link UnreadableInputError}.
 *
 * @example
 * const bytes = await readFileBounded('fleet.yaml', { maxBytes: 1024 * 1024 });
 */
export async function readFileBounded(path: string, limits: ReadLimits = {}): Promise<Uint8Array> {
  const max = limits.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new UnreadableInputError(path, await reasonOf(path, error));
  }
  try {
    const collected = new Bounded(max);
    // A regular file is read in one go (plus one byte, to notice growth); a device or FIFO in chunks.
    const info = await handle.stat();
    const size = Math.min(max + 1, info.isFile() && info.size > 0 ? info.size + 1 : 64 * 1024);
    for (;;) {
      const buffer = Buffer.allocUnsafe(size);
      const { bytesRead } = await handle.read(buffer, 0, size, null);
      if (bytesRead === 0) return collected.bytes();
      if (!collected.add(buffer.subarray(0, bytesRead))) throw tooLarge(path, limits);
    }
  } catch (error) {
    if (error instanceof UnreadableInputError) throw error;
    throw new UnreadableInputError(path, await reasonOf(path, error));
  } finally {
    await handle.close();
  }
}

/** Reads a stream to its end, but never more than the limit (the name is `<stdin>` in errors). */
export async function readStreamBounded(
  stream: NodeJS.ReadableStream,
  name: string,
  limits: ReadLimits = {},
): Promise<Uint8Array> {
  const collected = new Bounded(limits.maxBytes ?? DEFAULT_MAX_INPUT_BYTES);
  for await (const chunk of stream) {
    if (!collected.add(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)) {
      // Stop reading: a producer that never ends (`yes | vzmc validate -f -`) must not be drained.
      (stream as { destroy?: () => void }).destroy?.();
      throw tooLarge(name, limits);
    }
  }
  return collected.bytes();
}

const hasManifestExtension = (name: string) => MANIFEST_EXTENSIONS.some((ext) => name.endsWith(ext));

/**
 * The manifest files under `dir`, in sorted order, as `kubectl -f DIR -R` finds them: files with a
 * manifest extension, symbolic links to such files included; linked directories are not entered.
 */
async function walk(dir: string, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new UnreadableInputError(dir, await reasonOf(dir, error));
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, out);
    else if (!hasManifestExtension(entry.name)) continue;
    else if (entry.isFile()) out.push(path);
    else if (entry.isSymbolicLink() && !(await isLinkToDirectory(path))) out.push(path);
  }
}

/** Whether a symbolic link resolves to a directory. A loop or a dangling link is not: reading it reports it. */
async function isLinkToDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Reads files, directories (recursively, in sorted order, `.yaml`/`.yml`/`.json` only, symbolic
 * links to files followed) and `-` (stdin), each up to `limits.maxBytes` (64 MiB by default).
 * Throws {@link UnreadableInputError} for a path that does not exist, cannot be read, is a
 * symbolic link loop, or is larger than the limit.
 *
 * @example
 * const sources = await readManifestSources(['examples/todo-list']);
 * const { objects, issues } = loadSources(sources);
 */
export async function readManifestSources(
  paths: readonly string[],
  stdin: NodeJS.ReadableStream = process.stdin,
  limits: ReadLimits = {},
): Promise<ManifestSource[]> {
  const sources: ManifestSource[] = [];
  for (const path of paths) {
    if (path === '-') {
      sources.push({ file: '<stdin>', content: await readStreamBounded(stdin, '<stdin>', limits) });
      continue;
    }
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      throw new UnreadableInputError(path, await reasonOf(path, error));
    }
    const files: string[] = [];
    if (info.isDirectory()) await walk(path, files);
    else files.push(path);
    for (const file of files) sources.push({ file, content: await readFileBounded(file, limits) });
  }
  return sources;
}
