/**
 * The README's links work where the README is read: in the repository, in node_modules/vzmc, and
 * on a package page, where a relative link to docs/ resolves to nothing (issue #11). So links to
 * the repository's files are absolute (`<repository>/blob/main/<file>`, `<repository>/tree/main/<dir>`)
 * and must name files that exist here; in-page links must name a heading.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..', '..');
const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  repository: { url: string };
  homepage: string;
  bugs: { url: string };
};
/** `git+https://github.com/o/r.git` → `https://github.com/o/r`. */
const repository = manifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

/** The link targets of a Markdown text, outside code blocks and code spans. */
function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/(`+)[\s\S]*?\1/g, '');
  const inline = [...prose.matchAll(/\]\(\s*<?([^()\s<>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  const references = [...prose.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]!);
  const autolinks = [...prose.matchAll(/(?<!\(\s*)<(https?:\/\/[^>\s]+)>/g)].map((m) => m[1]!);
  return [...inline, ...references, ...autolinks];
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

describe('linkTargets', () => {
  it('finds inline, reference and autolinks, and skips code', () => {
    const text = [
      'See [a](docs/a.md "title") and [b](<https://x.example/b>) and <https://x.example/c>.',
      '`[not](a-link.md)`',
      '```md',
      '[not](either.md)',
      '```',
      '[ref]: https://x.example/d',
    ].join('\n');
    expect(linkTargets(text)).toEqual([
      'docs/a.md',
      'https://x.example/b',
      'https://x.example/d',
      'https://x.example/c',
    ]);
  });
});

describe('README.md links', () => {
  const targets = linkTargets(readme);
  const headings = new Set([...readme.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1]!)));

  it('package.json names the repository that the links point into', () => {
    expect(repository).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
    expect(manifest.homepage.startsWith(`${repository}#`)).toBe(true);
    expect(manifest.bugs.url).toBe(`${repository}/issues`);
  });

  it('has no relative links to files (they do not resolve on a package page): use the absolute URL', () => {
    const relative = targets.filter((t) => !/^[a-z][a-z+.-]*:/i.test(t) && !t.startsWith('#'));
    expect(
      relative.map((t) => `${t} → ${repository}/${t.endsWith('/') ? 'tree' : 'blob'}/main/${t}`),
    ).toEqual([]);
  });

  it('every link into the repository names a file (blob) or directory (tree) that exists on this branch', () => {
    const prefix = new RegExp(
      `^${repository.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(blob|tree)/main/([^#?]+)`,
    );
    const intoRepository = targets.flatMap((t) => {
      const match = prefix.exec(t);
      return match === null ? [] : [{ link: t, kind: match[1]!, path: decodeURIComponent(match[2]!) }];
    });
    // Not vacuous: the README links to the docs and the examples.
    expect(intoRepository.map((l) => l.path)).toEqual(expect.arrayContaining(['docs/cli.md', 'examples']));
    const broken = intoRepository.filter(({ kind, path }) => {
      const file = join(REPO, path);
      if (!existsSync(file)) return true;
      return kind === 'blob' ? !statSync(file).isFile() : !statSync(file).isDirectory();
    });
    expect(broken.map((l) => l.link)).toEqual([]);
  });

  it('every in-page link names a heading', () => {
    const anchors = targets.filter((t) => t.startsWith('#'));
    expect(anchors.filter((a) => !headings.has(a.slice(1)))).toEqual([]);
  });
});
