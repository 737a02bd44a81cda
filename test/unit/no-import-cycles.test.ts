/**
 * No file of `src/` imports itself back, and no folder does either: the relative `import` and
 * `export … from` declarations of every `.ts` file under `src/` (type-only ones included: they tie
 * the files together just as well) form no cycle between files, and none between folders, where a
 * file in folder A importing a file in folder B is an arrow A → B (a folder is a file's own
 * directory, so `src/cli` and `src/cli/commands` are two folders). Lazy `import()` calls are not
 * followed; they load on demand, not with the file. A failure lists each loop as a path,
 * `a.ts → b.ts → a.ts` or `src/a → src/b → src/a`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SRC = path.join(ROOT, 'src');

/**
 * Loops known when this test was written, each as its sorted files, waiting for the redesign that
 * removes them (issue 15). The test fails when one of them is gone, so the entry goes with it.
 */
const KNOWN: readonly (readonly string[])[] = [];

/**
 * Folder loops known when the folder check was written, each as its sorted folders, kept the same
 * way as {@link KNOWN}: the test fails when one of them is gone, so the entry goes with it.
 */
const KNOWN_FOLDERS: readonly (readonly string[])[] = [];

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

/** The files `file` imports by a relative path (`./x.js` is `./x.ts` on disk). */
function relativeImports(file: string): string[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(path.join(ROOT, file), 'utf8'),
    ts.ScriptTarget.Latest,
  );
  const out = new Set<string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
    const specifier = statement.moduleSpecifier;
    if (specifier === undefined || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.'))
      continue;
    const target = path.join(path.dirname(file), specifier.text).replace(/\.js$/, '.ts');
    out.add(target.endsWith('.ts') ? target : `${target}.ts`);
  }
  return [...out].sort();
}

/** The folder graph: an arrow from each file's folder to the folder of every file it imports. */
function folderGraph(graph: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const arrows = new Map<string, Set<string>>();
  for (const [file, imports] of graph) {
    const from = path.dirname(file);
    const targets = arrows.get(from) ?? new Set<string>();
    arrows.set(from, targets);
    for (const imported of imports) if (path.dirname(imported) !== from) targets.add(path.dirname(imported));
  }
  return new Map([...arrows].map(([folder, targets]) => [folder, [...targets].sort()] as const));
}

/** The strongly connected parts of more than one file (or a file importing itself), Tarjan's way. */
function loops(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, next);
    low.set(file, next);
    next += 1;
    stack.push(file);
    onStack.add(file);
    for (const imported of graph.get(file) ?? []) {
      if (!graph.has(imported)) continue;
      if (!index.has(imported)) {
        visit(imported);
        low.set(file, Math.min(low.get(file)!, low.get(imported)!));
      } else if (onStack.has(imported)) {
        low.set(file, Math.min(low.get(file)!, index.get(imported)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const part: string[] = [];
    for (let member = stack.pop()!; ; member = stack.pop()!) {
      onStack.delete(member);
      part.push(member);
      if (member === file) break;
    }
    if (part.length > 1 || (graph.get(file) ?? []).includes(file)) found.push(part.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/**
 * One shortest loop through the first file of `part`, as `a → b → a`, followed by the part's other
 * files when that loop does not pass through all of them.
 */
function describeLoop(graph: ReadonlyMap<string, readonly string[]>, part: readonly string[]): string {
  const loop = loopPath(graph, part);
  const others = part.filter((file) => !loop.split(' → ').includes(file));
  return others.length === 0 ? loop : `${loop} (in one knot with ${others.join(', ')})`;
}

function loopPath(graph: ReadonlyMap<string, readonly string[]>, part: readonly string[]): string {
  const start = part[0]!;
  const members = new Set(part);
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let at = 0; at < queue.length; at += 1) {
    const file = queue[at]!;
    for (const imported of graph.get(file) ?? []) {
      if (!members.has(imported)) continue;
      if (imported === start) {
        const trail = [file];
        while (trail[0] !== start) trail.unshift(cameFrom.get(trail[0]!)!);
        return [...trail, start].join(' → ');
      }
      if (cameFrom.has(imported)) continue;
      cameFrom.set(imported, file);
      queue.push(imported);
    }
  }
  return part.join(', ');
}

/** Each file under src/ with the files it imports. */
const FILES: ReadonlyMap<string, readonly string[]> = new Map(
  sourceFiles(SRC).map((file) => [file, relativeImports(file)] as const),
);

describe('import cycles', () => {
  const graph = FILES;
  const found = loops(graph);
  const isKnown = (part: readonly string[]): boolean =>
    KNOWN.some((known) => known.join('\n') === part.join('\n'));

  it('reads the imports of every file under src/', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('src/adapters/k8s/client.ts')).toContain('src/adapters/k8s/transport.ts');
  });

  it('no file under src/ imports itself back, through any chain of files', () => {
    const fresh = found.filter((part) => !isKnown(part)).map((part) => describeLoop(graph, part));
    expect(fresh).toEqual([]);
  });

  it('every known loop still exists (remove an entry once its loop is gone)', () => {
    const gone = KNOWN.filter((known) => !found.some((part) => part.join('\n') === known.join('\n')));
    expect(gone).toEqual([]);
  });

  it('src/adapters/k8s has no loop, known or not', () => {
    const k8s = found.filter((part) => part.some((file) => file.startsWith('src/adapters/k8s/')));
    expect(k8s.map((part) => describeLoop(graph, part))).toEqual([]);
  });
});

describe('folder import cycles', () => {
  const graph = folderGraph(FILES);
  const found = loops(graph);
  const isKnown = (part: readonly string[]): boolean =>
    KNOWN_FOLDERS.some((known) => known.join('\n') === part.join('\n'));

  it('builds the folder graph from the same imports', () => {
    expect(graph.get('src/cli')).toContain('src/cli/definitions');
    expect(graph.get('src/cli/definitions')).not.toContain('src/cli');
  });

  it('finds a folder loop that no file loop shows', () => {
    const files = new Map([
      ['src/a/x.ts', ['src/b/y.ts']],
      ['src/b/y.ts', ['src/a/z.ts']],
      ['src/a/z.ts', []],
    ]);
    expect(loops(files)).toEqual([]);
    const folders = folderGraph(files);
    expect(loops(folders).map((part) => describeLoop(folders, part))).toEqual(['src/a → src/b → src/a']);
  });

  it('no folder under src/ imports itself back, through any chain of folders', () => {
    const fresh = found.filter((part) => !isKnown(part)).map((part) => describeLoop(graph, part));
    expect(fresh).toEqual([]);
  });

  it('every known folder loop still exists (remove an entry once its loop is gone)', () => {
    const gone = KNOWN_FOLDERS.filter((known) => !found.some((part) => part.join('\n') === known.join('\n')));
    expect(gone).toEqual([]);
  });
});
