/**
 * Functions fit on a screen or two (issue 15): no function under `src/` is longer than
 * {@link MAX_LINES} lines, from the line its declaration starts on to the line it ends on. Every
 * kind of function counts (declarations, methods, function expressions, arrow functions), and
 * nested closures count toward their enclosing function: a factory returning an object of closures
 * is one long function. A failure lists each function as `file:line name (n lines)`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SRC = path.join(ROOT, 'src');
const MAX_LINES = 120;

/**
 * Functions allowed to be too long, as `file name`. Empty since issue 15 split the last two
 * (planSync into the planner's stage files, decodeYamlDocument into the YAML reader's builder). An
 * entry that fits again fails the test, so the list never keeps a stale allowance.
 */
const KNOWN: readonly string[] = [];

interface Measured {
  readonly file: string;
  readonly line: number;
  readonly name: string;
  readonly lines: number;
}

/** Every `.ts` file under `dir`, relative to the repository root, sorted. */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (entry.name.endsWith('.ts')) out.push(path.relative(ROOT, full));
  }
  return out.sort();
}

/** A function's name: its own, or that of the variable or property it is assigned to. */
function nameOf(node: ts.FunctionLikeDeclaration, source: ts.SourceFile): string {
  if (node.name) return node.name.getText(source);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) return parent.name.getText(source);
  return '(anonymous)';
}

/** The functions of one file longer than `max` lines. */
function longFunctions(file: string, max: number): Measured[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(path.join(ROOT, file), 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const out: Measured[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isFunctionExpression(node) ||
      ts.isArrowFunction(node)
    ) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      if (lines > max) out.push({ file, line: start + 1, name: nameOf(node, source), lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

const key = (f: Measured): string => `${f.file} ${f.name}`;

describe('function length (issue 15)', () => {
  const long = sourceFiles(SRC).flatMap((file) => longFunctions(file, MAX_LINES));

  it(`no function in src/ is longer than ${MAX_LINES} lines`, () => {
    const offenders = long
      .filter((f) => !KNOWN.includes(key(f)))
      .map((f) => `${f.file}:${f.line} ${f.name} (${f.lines} lines)`);
    expect(offenders).toEqual([]);
  });

  it('every known long function is still long (else its KNOWN entry goes)', () => {
    const stale = KNOWN.filter((entry) => !long.some((f) => key(f) === entry));
    expect(stale).toEqual([]);
  });
});
