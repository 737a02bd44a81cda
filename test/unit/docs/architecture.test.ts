/**
 * docs/architecture.md matches the code: its table lists every part of `src/` and, for each part,
 * every part it imports. An import the table does not list (a new arrow) fails, naming the file;
 * so does a part the table forgets or a row for a part that no longer exists.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SRC = path.join(ROOT, 'src');
const ENTRIES = 'entries';
/** An "Imports" cell that allows any part. */
const ANY = new Set(['every part', 'every part below it']);

/** The part a file belongs to: its top folder, a subfolder of adapters/ or testing/, or the entries. */
function partOf(file: string): string {
  const parts = path.relative(SRC, file).split(path.sep);
  if (parts.length === 1) return ENTRIES;
  if ((parts[0] === 'adapters' || parts[0] === 'testing') && parts.length > 2)
    return `${parts[0]}/${parts[1]}`;
  return parts[0]!;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every cross-part import of `src/`, as `from → to` with one file that makes it. */
function arrows(): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of sourceFiles(SRC)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
      const specifier = statement.moduleSpecifier;
      if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) continue;
      const from = partOf(file);
      const to = partOf(path.join(path.dirname(file), specifier.text));
      if (from !== to && !out.has(`${from} → ${to}`)) out.set(`${from} → ${to}`, path.relative(ROOT, file));
    }
  }
  return out;
}

/** The table's rows: part → the parts its "Imports" cell allows (undefined: any part). */
function table(): Map<string, ReadonlySet<string> | undefined> {
  const text = readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');
  const rows = new Map<string, ReadonlySet<string> | undefined>();
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 5 || (!cells[1]!.startsWith('`') && !cells[1]!.startsWith('entries'))) continue;
    const part = cells[1]!.startsWith('entries') ? ENTRIES : cells[1]!.replaceAll('`', '');
    const imports = cells[3]!;
    rows.set(
      part,
      ANY.has(imports) ? undefined : new Set(imports === '—' ? [] : imports.split(',').map((s) => s.trim())),
    );
  }
  return rows;
}

describe('docs/architecture.md', () => {
  const rows = table();
  const found = arrows();

  it('lists every part of src/, and no part that is gone', () => {
    const parts = new Set(sourceFiles(SRC).map(partOf));
    expect([...rows.keys()].sort()).toEqual([...parts].sort());
  });

  it('lists every arrow between parts that the code has', () => {
    const unlisted = [...found]
      .filter(([arrow]) => {
        const [from, to] = arrow.split(' → ') as [string, string];
        const allowed = rows.get(from);
        return allowed !== undefined && !allowed.has(to);
      })
      .map(([arrow, file]) => `${arrow} (${file})`);
    expect(unlisted).toEqual([]);
  });

  it('lists no arrow that the code lacks', () => {
    const stale = [...rows].flatMap(([from, allowed]) =>
      [...(allowed ?? [])].filter((to) => !found.has(`${from} → ${to}`)).map((to) => `${from} → ${to}`),
    );
    expect(stale).toEqual([]);
  });
});
