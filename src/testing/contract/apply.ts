/**
 * Contract cases: server-side apply and field ownership (idempotence, conflicts between field
 * managers, and the managedFields that lists carry, which P20 and P21 rest on).
 */
import { ClusterErrorReason } from '../../port/errors.js';
import { copyOf } from './copy.js';
import { MANAGER, RUN_LABEL, contractCase, failure, keyOf, type ContractCase } from './kit.js';

const applyIsIdempotent = contractCase(
  'applyIsIdempotent',
  async ({ admin, expect, namespace, configMap }) => {
    const ns = await namespace('apply');
    const desired = configMap(ns, 'settings', { a: '1' }, { app: 'demo' });
    const created = await admin.apply(desired, { fieldManager: MANAGER });
    expect(created).toMatchObject({ data: { a: '1' }, metadata: { labels: { app: 'demo' } } });
    const again = await admin.apply(desired, { fieldManager: MANAGER });
    expect(again.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    expect(again).toEqual(created);
    expect(await admin.get(keyOf(desired))).toEqual(created);

    const changed = await admin.apply(configMap(ns, 'settings', { a: '2' }, { app: 'demo' }), {
      fieldManager: MANAGER,
    });
    expect(changed.data).toEqual({ a: '2' });
    expect(changed.metadata.resourceVersion).not.toBe(created.metadata.resourceVersion);
  },
);

const applyConflict = contractCase('applyConflict', async ({ admin, expect, namespace, configMap }) => {
  const ns = await namespace('ssa');
  await admin.apply(configMap(ns, 'shared', { owned: 'by-a' }), { fieldManager: 'manager-a' });
  const contested = configMap(ns, 'shared', { owned: 'by-b' });
  const error = await failure(admin.apply(contested, { fieldManager: 'manager-b' }));
  expect(error).toMatchObject({
    reason: ClusterErrorReason.Conflict,
    status: 409,
    message: 'Apply failed with 1 conflict: conflict with "manager-a": .data.owned',
  });
  expect(error.causes).toEqual([
    { reason: 'FieldManagerConflict', message: 'conflict with "manager-a"', field: '.data.owned' },
  ]);
  expect((await admin.get(keyOf(contested))).data).toEqual({ owned: 'by-a' });

  const forced = await admin.apply(contested, { fieldManager: 'manager-b', force: true });
  expect(forced.data).toEqual({ owned: 'by-b' });
  const owners = (forced.metadata.managedFields ?? [])
    .filter((entry) => JSON.stringify(entry.fieldsV1 ?? {}).includes('f:owned'))
    .map((entry) => entry.manager);
  expect(owners).toEqual(['manager-b']);
});

const listOwnership = contractCase(
  'listOwnership',
  async ({ admin, expect, namespace, configMap, runId }) => {
    const ns = await namespace('owner');
    const marker = { 'vzmc.dev/managed': 'true' };
    const applied = await admin.apply(configMap(ns, 'applied', { a: '1' }, marker), {
      fieldManager: MANAGER,
    });
    // A copy, as `kubectl get -o yaml | kubectl create -f -` makes it: same label, another writer.
    await admin.create(copyOf(applied, { name: 'copied' }), { fieldManager: 'kubectl-create' });
    const list = await admin.list('v1', 'ConfigMap', {
      namespace: ns,
      labelSelector: `${RUN_LABEL}=${runId},vzmc.dev/managed=true`,
    });
    const owners = (name: string) =>
      (list.items.find((item) => item.metadata.name === name)?.metadata.managedFields ?? [])
        .filter((e) => JSON.stringify(e.fieldsV1 ?? {}).includes('"f:vzmc.dev/managed"'))
        .map((e) => `${e.manager}/${e.operation}${e.subresource ? `/${e.subresource}` : ''}`);
    expect(list.items.map((item) => item.metadata.name)).toEqual(['applied', 'copied']);
    expect(owners('applied')).toEqual([`${MANAGER}/Apply`]);
    expect(owners('copied')).toEqual(['kubectl-create/Update']);
    const entry = list.items[0]?.metadata.managedFields?.find((e) => e.manager === MANAGER);
    expect(entry?.fieldsV1).toMatchObject({ 'f:metadata': { 'f:labels': { 'f:vzmc.dev/managed': {} } } });
  },
);

/** The cases of this file, in the suite's order. */
export const applyCases: readonly ContractCase[] = [applyIsIdempotent, applyConflict, listOwnership];
