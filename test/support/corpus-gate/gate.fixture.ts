/**
 * Run by test/unit/support/corpus.test.ts in a child vitest with the corpus location pointing at
 * nothing: one suite needs the corpus, one test does not.
 */
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { describeWithCorpus, examplePath } from '../corpus.js';

describeWithCorpus('a conformance suite', async () => {
  // Reads the corpus while collecting, as real conformance suites do: it must not run without it.
  const project = await readFile(examplePath('todo-list', 'verrazzano-project.yaml'), 'utf8');
  it('reads the corpus', () => {
    expect(project).toContain('kind: VerrazzanoProject');
  });
  it('reads it again', () => {
    expect(project).toContain('name: todo-list');
  });
});

it('a test that needs no corpus runs', () => {
  expect(1 + 1).toBe(2);
});
