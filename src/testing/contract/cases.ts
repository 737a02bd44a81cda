/**
 * Every contract case, in the order the suite runs them: the order of {@link ContractTest}, which
 * reports and docs follow.
 */
import { applyCases } from './apply.js';
import { authCases } from './auth.js';
import { availabilityCases } from './availability.js';
import { badRequestCases } from './bad-requests.js';
import { basicAuthRequiredCases } from './basic-auth-required.js';
import { crudCases } from './crud.js';
import { invalidInMissingNamespaceCases } from './invalid-in-missing-namespace.js';
import type { ContractCase } from './kit.js';
import { schemaCases } from './schema.js';
import { secretTypeFreeFormCases } from './secret-type-free-form.js';
import { secretTypeKeysCases } from './secret-type-keys.js';
import { ContractTest } from './titles.js';
import { updateCases } from './updates.js';
import { writeModeCases } from './write-modes.js';

/** The suite's cases: one per {@link ContractTest} entry, in its order. */
export const CONTRACT_CASES: readonly ContractCase[] = [
  ...crudCases,
  ...applyCases,
  ...updateCases,
  ...writeModeCases,
  ...schemaCases,
  ...badRequestCases,
  ...invalidInMissingNamespaceCases,
  ...secretTypeFreeFormCases,
  ...basicAuthRequiredCases,
  ...secretTypeKeysCases,
  ...authCases,
  ...availabilityCases,
];

const listed = CONTRACT_CASES.map((c) => c.id).join(',');
if (listed !== Object.keys(ContractTest).join(','))
  throw new Error(`the contract cases (${listed}) must be ContractTest's tests, once each and in its order`);
