/**
 * The Verrazzano reference corpus (CRDs and examples), read in place from ../shared/verrazzano.
 * Tests that need it fail loudly when it is missing; they never skip silently.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The corpus directory: $VZMC_VERRAZZANO_DIR, else ../shared/verrazzano beside the repository. */
export function corpusDir(): string {
  const dir = process.env.VZMC_VERRAZZANO_DIR ?? resolve(REPO_ROOT, '..', 'shared', 'verrazzano');
  if (!existsSync(join(dir, 'examples'))) {
    throw new Error(
      `The Verrazzano reference corpus is missing at ${dir}. Check out ../shared next to the repository or set VZMC_VERRAZZANO_DIR.`,
    );
  }
  return dir;
}

/** A path inside the corpus's examples. */
export function examplePath(...parts: string[]): string {
  return join(corpusDir(), 'examples', ...parts);
}

/** The text of an example file. */
export function readExample(...parts: string[]): string {
  return readFileSync(examplePath(...parts), 'utf8');
}
