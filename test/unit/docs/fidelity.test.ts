/**
 * docs/fidelity.md lists every rule id of the specification once, as reproduced, deviated (with a
 * link to its entry in docs/deviations.md) or not applicable (with a reason), with the tests that
 * prove it (issue 14 item 10). Where the specification is present, every id it defines has a row;
 * the other checks need only the repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, describeWithSpec, specReference } from '../../support/corpus.js';

const FIDELITY = join(REPO_ROOT, 'docs', 'fidelity.md');
const DEVIATIONS = join(REPO_ROOT, 'docs', 'deviations.md');
const STATUSES = ['reproduced', 'deviated', 'not applicable'] as const;

/** One row of the fidelity table. */
interface Row {
  readonly id: string;
  readonly status: string;
  readonly what: string;
  readonly proof: string;
}

/** The cells of a Markdown table line (`\|` is a literal bar, not a separator). */
function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

/** The table rows of docs/fidelity.md whose first cell is a rule id. */
function fidelityRows(markdown: string): Row[] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map(cells)
    .filter(([id]) => /^[A-Z]\d{1,2}[a-z]?$/.test(id ?? ''))
    .map(([id, status, what, proof]) => ({
      id: id!,
      status: status ?? '',
      what: what ?? '',
      proof: proof ?? '',
    }));
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

/** The rule ids and § references in the Rule column of each section of docs/deviations.md, by anchor. */
function deviationEntries(markdown: string): Map<string, Set<string>> {
  const sections = new Map<string, Set<string>>();
  let current = new Set<string>();
  for (const line of markdown.split('\n')) {
    const heading = /^#{1,6}\s+(.+)$/.exec(line);
    if (heading) {
      current = new Set<string>();
      sections.set(slug(heading[1]!), current);
      continue;
    }
    if (!line.startsWith('|') || /^\|\s*-/.test(line)) continue;
    for (const ref of (cells(line)[0] ?? '').matchAll(/§\d+(?:\.\d+)*|\b[A-Z]\d{1,2}[a-z]?\b/g))
      current.add(ref[0]);
  }
  return sections;
}

/** The links of a status cell into docs/deviations.md: [text](deviations.md#anchor). */
function deviationLinks(status: string): { text: string; anchor: string }[] {
  return [...status.matchAll(/\[([^\]]+)\]\(deviations\.md#([^)\s]+)\)/g)].map((m) => ({
    text: m[1]!,
    anchor: m[2]!,
  }));
}

/** The files and test titles a "Proven by" cell cites: a `test/….ts` path, then that file's titles. */
function citations(proof: string): { file: string; titles: string[] }[] {
  const cited: { file: string; titles: string[] }[] = [];
  for (const match of proof.matchAll(/`([^`]+)`|"([^"]+)"/g)) {
    const text = match[1] ?? match[2]!;
    if (/^test\/\S+\.ts$/.test(text)) cited.push({ file: text, titles: [] });
    else if (cited.length > 0) cited[cited.length - 1]!.titles.push(text);
    else cited.push({ file: '(no file before this title)', titles: [text] });
  }
  return cited;
}

const rows = () => fidelityRows(readFileSync(FIDELITY, 'utf8'));

describe('docs/fidelity.md', () => {
  it('has one row per rule id, each with a status, what vzmc does and its proof', () => {
    const ids = rows().map((row) => row.id);
    expect(ids.length).toBeGreaterThan(100);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const empty = rows().filter((row) => row.what === '' || row.proof === '');
    expect(empty.map((row) => row.id)).toEqual([]);
  });

  it('gives every row one of the three statuses; every deviated row links to its entry in docs/deviations.md', () => {
    const entries = deviationEntries(readFileSync(DEVIATIONS, 'utf8'));
    const problems: string[] = [];
    for (const row of rows()) {
      const status = STATUSES.find(
        (s) => row.status === s || row.status.startsWith(`${s} `) || row.status.startsWith(`${s}:`),
      );
      if (!status) {
        problems.push(`${row.id}: status "${row.status}" is none of ${STATUSES.join(', ')}`);
        continue;
      }
      if (status !== 'deviated') continue;
      const links = deviationLinks(row.status);
      if (links.length === 0) problems.push(`${row.id}: deviated without a link to deviations.md`);
      for (const { text, anchor } of links) {
        const section = entries.get(anchor);
        if (!section) problems.push(`${row.id}: deviations.md has no heading #${anchor}`);
        else if (!section.has(text))
          problems.push(
            `${row.id}: no entry for ${text} under deviations.md#${anchor} (${[...section].join(', ')})`,
          );
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives every not-applicable row its reason', () => {
    const reasons = rows()
      .filter((row) => row.status.startsWith('not applicable'))
      .map((row) => ({ id: row.id, reason: row.status.replace(/^not applicable:?/, '').trim() }));
    expect(reasons.filter((r) => r.reason.length < 20)).toEqual([]);
  });

  it('cites only test files that exist, and test titles that are in them; proof is a citation or says none yet', () => {
    const problems: string[] = [];
    const sources = new Map<string, string>();
    for (const row of rows()) {
      const cited = citations(row.proof);
      const applicable = !row.status.startsWith('not applicable');
      if (applicable && cited.length === 0 && !/\bnone yet\b/.test(row.proof))
        problems.push(`${row.id}: cites no test and does not say "none yet"`);
      for (const { file, titles } of cited) {
        const path = join(REPO_ROOT, file);
        if (!existsSync(path)) {
          problems.push(`${row.id}: ${file} does not exist`);
          continue;
        }
        if (!sources.has(file)) sources.set(file, readFileSync(path, 'utf8'));
        for (const title of titles)
          if (!sources.get(file)!.includes(title)) problems.push(`${row.id}: ${file} has no test "${title}"`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('fidelity table parsing', () => {
  it('reads cells, links, deviation entries and citations', () => {
    expect(
      cells('| P1 | deviated ([P1](deviations.md#the-agent)) | a \\| b | `test/x.test.ts` `t` |'),
    ).toEqual(['P1', 'deviated ([P1](deviations.md#the-agent))', 'a \\| b', '`test/x.test.ts` `t`']);
    expect(
      deviationLinks('deviated ([U3](deviations.md#labels), [§4.3](deviations.md#registration))'),
    ).toEqual([
      { text: 'U3', anchor: 'labels' },
      { text: '§4.3', anchor: 'registration' },
    ]);
    const entries = deviationEntries(
      ['## The agent', '', '| Rule | a |', '|---|---|', '| §7.3, §5.4 | x |', '| B7 (takeover) | y |'].join(
        '\n',
      ),
    );
    expect([...entries.get('the-agent')!]).toEqual(['§7.3', '§5.4', 'B7']);
    expect(citations('`test/a.test.ts` `one; two`, "three"; `test/b.test.ts`; none yet')).toEqual([
      { file: 'test/a.test.ts', titles: ['one; two', 'three'] },
      { file: 'test/b.test.ts', titles: [] },
    ]);
  });
});

describeWithSpec('docs/fidelity.md against the specification', () => {
  it('has a row for every rule id the specification defines, and for no other', () => {
    const spec = readFileSync(specReference().path, 'utf8');
    const defined = [...spec.matchAll(/^- (?:\*\*)?([A-Z]\d{1,2}[a-z]?)\b/gm)].map((m) => m[1]!);
    expect(defined.length).toBeGreaterThan(100);
    const listed = rows().map((row) => row.id);
    expect(defined.filter((id) => !listed.includes(id))).toEqual([]);
    expect(listed.filter((id) => !defined.includes(id))).toEqual([]);
  });
});
