import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_INPUT_BYTES,
  UnreadableInputError,
  readFileBounded,
  readManifestSources,
} from '../../../src/adapters/files.js';

const namespace = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;

/** A fresh directory with `files` written into it (paths relative to it). */
function tree(files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'vzmc-files-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** What a read threw. */
async function failure(read: Promise<unknown>): Promise<UnreadableInputError> {
  const error = await read.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnreadableInputError);
  return error as UnreadableInputError;
}

/** An endless stream of 64 KiB chunks, counting how many were pulled. */
function endless(): { stream: Readable; pulled: () => number } {
  let pulled = 0;
  const chunk = Buffer.alloc(64 * 1024, 'a');
  const stream = new Readable({
    read() {
      pulled++;
      this.push(chunk);
    },
  });
  return { stream, pulled: () => pulled };
}

describe('readManifestSources: the size limit', () => {
  it('reads at most the limit from stdin: an endless stream ends in an error naming <stdin> and the limit, not drained', async () => {
    const { stream, pulled } = endless();
    const error = await failure(
      readManifestSources(['-'], stream, { maxBytes: 1024 * 1024, howToRaise: 'raise it with --more' }),
    );
    expect(error.message).toBe(
      '<stdin>: larger than the input limit of 1048576 bytes (1 MiB); raise it with --more',
    );
    // 16 chunks fill the limit; the stream buffers a few ahead, then it is destroyed.
    expect(pulled()).toBeLessThan(40);
    expect(stream.destroyed).toBe(true);
  });

  it('reads at most the limit from a device: /dev/zero ends in an error naming it', async () => {
    const error = await failure(readManifestSources(['/dev/zero'], undefined, { maxBytes: 100_000 }));
    expect(error.path).toBe('/dev/zero');
    expect(error.reason).toBe(
      'larger than the input limit of 100000 bytes; pass a larger maxBytes to raise it',
    );
  });

  it('a file of exactly the limit is read; one byte more is an error naming the file', async () => {
    const root = tree({ 'exact.yaml': 'x'.repeat(100), 'over.yaml': 'x'.repeat(101) });
    expect((await readFileBounded(join(root, 'exact.yaml'), { maxBytes: 100 })).length).toBe(100);
    const error = await failure(readManifestSources([join(root, 'over.yaml')], undefined, { maxBytes: 100 }));
    expect(error.path).toBe(join(root, 'over.yaml'));
    // A directory's files are each held to the limit too.
    expect((await failure(readManifestSources([root], undefined, { maxBytes: 100 }))).path).toBe(
      join(root, 'over.yaml'),
    );
  });

  it('a stream under the limit is read whole, and the default limit is 64 MiB', async () => {
    const [source] = await readManifestSources(['-'], Readable.from([namespace('a'), namespace('b')]));
    expect(new TextDecoder().decode(source!.content as Uint8Array)).toBe(namespace('a') + namespace('b'));
    expect(DEFAULT_MAX_INPUT_BYTES).toBe(64 * 1024 * 1024);
  });
});

describe('readManifestSources: symbolic links, as kubectl -f DIR follows them', () => {
  it('reads linked files (by the link name and extension), does not enter linked directories, and terminates on a directory loop', async () => {
    const outside = tree({ 'target.yaml': namespace('linked'), noext: namespace('noext') });
    const root = tree({ 'a.yaml': namespace('a'), 'sub/b.yml': namespace('b') });
    symlinkSync(join(outside, 'target.yaml'), join(root, 'link.yaml'));
    symlinkSync(join(outside, 'noext'), join(root, 'noext.json'));
    symlinkSync(join(outside, 'target.yaml'), join(root, 'link.txt')); // not a manifest name: skipped
    symlinkSync(outside, join(root, 'linked-dir')); // a directory: not entered
    symlinkSync('..', join(root, 'sub', 'parent')); // a loop, were links to directories entered
    const sources = await readManifestSources([root]);
    expect(sources.map((s) => s.file)).toEqual([
      join(root, 'a.yaml'),
      join(root, 'link.yaml'),
      join(root, 'noext.json'),
      join(root, 'sub', 'b.yml'),
    ]);
    expect(new TextDecoder().decode(sources[1]!.content as Uint8Array)).toBe(namespace('linked'));
  });

  it('a path given directly may be a link to a file or to a directory', async () => {
    const root = tree({ 'dir/a.yaml': namespace('a') });
    symlinkSync(join(root, 'dir'), join(root, 'dir-link'));
    symlinkSync(join(root, 'dir', 'a.yaml'), join(root, 'file-link'));
    const sources = await readManifestSources([join(root, 'dir-link'), join(root, 'file-link')]);
    expect(sources.map((s) => s.file)).toEqual([join(root, 'dir-link', 'a.yaml'), join(root, 'file-link')]);
  });

  it('a link loop inside a folder is an error naming the link, never a hang', async () => {
    const root = tree({ 'a.yaml': namespace('a') });
    symlinkSync('loop2.yaml', join(root, 'loop1.yaml'));
    symlinkSync('loop1.yaml', join(root, 'loop2.yaml'));
    const error = await failure(readManifestSources([root]));
    expect(error.message).toBe(
      `${join(root, 'loop1.yaml')}: a symbolic link loop (too many levels of symbolic links)`,
    );
    const direct = await failure(readManifestSources([join(root, 'loop2.yaml')]));
    expect(direct.reason).toBe('a symbolic link loop (too many levels of symbolic links)');
  });

  it('a dangling link is an error naming it as such', async () => {
    const root = tree();
    symlinkSync(join(root, 'missing.yaml'), join(root, 'dangling.yaml'));
    const inFolder = await failure(readManifestSources([root]));
    expect(inFolder.message).toBe(
      `${join(root, 'dangling.yaml')}: a dangling symbolic link (its target does not exist)`,
    );
    const direct = await failure(readManifestSources([join(root, 'dangling.yaml')]));
    expect(direct.reason).toBe('a dangling symbolic link (its target does not exist)');
    const missing = await failure(readManifestSources([join(root, 'nothing.yaml')]));
    expect(missing.reason).toBe('no such file or directory');
  });
});
