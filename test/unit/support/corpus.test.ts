/**
 * The corpus gate (issue #11): tests that need Verrazzano's reference corpus are skipped, loudly,
 * in a clone without it, and fail in CI. Proven on the gate itself and on a child vitest run.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  REPO_ROOT,
  corpusReference,
  referenceGate,
  specReference,
  type Reference,
} from '../../support/corpus.js';

const MISSING = '/nonexistent/verrazzano';
const absent: Reference = { what: 'the corpus', path: MISSING, present: false, hint: 'set it' };

describe('referenceGate', () => {
  it('runs the tests when the reference is there, in CI or not', () => {
    for (const CI of [undefined, 'true'])
      expect(referenceGate({ ...absent, present: true }, { CI })).toEqual({ mode: 'run' });
  });

  it('outside CI, a missing reference skips, with a loud message that says what, where and how', () => {
    for (const CI of [undefined, 'false', '1']) {
      const gate = referenceGate(absent, { CI });
      expect(gate).toMatchObject({ mode: 'skip', title: `needs the corpus, not found at ${MISSING}` });
      expect(gate.mode !== 'run' && gate.message).toBe(
        `⚠ vzmc tests: SKIPPING the tests that need the corpus: not found at ${MISSING} (set it; with CI=true this fails)`,
      );
    }
  });

  it('with CI=true, a missing reference is a failure', () => {
    expect(referenceGate(absent, { CI: 'true' })).toMatchObject({
      mode: 'fail',
      message: `the corpus is not at ${MISSING}, and CI=true: the conformance tests must run in CI (set it)`,
    });
  });

  it('$VZMC_VERRAZZANO_DIR comes before ../shared; the spec is docs/ beside the corpus folder', () => {
    expect(corpusReference({ VZMC_VERRAZZANO_DIR: MISSING })).toMatchObject({
      path: MISSING,
      present: false,
    });
    expect(corpusReference({}).path).toBe(join(REPO_ROOT, '..', 'shared', 'verrazzano'));
    expect(specReference({ VZMC_VERRAZZANO_DIR: MISSING })).toMatchObject({
      path: '/nonexistent/docs/verrazzano-semantics.md',
      present: false,
    });
  });
});

interface JsonReport {
  readonly success: boolean;
  readonly testResults: readonly {
    readonly assertionResults: readonly {
      readonly fullName: string;
      readonly status: string;
      readonly failureMessages: readonly string[];
    }[];
  }[];
}

/** Runs the fixture project test/support/corpus-gate in a child vitest with the corpus pointing at nothing. */
function childVitest(
  ci: string | undefined,
): Promise<{ code: number | null; report: JsonReport; stderr: string }> {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!/^(VITEST|CI$)/.test(key) && !['TEST', 'NODE_ENV', 'NODE_OPTIONS'].includes(key)) env[key] = value;
  env.VZMC_VERRAZZANO_DIR = MISSING;
  if (ci !== undefined) env.CI = ci;
  const vitest = join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs');
  const args = [vitest, 'run', '--root', 'test/support/corpus-gate', '--reporter=json'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve({ code, report: JSON.parse(stdout.slice(stdout.indexOf('{'))) as JsonReport, stderr });
      } catch (error) {
        reject(new Error(`vitest printed no JSON report (exit ${code}): ${stderr}`, { cause: error }));
      }
    });
  });
}

const statuses = (report: JsonReport) =>
  report.testResults.flatMap((f) => f.assertionResults.map((a) => [a.fullName, a.status]));

describe('a run without the corpus (a child vitest on test/support/corpus-gate)', () => {
  it('outside CI: the corpus suite is reported skipped, the rest runs, one loud stderr line says why', async () => {
    const { code, report, stderr } = await childVitest(undefined);
    expect(code).toBe(0);
    expect(statuses(report)).toEqual([
      [
        `a conformance suite needs Verrazzano's reference corpus (crds/ and examples/), not found at ${MISSING}`,
        'skipped',
      ],
      ['a test that needs no corpus runs', 'passed'],
    ]);
    const lines = stderr.split('\n').filter((l) => l.includes('SKIPPING'));
    expect(lines).toEqual([
      `⚠ vzmc tests: SKIPPING the tests that need Verrazzano's reference corpus (crds/ and examples/): not found at ${MISSING} (set VZMC_VERRAZZANO_DIR to it, or check out ../shared beside the repository; with CI=true this fails)`,
    ]);
  }, 120_000);

  it('with CI=true: the corpus suite is a failing test that says what is missing', async () => {
    const { code, report, stderr } = await childVitest('true');
    expect(code).toBe(1);
    expect(report.success).toBe(false);
    expect(statuses(report)).toEqual([
      [
        `a conformance suite needs Verrazzano's reference corpus (crds/ and examples/), not found at ${MISSING}`,
        'failed',
      ],
      ['a test that needs no corpus runs', 'passed'],
    ]);
    const failure = report.testResults[0]!.assertionResults[0]!.failureMessages.join('\n');
    expect(failure).toContain(`is not at ${MISSING}, and CI=true: the conformance tests must run in CI`);
    expect(stderr).not.toContain('SKIPPING');
  }, 120_000);
});
