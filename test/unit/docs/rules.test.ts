/**
 * docs/rules.md explains every rule id vzmc prints or refers to (issue #11), so that a clone without
 * the specification can read them; and, where the specification is present, it names only ids the
 * specification defines.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, describeWithSpec, specReference } from '../../support/corpus.js';
import { byRuleId, proseOf, ruleIdsIn, ruleIdsInText } from '../../support/rule-ids.js';

const RULES = join(REPO_ROOT, 'docs', 'rules.md');
let citedInSrc: ReadonlySet<string> | undefined;
/** The rule ids src/ cites (parsed once: it reads every source file). */
const cited = () => (citedInSrc ??= new Set(ruleIdsIn(join(REPO_ROOT, 'src')).keys()));
/** The ids docs/rules.md explains: one `- **ID** — …` line each. */
const documented = () =>
  [...readFileSync(RULES, 'utf8').matchAll(/^- \*\*([A-Z]\d{1,2}[a-z]?)\*\* — \S/gm)].map((m) => m[1]!);

describe('rule-id extraction', () => {
  it('reads ids in comments, strings and templates, expanding ranges; never identifiers or Unicode control sets', () => {
    const source = [
      '/** P13: the admin always creates project namespaces (M1–M3). */',
      'const B64 = new Int16Array(128); // base64 digits',
      "const reason = { ruleId: 'W2' };",
      'const text = `moved (P15, P19) with ${B64.length}`;',
      '// C0/C1 controls and other C0 controls never occur in YAML',
      '// S4-1 is not a range; U1-U2 is',
    ].join('\n');
    expect(proseOf(source).flatMap(ruleIdsInText).sort(byRuleId)).toEqual([
      'M1',
      'M2',
      'M3',
      'P13',
      'P15',
      'P19',
      'S4',
      'U1',
      'U2',
      'W2',
    ]);
  });
});

describe('docs/rules.md', () => {
  it('explains every rule id in src/, each once, in order within its letter', () => {
    const ids = documented();
    expect(cited().size).toBeGreaterThan(50);
    expect([...cited()].sort(byRuleId).filter((id) => !ids.includes(id))).toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const letter of new Set(ids.map((id) => id[0]))) {
      const ofLetter = ids.filter((id) => id[0] === letter);
      expect(ofLetter).toEqual([...ofLetter].sort(byRuleId));
    }
    // It parses every file of src/: a ceiling for a loaded machine.
  }, 30_000);

  it('explains nothing src/ does not cite (every line is one vzmc prints or refers to)', () => {
    expect(documented().filter((id) => !cited().has(id))).toEqual([]);
  });
});

describeWithSpec('docs/rules.md against the specification', () => {
  it('names only rule ids the specification defines', () => {
    const spec = readFileSync(specReference().path, 'utf8');
    const defined = new Set([...spec.matchAll(/^- (?:\*\*)?([A-Z]\d{1,2}[a-z]?)\b/gm)].map((m) => m[1]!));
    expect(defined.size).toBeGreaterThan(100);
    expect(documented().filter((id) => !defined.has(id))).toEqual([]);
  });
});
