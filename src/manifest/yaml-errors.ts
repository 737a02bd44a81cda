/**
 * Where a YAML syntax error really is. js-yaml reports the place it noticed the problem, which is
 * often past it: an unterminated quote is noticed at the end of the stream (a line past the last
 * one), an unclosed `{` at the first line that is not indented enough, a mis-indented key at its
 * colon. This module moves the position onto the offending token, using the `yaml` package's
 * lexer, which tokenizes any text (broken or not) losslessly. It runs only when a document fails
 * to parse, so its cost never touches valid input.
 */
import { CST, Lexer } from 'yaml';

/** A syntax error placed on its token, with a clearer message and a hint where one is known. */
export interface PlacedSyntaxError {
  /** Offset of the offending token in the document text. */
  readonly offset: number;
  /** What is wrong. */
  readonly message: string;
  /** How to fix it, when known. */
  readonly hint?: string;
}

interface Token {
  readonly start: number;
  readonly end: number;
  readonly type: string;
  readonly source: string;
}

/** The lexer's tokens with their offsets; its zero-width control tokens are dropped. */
function tokens(text: string): Token[] {
  const out: Token[] = [];
  let offset = 0;
  for (const source of new Lexer().lex(text)) {
    const type = CST.tokenType(source) ?? 'plain';
    if (type === 'doc-mode' || type === 'flow-error-end' || type === 'scalar') continue;
    out.push({ start: offset, end: offset + source.length, type, source });
    offset += source.length;
  }
  return out;
}

/** Whether a quoted-scalar token ends with its closing quote. */
function isClosed(token: Token): boolean {
  const s = token.source;
  const quote = s[0]!;
  if (s.length < 2 || s[s.length - 1] !== quote) return false;
  if (quote === "'") {
    // `''` is an escaped quote: the scalar is closed when the trailing run of quotes is odd.
    let run = 0;
    for (let i = s.length - 1; i > 0 && s[i] === "'"; i--) run++;
    return run % 2 === 1;
  }
  let backslashes = 0;
  for (let i = s.length - 2; i > 0 && s[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 0;
}

const SPACE_TYPES = new Set(['space', 'newline', 'comment', 'byte-order-mark']);
const FLOW_CLOSE: Readonly<Record<string, string>> = { '{': '}', '[': ']' };

/** The innermost flow collection still open at `offset`, if any. */
function openFlowAt(list: readonly Token[], offset: number): Token | undefined {
  const stack: Token[] = [];
  for (const token of list) {
    if (token.start >= offset) break;
    if (token.type === 'flow-map-start' || token.type === 'flow-seq-start') stack.push(token);
    else if (token.type === 'flow-map-end' || token.type === 'flow-seq-end') stack.pop();
  }
  return stack[stack.length - 1];
}

/** The last token before `offset` that is not white space or a comment; on the same line if asked. */
function tokenBefore(list: readonly Token[], offset: number, sameLine: boolean): Token | undefined {
  let found: Token | undefined;
  for (const token of list) {
    if (token.start >= offset) break;
    if (sameLine && token.type === 'newline') found = undefined;
    else if (!SPACE_TYPES.has(token.type)) found = token;
  }
  return found;
}

/**
 * Places a js-yaml syntax error on the token that causes it.
 *
 * @example
 * placeSyntaxError('a: "abc\n', 8, 'deficient indentation')
 * //=> { offset: 3, message: 'unterminated double-quoted scalar: its closing " is missing', hint: … }
 */
export function placeSyntaxError(text: string, offset: number, reason: string): PlacedSyntaxError {
  const list = tokens(text);
  const at = Math.min(Math.max(offset, 0), text.length);
  const quoted = list.find(
    (t) =>
      (t.type === 'double-quoted-scalar' || t.type === 'single-quoted-scalar') &&
      t.start < at &&
      at <= t.end &&
      !isClosed(t),
  );
  if (quoted) {
    const quote = quoted.source[0]!;
    const style = quote === '"' ? 'double' : 'single';
    return {
      offset: quoted.start,
      message: `unterminated ${style}-quoted scalar: its closing ${quote} is missing`,
      hint: `add the closing ${quote}; a quoted value may continue on the next lines only if they are indented`,
    };
  }
  const flow = openFlowAt(list, at);
  const atEnd = list.every((t) => t.start < at || SPACE_TYPES.has(t.type));
  if (flow && (atEnd || reason === 'deficient indentation' || reason.includes('within a flow collection'))) {
    const close = FLOW_CLOSE[flow.source]!;
    return {
      offset: flow.start,
      message: `unclosed flow ${flow.source === '{' ? 'mapping' : 'sequence'}: its closing ${close} is missing`,
      hint: `add the closing ${close}`,
    };
  }
  if (text[at] === ':' && /^(bad indentation|can not read a block mapping|end of the stream)/.test(reason)) {
    // Noticed at the colon: the key before it is what is out of place. A key the lexer read over
    // several lines is a multi-line key (`metadata` missing its `:`) for js-yaml's "multiline key"
    // error, and a mis-indented key on the colon's line otherwise.
    const key = tokenBefore(list, at, false);
    if (key) {
      const lastLine = key.source.lastIndexOf('\n');
      const fromStart = reason.includes('multiline key') || lastLine === -1;
      const start = fromStart
        ? key.start
        : key.start + lastLine + 1 + /^ */.exec(key.source.slice(lastLine + 1))![0].length;
      if (lastLine === -1 && reason.startsWith('bad indentation') && sameLineValue(list, key.start))
        return {
          offset: key.start,
          message: 'mapping values are not allowed here',
          hint: 'quote the value if the `: ` belongs to it, or put the nested mapping on lines of its own',
        };
      return { offset: start, message: reason, ...indentationHint(reason) };
    }
  }
  if (/\btag\b/.test(reason)) {
    // A tag is one token to js-yaml but may be several to the lexer (`!<a b>`): find its `!`.
    const bang = text.lastIndexOf('!', at === text.length ? at - 1 : at);
    if (bang !== -1 && !text.slice(bang, at).includes('\n')) return { offset: bang, message: reason };
  }
  if (reason === 'unknown escape sequence' && text[at - 1] === '\\')
    return {
      offset: at - 1,
      message: reason,
      hint: 'write a backslash as \\\\ in double quotes, or use single quotes, where \\ is literal',
    };
  if (at >= text.length) {
    const last = tokenBefore(list, at, false);
    if (last) return { offset: last.start, message: reason };
  } else if (' \r\n'.includes(text[at]!)) {
    // Noticed on the white space after a token (`& ` with no anchor name, a key without `:`).
    const token = tokenBefore(list, at, true);
    if (token) return { offset: token.start, message: reason };
  }
  return { offset: at, message: reason, ...indentationHint(reason) };
}

/** Whether a `:` precedes `offset` on its line: `a: b: c`, a mapping inside a plain value. */
function sameLineValue(list: readonly Token[], offset: number): boolean {
  let seen = false;
  for (const token of list) {
    if (token.start >= offset) break;
    if (token.type === 'newline') seen = false;
    else if (token.type === 'map-value-ind') seen = true;
  }
  return seen;
}

function indentationHint(reason: string): { hint?: string } {
  if (reason.startsWith('tab characters')) return { hint: 'indent with spaces: YAML forbids tabs there' };
  if (reason.startsWith('bad indentation'))
    return { hint: 'align the entry with the others at its level, or add the missing `:` above it' };
  return {};
}
