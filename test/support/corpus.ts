/**
 * Verrazzano's reference corpus (its CRDs and examples) and the team's specification, read in place
 * from ../shared beside the repository, or from $VZMC_VERRAZZANO_DIR. A user's clone has neither.
 *
 * Only the conformance tests need them, and they declare it with `describeWithCorpus` (or
 * `describeWithSpec`). When the corpus is missing:
 * - outside CI, those tests are skipped (vitest reports them as skipped), and one loud line on
 *   stderr per test file says why;
 * - with `CI=true`, each such suite is one failing test that says what is missing, so CI never
 *   passes without the conformance tests.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

/** The repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

type Env = Readonly<Record<string, string | undefined>>;

/** Something the conformance tests read that a clone may not have. */
export interface Reference {
  /** What it is, as messages call it. */
  readonly what: string;
  /** Where it was looked for. */
  readonly path: string;
  /** Whether it is there. */
  readonly present: boolean;
  /** How to provide it. */
  readonly hint: string;
}

/** The corpus folder: $VZMC_VERRAZZANO_DIR, else ../shared/verrazzano beside the repository. */
export function corpusLocation(env: Env = process.env): string {
  return env.VZMC_VERRAZZANO_DIR ?? resolve(REPO_ROOT, '..', 'shared', 'verrazzano');
}

/** Verrazzano's reference corpus: a folder holding `crds/` and `examples/`. */
export function corpusReference(env: Env = process.env): Reference {
  const path = corpusLocation(env);
  return {
    what: "Verrazzano's reference corpus (crds/ and examples/)",
    path,
    present: existsSync(join(path, 'crds')) && existsSync(join(path, 'examples')),
    hint: 'set VZMC_VERRAZZANO_DIR to it, or check out ../shared beside the repository',
  };
}

/** The specification, docs/verrazzano-semantics.md beside the corpus folder (../shared/docs). */
export function specReference(env: Env = process.env): Reference {
  const path = join(dirname(corpusLocation(env)), 'docs', 'verrazzano-semantics.md');
  return {
    what: 'the Verrazzano semantics specification',
    path,
    present: existsSync(path),
    hint: 'check out ../shared beside the repository, or set VZMC_VERRAZZANO_DIR to its verrazzano/ folder',
  };
}

/** What becomes of the tests that need a reference. */
export type Gate =
  | { readonly mode: 'run' }
  | { readonly mode: 'skip' | 'fail'; readonly message: string; readonly title: string };

/** Run when the reference is there; else skip outside CI, fail with `CI=true`. */
export function referenceGate(reference: Reference, env: Env = process.env): Gate {
  if (reference.present) return { mode: 'run' };
  const title = `needs ${reference.what}, not found at ${reference.path}`;
  if (env.CI === 'true') {
    return {
      mode: 'fail',
      title,
      message: `${reference.what} is not at ${reference.path}, and CI=true: the conformance tests must run in CI (${reference.hint})`,
    };
  }
  return {
    mode: 'skip',
    title,
    message: `⚠ vzmc tests: SKIPPING the tests that need ${reference.what}: not found at ${reference.path} (${reference.hint}; with CI=true this fails)`,
  };
}

const announced = new Set<string>();

/** Registers `body` as a suite, or its skipped or failing stand-in (see the file comment). */
function describeGated(gate: Gate, title: string, body: () => void | Promise<void>): void {
  if (gate.mode === 'run') {
    describe(title, body);
    return;
  }
  if (gate.mode === 'fail') {
    describe(title, () => {
      it(gate.title, () => {
        throw new Error(gate.message);
      });
    });
    return;
  }
  if (!announced.has(gate.message)) {
    announced.add(gate.message);
    process.stderr.write(`${gate.message}\n`);
  }
  // The body is not run: it may read the corpus while collecting its tests.
  describe.skip(title, () => {
    it(gate.title, () => undefined);
  });
}

/** A suite of conformance tests that read Verrazzano's corpus. */
export function describeWithCorpus(title: string, body: () => void | Promise<void>): void {
  describeGated(referenceGate(corpusReference()), title, body);
}

/** A suite of tests that read the specification. */
export function describeWithSpec(title: string, body: () => void | Promise<void>): void {
  describeGated(referenceGate(specReference()), title, body);
}

/** The corpus directory; throws when it is missing (call it only inside `describeWithCorpus`). */
export function corpusDir(): string {
  const corpus = corpusReference();
  if (!corpus.present) throw new Error(`${corpus.what} is missing at ${corpus.path}: ${corpus.hint}`);
  return corpus.path;
}

/** A path inside the corpus's examples. */
export function examplePath(...parts: string[]): string {
  return join(corpusDir(), 'examples', ...parts);
}

/** The text of an example file. */
export function readExample(...parts: string[]): string {
  return readFileSync(examplePath(...parts), 'utf8');
}

/** A path inside vzmc's own example fleet (examples/fleet), which every clone has. */
export function fleetPath(...parts: string[]): string {
  return join(REPO_ROOT, 'examples', 'fleet', ...parts);
}

/** A path inside vzmc's own placement patches (examples/patches). */
export function patchPath(name: string): string {
  return join(REPO_ROOT, 'examples', 'patches', name);
}
