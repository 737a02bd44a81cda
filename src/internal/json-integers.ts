/**
 * Finds, in JSON text, an integer that `JSON.parse` would silently change: one whose digits a
 * JavaScript number does not print back (`9007199254740993` reads as `9007199254740992`). Go, and
 * so the API server, keeps 64-bit integers exactly; vzmc refuses to read such a value rounded.
 */

/** An integer of a JSON text that a JavaScript number would change. */
export interface InexactJsonInteger {
  /** The integer as the text spells it. */
  readonly literal: string;
  /** What `JSON.stringify(JSON.parse(literal))` gives instead. */
  readonly written: string;
  /** Where it is: keys and array indexes from the root. */
  readonly path: readonly (string | number)[];
}

/** An integer with fewer digits is within ±(2^53 - 1) and always exact. */
const LONG_RUN = 16;

const isDigit = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
};

/**
 * Whether `text` has a run of {@link LONG_RUN} digits. Such a run covers one of every
 * LONG_RUN-th characters, so only those are looked at first: most answers are read in a fraction
 * of JSON.parse's time.
 */
function hasLongDigitRun(text: string): boolean {
  for (let i = LONG_RUN - 1; i < text.length; i += LONG_RUN) {
    if (!isDigit(text, i)) continue;
    let start = i;
    let end = i + 1;
    while (start > 0 && isDigit(text, start - 1)) start--;
    while (end < text.length && isDigit(text, end)) end++;
    if (end - start >= LONG_RUN) return true;
    i = end - 1;
  }
  return false;
}

interface Frame {
  readonly isArray: boolean;
  /** The current key (object) or index (array). */
  at: string | number;
}

/** The end (exclusive) of the string starting with the quote at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */ || Number.isNaN(c)) return i + 1;
    i += c === 92 /* \ */ ? 2 : 1;
  }
}

/** The end (exclusive) of the number token starting at `start`. */
function numberEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && /[0-9eE.+-]/.test(text[i] ?? '')) i++;
  return i;
}

/** The token's problem, when it is an integer a JavaScript number would print differently. */
function inexact(token: string): string | undefined {
  if (/[.eE]/.test(token)) return undefined;
  const written = String(Number(token));
  return written === token ? undefined : written;
}

/**
 * The first integer of `text` (valid JSON) that a JavaScript number would change, or `undefined`.
 * Text without a run of 16 digits is answered quickly; otherwise one linear scan.
 *
 * @example
 * findInexactJsonInteger('{"a":[1,9007199254740993]}')
 * //=> { literal: '9007199254740993', written: '9007199254740992', path: ['a', 1] }
 */
export function findInexactJsonInteger(text: string): InexactJsonInteger | undefined {
  if (!hasLongDigitRun(text)) return undefined;
  const stack: Frame[] = [];
  const path = (): (string | number)[] => stack.map((f) => f.at);
  let expectKey = false;
  for (let i = 0; i < text.length;) {
    const c = text[i] ?? '';
    const top = stack[stack.length - 1];
    if (c === '"') {
      const end = stringEnd(text, i);
      if (expectKey && top && !top.isArray) top.at = JSON.parse(text.slice(i, end)) as string;
      expectKey = false;
      i = end;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      const end = numberEnd(text, i);
      const token = text.slice(i, end);
      const written = end - i >= LONG_RUN ? inexact(token) : undefined;
      if (written !== undefined) return { literal: token, written, path: path() };
      i = end;
    } else {
      if (c === '{' || c === '[') stack.push({ isArray: c === '[', at: 0 });
      else if (c === '}' || c === ']') stack.pop();
      else if (c === ',' && top?.isArray) top.at = (top.at as number) + 1;
      if (c === '{' || (c === ',' && top && !top.isArray)) expectKey = true;
      i++;
    }
  }
  return undefined;
}
