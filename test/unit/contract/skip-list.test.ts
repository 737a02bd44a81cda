/**
 * The contract's skip list is explicit: every entry names a contract test and gives a reason,
 * or the suite refuses to be defined.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ContractTest,
  clusterClientContract,
  type ClusterClientContractSetup,
  type ContractSkipList,
} from '../../../src/testing/contract.js';

const runner = { describe, it, beforeAll, afterAll, expect };

const start: ClusterClientContractSetup['start'] = () => {
  throw new Error('never started: the skip list is refused first');
};

describe('the contract skip list', () => {
  it('refuses an entry that names no contract test', () => {
    const skip = { notATest: 'whatever' } as unknown as ContractSkipList;
    expect(() => {
      clusterClientContract('typo', { start, skip }, runner);
    }).toThrow('clusterClientContract(typo): unknown test "notATest" in the skip list');
  });

  it('refuses an entry without a reason', () => {
    expect(() => {
      clusterClientContract('silent', { start, skip: { watch: ' ' } }, runner);
    }).toThrow('clusterClientContract(silent): skipping "watch" needs a reason');
  });

  it('gives every test its own title, so that reports and skip reasons point at one test', () => {
    const titles = Object.values(ContractTest);
    expect(new Set(titles).size).toBe(titles.length);
  });
});
