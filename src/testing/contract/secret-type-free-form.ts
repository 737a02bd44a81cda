/**
 * Contract case: a Secret's `type` is free-form. ValidateSecret (pkg/apis/core/validation) checks
 * the keys of the types it knows and has no rule on the type itself (`default: // no-op`).
 */
import type { KubeObject } from '../../model/meta.js';
import { contractCase, keyOf, type ContractCase } from './kit.js';

const secretTypeFreeForm = contractCase('secretTypeFreeForm', async ({ admin, expect, namespace }) => {
  const ns = await namespace('sectype');
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'free-form', namespace: ns },
    type: 'foo bar',
    stringData: { k: 'v' },
  } as KubeObject;
  const created = await admin.create(secret);
  expect(created.type).toBe('foo bar');
  expect((await admin.get(keyOf(created))).type).toBe('foo bar');
});

/** The cases of this file, in the suite's order. */
export const secretTypeFreeFormCases: readonly ContractCase[] = [secretTypeFreeForm];
