/**
 * A create that races another writer, in memory (the same race on a real API server is in
 * test/integration/ownership-real.test.ts): the ownership check's list saw nothing, the user's
 * object appeared before vzmc's apply, and the apply merged into it. vzmc must give back what it
 * took and fail the create, so the object is never vzmc-owned and never deleted by it (P20, P21).
 */
import { describe, expect, it } from 'vitest';
import { isVzmcOwned } from '../../../src/index.js';
import { createMemoryCluster } from '../../../src/memory.js';
import { raceCreate } from '../../support/create-race.js';

describe('a create that races another writer', () => {
  it('P20, P21: the apply that merged into a user object created meanwhile is given back and the create fails AlreadyExists', async () => {
    const client = createMemoryCluster({ name: 'managed1' }).client();
    await client.apply(
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app' } },
      { fieldManager: 'kubectl' },
    );
    const { result, live } = await raceCreate(client, 'app');
    expect(result).toMatchObject({ op: 'create', outcome: 'failed', error: { reason: 'AlreadyExists' } });
    expect(result?.error?.message).toContain('created by kubectl while the plan ran');
    expect(result?.error?.message).toContain('vzmc.dev/adopt=true');
    expect(live.data).toEqual({ user: 'keep' });
    expect(live.metadata.labels?.['vzmc.dev/managed']).toBeUndefined();
    expect(live.metadata.annotations?.['vzmc.dev/source']).toBeUndefined();
    expect(isVzmcOwned(live, 'vzmc')).toBe(false);
    expect(live.metadata.managedFields?.map((m) => m.manager)).toEqual(['kubectl']);
  });
});
