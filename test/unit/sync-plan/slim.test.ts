/**
 * The live snapshot as planning keeps it (issue 16, memory at scale): managedFields cut to what
 * ownership (P20, P21) and the comparison read, repeated values shared, the input untouched.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/index.js';
import { Interner, slimLiveObject, slimSnapshot } from '../../../src/sync-plan/slim.js';

const fieldsV1 = { 'f:metadata': { 'f:labels': { 'f:vzmc.dev/managed': {} } }, 'f:data': { 'f:a': {} } };

function live(name: string, managedFields: NonNullable<KubeObject['metadata']['managedFields']>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name,
      namespace: 'app',
      creationTimestamp: '2026-11-27T09:00:00Z',
      labels: { 'vzmc.dev/managed': 'true' },
      managedFields,
    },
    data: { a: '1' },
  };
}

const vzmcApply = {
  manager: 'vzmc',
  operation: 'Apply',
  apiVersion: 'v1',
  time: '2026-11-27T09:00:00Z',
  fieldsType: 'FieldsV1',
  fieldsV1,
};
const controllerUpdate = { ...vzmcApply, manager: 'kube-controller-manager', operation: 'Update' };

describe('slimLiveObject', () => {
  it('P20: keeps the Apply entries (manager, operation, subresource, fieldsV1) and drops Update entries, times and versions', () => {
    const object = live('a', [controllerUpdate, { ...vzmcApply, subresource: 'status' }, vzmcApply]);
    const slim = slimLiveObject(object, new Interner());
    expect(slim.metadata.managedFields).toEqual([
      { manager: 'vzmc', operation: 'Apply', subresource: 'status', fieldsV1 },
      { manager: 'vzmc', operation: 'Apply', fieldsV1 },
    ]);
    expect({ ...slim, metadata: { ...slim.metadata, managedFields: undefined } }).toEqual({
      ...object,
      metadata: { ...object.metadata, managedFields: undefined },
    });
  });

  it('P21: an object with only Update entries still carries one (without fields), so it is not taken for a copy without managedFields', () => {
    const slim = slimLiveObject(live('a', [controllerUpdate, controllerUpdate]), new Interner());
    expect(slim.metadata.managedFields).toEqual([
      { manager: 'kube-controller-manager', operation: 'Update' },
    ]);
    expect(slimLiveObject(live('b', []), new Interner()).metadata.managedFields).toEqual([]);
  });

  it('shares equal fieldsV1 trees (frozen) and repeated strings between objects, and never changes its input', () => {
    const a = live('a', [structuredClone(vzmcApply)]);
    const b = live('b', [structuredClone(vzmcApply)]);
    const before = structuredClone([a, b]);
    const interner = new Interner();
    const [sa, sb] = [slimLiveObject(a, interner), slimLiveObject(b, interner)];
    expect(sa.metadata.managedFields?.[0]?.fieldsV1).toBe(sb.metadata.managedFields?.[0]?.fieldsV1);
    expect(Object.isFrozen(sa.metadata.managedFields?.[0]?.fieldsV1)).toBe(true);
    expect([a, b]).toEqual(before);
    expect(Object.isFrozen(a.metadata.managedFields?.[0]?.fieldsV1)).toBe(false);
  });

  it('slimSnapshot leaves failed lists as they are', () => {
    const failed = {
      apiVersion: 'v1',
      kind: 'Secret',
      namespace: '*',
      result: { ok: false as const, reason: 'Forbidden' as const, message: 'no' },
    };
    expect(slimSnapshot({ entries: [failed] }).entries[0]).toBe(failed);
  });
});
