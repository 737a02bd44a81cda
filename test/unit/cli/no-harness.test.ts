/**
 * The CLI does not load the test harness with its commands: no chain of static imports from any
 * file of `src/cli/` (main.ts, and every command it loads lazily) reaches `src/testing/`. The
 * harness is reached only through the lazy `import()` calls of one door, `src/cli/support/harness.ts`,
 * which the commands that start clusters (test-clusters, demo --real) call.
 * `import type` and `export type` are erased at build time, so they are not followed; every other
 * `import` and `export … from` is, into any folder of `src/`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const CLI = path.join(ROOT, 'src', 'cli');

/** The files that may load the harness, each through `import()` only. */
const LAZY_HARNESS_USERS = ['src/cli/support/harness.ts'];

const isTesting = (file: string) => file === 'src/testing.ts' || file.startsWith('src/testing/');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [path.relative(ROOT, full)] : [];
  });
}

const parsed = new Map<string, ts.SourceFile>();
function parse(file: string): ts.SourceFile {
  let source = parsed.get(file);
  if (source === undefined) {
    source = ts.createSourceFile(file, readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest);
    parsed.set(file, source);
  }
  return source;
}

/** `./x.js` imported by `from` is `./x.ts` on disk; bare specifiers (packages) are undefined. */
function resolve(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return path.join(path.dirname(from), specifier).replace(/\.js$/, '.ts');
}

/** The files `file` loads when it loads: its relative imports and re-exports that survive the build. */
function staticImports(file: string): string[] {
  const out: string[] = [];
  for (const statement of parse(file).statements) {
    const typeOnly = ts.isImportDeclaration(statement)
      ? statement.importClause?.phaseModifier === ts.SyntaxKind.TypeKeyword
      : ts.isExportDeclaration(statement) && statement.isTypeOnly;
    if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
    const specifier = statement.moduleSpecifier;
    if (typeOnly || specifier === undefined || !ts.isStringLiteral(specifier)) continue;
    const target = resolve(file, specifier.text);
    if (target !== undefined) out.push(target);
  }
  return out;
}

/** The files `file` loads with `import('…')`. */
function lazyImports(file: string): string[] {
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      const target = argument && ts.isStringLiteral(argument) ? resolve(file, argument.text) : undefined;
      if (target !== undefined) out.push(target);
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(parse(file), visit);
  return out;
}

describe('the CLI and the test harness', () => {
  it('no static import chain from any src/cli file reaches src/testing', () => {
    const seen = new Map<string, string>(); // file → the file that imported it
    const queue = sourceFiles(CLI);
    for (const root of queue) seen.set(root, root);
    while (queue.length > 0) {
      const file = queue.shift()!;
      for (const imported of staticImports(file)) {
        if (seen.has(imported)) continue;
        seen.set(imported, file);
        queue.push(imported);
      }
    }
    const chain = (file: string): string =>
      seen.get(file) === file ? file : `${chain(seen.get(file)!)} → ${file}`;
    expect([...seen.keys()].filter(isTesting).map(chain)).toEqual([]);
    expect(seen.size).toBeGreaterThan(50); // the walk did follow imports
  }, 30_000);

  it('the harness is loaded lazily, only by the commands that start clusters', () => {
    const users = sourceFiles(CLI).filter((file) => lazyImports(file).some(isTesting));
    expect(users.sort()).toEqual(LAZY_HARNESS_USERS);
  }, 30_000);
});
