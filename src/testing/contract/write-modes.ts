/**
 * Contract cases: writes that touch less than a plain write (dry-run, which stores nothing, and
 * the status subresource, which splits an object into its main part and its status).
 */
import type { KubeObject } from '../../model/meta.js';
import { ClusterErrorReason } from '../../port/errors.js';
import { MANAGER, contractCase, failure, keyOf, type ContractCase } from './kit.js';

const dryRun = contractCase('dryRun', async ({ admin, expect, namespace, configMap }) => {
  const ns = await namespace('dry');
  const dryCreated = await admin.create(configMap(ns, 'ghost', { v: '1' }), { dryRun: true });
  expect(dryCreated).toMatchObject({ data: { v: '1' }, metadata: { name: 'ghost', namespace: ns } });
  expect(dryCreated.metadata.resourceVersion ?? '').toBe('');
  const dryApplyCreated = await admin.apply(configMap(ns, 'ghost', { v: '1' }), {
    fieldManager: MANAGER,
    dryRun: true,
  });
  expect(dryApplyCreated.data).toEqual({ v: '1' });
  expect(await failure(admin.get(keyOf(dryCreated)))).toMatchObject({
    reason: ClusterErrorReason.NotFound,
  });

  const live = await admin.create(configMap(ns, 'real', { v: '1' }));
  const dryReplaced = await admin.replace({ ...live, data: { v: '2' } }, { dryRun: true });
  expect(dryReplaced.data).toEqual({ v: '2' });
  const dryApplied = await admin.apply(configMap(ns, 'real', { v: '3' }), {
    fieldManager: MANAGER,
    force: true,
    dryRun: true,
  });
  expect(dryApplied.data).toEqual({ v: '3' });
  await admin.delete(keyOf(live), { dryRun: true });
  expect(await admin.get(keyOf(live))).toEqual(live);
});

const statusSubresource = contractCase('statusSubresource', async ({ admin, expect, namespace, vmc }) => {
  const ns = await namespace('status');
  const created = await admin.create({
    ...vmc(ns, 'm1', { description: 'one' }),
    status: { state: 'Active' },
  });
  expect(created.status).toBeUndefined();
  expect(created.metadata.generation).toBe(1);

  const withStatus = await admin.updateStatus({
    ...created,
    metadata: { ...created.metadata, labels: { ignored: 'yes' } },
    spec: { description: 'ignored' },
    status: { state: 'Active', apiUrl: 'https://m1.example.com' },
  });
  expect(withStatus.status).toEqual({ state: 'Active', apiUrl: 'https://m1.example.com' });
  expect(withStatus.spec).toEqual({ description: 'one' });
  expect(withStatus.metadata.labels).toBeUndefined();
  expect(withStatus.metadata.generation).toBe(1);
  expect(withStatus.metadata.resourceVersion).not.toBe(created.metadata.resourceVersion);

  const replaced = await admin.replace({
    ...withStatus,
    spec: { description: 'two' },
    status: { state: 'Failed' },
  });
  expect(replaced.spec).toEqual({ description: 'two' });
  expect(replaced.status).toEqual(withStatus.status);
  expect(replaced.metadata.generation).toBe(2);

  const reapplied: KubeObject = {
    ...vmc(ns, 'm1', { description: 'three' }),
    status: { state: 'Pending' },
  };
  const applied = await admin.apply(reapplied, { fieldManager: MANAGER, force: true });
  expect(applied.spec).toEqual({ description: 'three' });
  expect(applied.status).toEqual(withStatus.status);
  expect((await admin.get(keyOf(created))).status).toEqual(withStatus.status);
});

/** The cases of this file, in the suite's order. */
export const writeModeCases: readonly ContractCase[] = [dryRun, statusSubresource];
