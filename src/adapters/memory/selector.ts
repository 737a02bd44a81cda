/**
 * Kubernetes label selectors (k8s.io/apimachinery/pkg/labels): `a=b`, `a==b`, `a!=b`,
 * `a in (x,y)`, `a notin (x,y)`, `a`, `!a`, and the numeric `a>1`, `a<1`, joined by commas.
 * The lexer and parser follow apimachinery's, so a selector a real server rejects is rejected
 * here with the same words.
 */
import { isQualifiedName, isValidLabelValue } from '../../validation/k8s-rules.js';

/** A selector operator. */
export const SelectorOperator = {
  /** `key`: the label exists. */
  Exists: 'exists',
  /** `!key`: the label does not exist. */
  DoesNotExist: '!',
  /** `key=value`. */
  Equals: '=',
  /** `key==value`, the same as `=`. */
  DoubleEquals: '==',
  /** `key!=value`: true also when the label is absent. */
  NotEquals: '!=',
  /** `key in (a,b)`. */
  In: 'in',
  /** `key notin (a,b)`: true also when the label is absent. */
  NotIn: 'notin',
  /** `key>n`: the label's value is an integer greater than n. */
  GreaterThan: 'gt',
  /** `key<n`: the label's value is an integer less than n. */
  LessThan: 'lt',
} as const;
/** One of {@link SelectorOperator}'s values. */
export type SelectorOperator = (typeof SelectorOperator)[keyof typeof SelectorOperator];

/** One requirement of a selector. */
export interface Requirement {
  /** The label key. */
  readonly key: string;
  /** The operator. */
  readonly operator: SelectorOperator;
  /** The values; empty for `exists` and `!`. */
  readonly values: readonly string[];
}

/** A parsed selector: every requirement must hold. The empty selector matches everything. */
export interface LabelSelector {
  /** The requirements, in the order written. */
  readonly requirements: readonly Requirement[];
  /** Whether labels satisfy every requirement. */
  matches(labels: Readonly<Record<string, string>> | undefined): boolean;
}

/** A selector the parser rejected; `message` is apimachinery's. */
export class SelectorError extends Error {
  /** Always `SelectorError`. */
  override readonly name = 'SelectorError';
}

const Token = {
  Error: 'error',
  End: 'end',
  ClosedPar: ')',
  Comma: ',',
  DoesNotExist: '!',
  DoubleEquals: '==',
  Equals: '=',
  GreaterThan: '>',
  Identifier: 'identifier',
  In: 'in',
  LessThan: '<',
  NotEquals: '!=',
  NotIn: 'notin',
  OpenPar: '(',
} as const;
type Token = (typeof Token)[keyof typeof Token];

const STRING_TO_TOKEN = new Map<string, Token>([
  [')', Token.ClosedPar],
  [',', Token.Comma],
  ['!', Token.DoesNotExist],
  ['==', Token.DoubleEquals],
  ['=', Token.Equals],
  ['>', Token.GreaterThan],
  ['in', Token.In],
  ['<', Token.LessThan],
  ['!=', Token.NotEquals],
  ['notin', Token.NotIn],
  ['(', Token.OpenPar],
]);

const isWhitespace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string) => '=!(),><'.includes(ch);

interface Scanned {
  readonly token: Token;
  readonly literal: string;
}

function lex(input: string): Scanned[] {
  const out: Scanned[] = [];
  let i = 0;
  for (;;) {
    while (i < input.length && isWhitespace(input[i]!)) i++;
    if (i >= input.length) {
      out.push({ token: Token.End, literal: '' });
      return out;
    }
    if (isSpecial(input[i]!)) {
      // The longest run of special characters that is still a token.
      let buffer = '';
      let last: Scanned | undefined;
      while (i < input.length && isSpecial(input[i]!)) {
        buffer += input.charAt(i);
        const token = STRING_TO_TOKEN.get(buffer);
        if (token) last = { token, literal: buffer };
        else if (last) break;
        i++;
      }
      if (!last) {
        out.push({ token: Token.Error, literal: `error expected: keyword found '${buffer}'` });
        return out;
      }
      out.push(last);
      continue;
    }
    let word = '';
    while (i < input.length && !isWhitespace(input[i]!) && !isSpecial(input[i]!)) word += input.charAt(i++);
    const keyword = STRING_TO_TOKEN.get(word);
    out.push(keyword ? { token: keyword, literal: word } : { token: Token.Identifier, literal: word });
  }
}

class Parser {
  private position = 0;
  constructor(private readonly items: Scanned[]) {}

  /** In value context `in` and `notin` are plain identifiers, as apimachinery's parser treats them. */
  private read(advance: boolean, values: boolean): Scanned {
    const item = this.items[Math.min(this.position, this.items.length - 1)]!;
    if (advance) this.position++;
    if (values && (item.token === Token.In || item.token === Token.NotIn))
      return { token: Token.Identifier, literal: item.literal };
    return item;
  }
  private consume(values = true): Scanned {
    return this.read(true, values);
  }
  private lookahead(values = true): Scanned {
    return this.read(false, values);
  }

  parse(): Requirement[] {
    const requirements: Requirement[] = [];
    for (;;) {
      const { token, literal } = this.lookahead();
      if (token === Token.Identifier || token === Token.DoesNotExist) {
        let requirement: Requirement;
        try {
          requirement = this.requirement();
        } catch (error) {
          throw new SelectorError(`unable to parse requirement: ${(error as Error).message}`);
        }
        requirements.push(requirement);
        const next = this.consume();
        if (next.token === Token.End) return requirements;
        if (next.token !== Token.Comma)
          throw new SelectorError(`found '${next.literal}', expected: ',' or 'end of string'`);
        const after = this.lookahead();
        if (after.token !== Token.Identifier && after.token !== Token.DoesNotExist) {
          throw new SelectorError(`found '${after.literal}', expected: identifier after ','`);
        }
      } else if (token === Token.End) {
        return requirements;
      } else {
        throw new SelectorError(`found '${literal}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private requirement(): Requirement {
    let operator: SelectorOperator | undefined;
    let { token, literal } = this.consume();
    if (token === Token.DoesNotExist) {
      operator = SelectorOperator.DoesNotExist;
      ({ token, literal } = this.consume());
    }
    if (token !== Token.Identifier) throw new Error(`found '${literal}', expected: identifier`);
    const key = literal;
    const keyErrors = isQualifiedName(key);
    if (keyErrors.length > 0)
      throw new Error(`<nil>: Invalid value: ${JSON.stringify(key)}: ${keyErrors.join('; ')}`);
    // `!key` is complete by itself; whatever follows is the caller's problem, as in apimachinery.
    if (operator === SelectorOperator.DoesNotExist) return { key, operator, values: [] };
    const next = this.lookahead().token;
    if (next === Token.End || next === Token.Comma)
      return { key, operator: SelectorOperator.Exists, values: [] };
    operator = this.operator();
    let values: string[];
    if (operator === SelectorOperator.In || operator === SelectorOperator.NotIn) values = this.valueSet();
    else values = this.exactValue();
    return checked({ key, operator, values });
  }

  private operator(): SelectorOperator {
    const { token, literal } = this.consume(false);
    switch (token) {
      case Token.In:
        return SelectorOperator.In;
      case Token.NotIn:
        return SelectorOperator.NotIn;
      case Token.Equals:
        return SelectorOperator.Equals;
      case Token.DoubleEquals:
        return SelectorOperator.DoubleEquals;
      case Token.NotEquals:
        return SelectorOperator.NotEquals;
      case Token.GreaterThan:
        return SelectorOperator.GreaterThan;
      case Token.LessThan:
        return SelectorOperator.LessThan;
      default:
        throw new Error(`found '${literal}', expected: in, notin, =, ==, !=, gt, lt`);
    }
  }

  private valueSet(): string[] {
    const open = this.consume();
    if (open.token !== Token.OpenPar) throw new Error(`found '${open.literal}' expected: '('`);
    const { token, literal } = this.lookahead();
    if (token === Token.ClosedPar) {
      this.consume();
      return [''];
    }
    if (token !== Token.Identifier && token !== Token.Comma) {
      throw new Error(`found '${literal}', expected: ',', ')' or identifier`);
    }
    const values = this.identifiers();
    const close = this.consume();
    if (close.token !== Token.ClosedPar) throw new Error(`found '${close.literal}', expected: ')'`);
    return values;
  }

  private identifiers(): string[] {
    const values = new Set<string>();
    for (;;) {
      const { token, literal } = this.consume();
      if (token === Token.Identifier) {
        values.add(literal);
        const next = this.lookahead();
        if (next.token === Token.Comma) continue;
        if (next.token === Token.ClosedPar) return [...values];
        throw new Error(`found '${next.literal}', expected: ',' or ')'`);
      }
      if (token === Token.Comma) {
        if (values.size === 0) values.add('');
        const next = this.lookahead().token;
        if (next === Token.ClosedPar) {
          values.add('');
          return [...values];
        }
        if (next === Token.Comma) {
          this.consume();
          values.add('');
        }
        continue;
      }
      throw new Error(`found '${literal}', expected: ',', or identifier`);
    }
  }

  private exactValue(): string[] {
    const next = this.lookahead().token;
    if (next === Token.End || next === Token.Comma) return [''];
    const { token, literal } = this.consume();
    if (token === Token.Identifier) return [literal];
    throw new Error(`found '${literal}', expected: identifier`);
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.ParseInt(value, 10, 64) succeeds. */
function isInt64(value: string): boolean {
  if (!/^[+-]?\d+$/.test(value)) return false;
  const n = BigInt(value);
  return n >= INT64_MIN && n <= INT64_MAX;
}

/** labels.NewRequirement's checks of values, with its field paths and its aggregate wording. */
function checked(requirement: Requirement): Requirement {
  const { key, operator } = requirement;
  const values = [...new Set(requirement.values)].sort();
  const errors: string[] = [];
  values.forEach((value, i) => {
    if (
      (operator === SelectorOperator.GreaterThan || operator === SelectorOperator.LessThan) &&
      !isInt64(value)
    ) {
      errors.push(
        `values[${i}]: Invalid value: ${JSON.stringify(value)}: for 'Gt', 'Lt' operators, the value must be an integer`,
      );
    }
  });
  values.forEach((value, i) => {
    const problems = isValidLabelValue(value);
    if (problems.length > 0)
      errors.push(`values[${i}][${key}]: Invalid value: ${JSON.stringify(value)}: ${problems.join('; ')}`);
  });
  if (errors.length === 1) throw new Error(errors[0]);
  if (errors.length > 1) throw new Error(`[${errors.join(', ')}]`);
  return { key, operator, values };
}

function holds(requirement: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
  const value = has ? labels[requirement.key]! : undefined;
  switch (requirement.operator) {
    case SelectorOperator.Exists:
      return has;
    case SelectorOperator.DoesNotExist:
      return !has;
    case SelectorOperator.Equals:
    case SelectorOperator.DoubleEquals:
    case SelectorOperator.In:
      return has && requirement.values.includes(value!);
    case SelectorOperator.NotEquals:
    case SelectorOperator.NotIn:
      return !has || !requirement.values.includes(value!);
    case SelectorOperator.GreaterThan:
    case SelectorOperator.LessThan: {
      if (!has || !isInt64(value!)) return false;
      const actual = BigInt(value!);
      const bound = BigInt(requirement.values[0]!);
      return requirement.operator === SelectorOperator.GreaterThan ? actual > bound : actual < bound;
    }
  }
}

/**
 * Parses a label selector. Throws {@link SelectorError} with apimachinery's message when malformed.
 *
 * @example
 * const selector = parseLabelSelector('app in (web,api),tier!=db,!legacy');
 * selector.matches({ app: 'web', tier: 'front' }) //=> true
 * selector.matches({ app: 'web', legacy: 'yes' }) //=> false
 */
export function parseLabelSelector(selector: string): LabelSelector {
  const requirements = new Parser(lex(selector)).parse();
  return {
    requirements,
    matches: (labels) => requirements.every((r) => holds(r, labels ?? {})),
  };
}
