/**
 * The rule ids vzmc prints or refers to: the ids (P21, B18, …) in the comments and string
 * literals of src/, read with TypeScript's parser. What looks like an id but is not one is left
 * out on purpose, each for its stated reason:
 * - identifiers are code, not text (the `B64` lookup table of base64 digits);
 * - `C0` and `C1` before "controls" name Unicode's control-character sets, not copy notes.
 * A range such as `U1–U6` refers to every id in it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const ID = /\b([PUVWSDBMC])(\d{1,2})([a-z]?)\b(?:\s*[–-]\s*\1?(\d{1,2})\b)?/g;
const NOT_IDS = /\bC0(?:\/C1)? controls\b/g;

/** Every id in a text, ranges expanded. */
export function ruleIdsInText(text: string): string[] {
  const ids: string[] = [];
  for (const match of text.replace(NOT_IDS, '').matchAll(ID)) {
    const [, letter, from, suffix, to] = match;
    if (to === undefined || suffix !== '' || Number(to) <= Number(from)) {
      ids.push(`${letter}${from}${suffix}`);
      continue;
    }
    for (let n = Number(from); n <= Number(to); n++) ids.push(`${letter}${n}`);
  }
  return ids;
}

/** The text of a TypeScript source's comments and string and template literals. */
export function proseOf(source: string, file = 'source.ts'): string[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const texts: string[] = [];
  const seen = new Set<number>();
  const comments = (ranges: readonly ts.CommentRange[] | undefined) => {
    for (const range of ranges ?? []) {
      if (seen.has(range.pos)) continue;
      seen.add(range.pos);
      texts.push(source.slice(range.pos, range.end));
    }
  };
  const visit = (node: ts.Node) => {
    comments(ts.getLeadingCommentRanges(source, node.getFullStart()));
    comments(ts.getTrailingCommentRanges(source, node.getEnd()));
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) texts.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  comments(ts.getLeadingCommentRanges(source, sourceFile.endOfFileToken.getFullStart()));
  return texts;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every rule id in the comments and strings of the `.ts` files under `dir`, with the files citing each. */
export function ruleIdsIn(dir: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sourceFiles(dir).sort()) {
    for (const id of new Set(proseOf(readFileSync(file, 'utf8'), file).flatMap(ruleIdsInText))) {
      found.set(id, [...(found.get(id) ?? []), file]);
    }
  }
  return found;
}

/** Sorts ids by letter, then number: P1, P2, …, P10. */
export function byRuleId(a: string, b: string): number {
  const key = (id: string) => [id[0]!, Number(/\d+/.exec(id)![0]), id.replace(/^\D\d+/, '')] as const;
  const [la, na, sa] = key(a);
  const [lb, nb, sb] = key(b);
  return la.localeCompare(lb) || na - nb || sa.localeCompare(sb);
}
