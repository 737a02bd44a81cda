import { describe, expect, it } from 'vitest';
import {
  ALL_NAMESPACES,
  formatPlan,
  planState,
  snapshot,
  type KubeObject,
  type SyncAction,
  type SyncPlan,
} from '../../../src/index.js';

const liveConfigMap = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'greeting', namespace: 'app', labels: { team: 'a', old: 'x' } },
  data: { GREETING: 'Hi', ['a/b']: 'slash' },
} as KubeObject;
const liveSecret = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db', namespace: 'app' },
  data: { password: Buffer.from('old-password').toString('base64') },
} as KubeObject;
const live = snapshot([
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    namespace: ALL_NAMESPACES,
    result: { ok: true, items: [liveConfigMap] },
  },
  { apiVersion: 'v1', kind: 'Secret', namespace: 'app', result: { ok: true, items: [liveSecret] } },
]);

const update = (object: KubeObject, patch: SyncAction['patch']): SyncAction => ({
  key: `local:/${object.kind}/app/${object.metadata.name}`,
  op: 'update',
  target: 'local',
  apiVersion: object.apiVersion,
  kind: object.kind,
  namespace: 'app',
  name: object.metadata.name ?? '',
  phase: 'unwrapped',
  reason: 'it differs',
  ruleId: 'P9',
  dependsOn: [],
  ...(patch ? { patch } : {}),
});
const plan: SyncPlan = {
  cluster: 'm1',
  actions: [
    update(liveConfigMap, [
      { op: 'replace', path: '/data/GREETING', value: 'Hello' },
      { op: 'replace', path: '/data/a~1b', value: 'escaped' },
      { op: 'add', path: '/metadata/labels/new', value: 'y' },
      { op: 'remove', path: '/metadata/labels/old' },
    ]),
    update(liveSecret, [
      { op: 'replace', path: '/data/password', value: Buffer.from('new-password').toString('base64') },
      { op: 'add', path: '/data/user', value: Buffer.from('admin').toString('base64') },
    ]),
  ],
  unknown: [],
  guard: { deletes: 0, managed: 2, maxDeleteFraction: 0.5, tripped: false },
  deferredStatus: 0,
};

describe('formatPlan', () => {
  it('with the live snapshot, each changed field reads old → new; additions and removals are marked', () => {
    expect(formatPlan(plan, { live }).split('\n')).toEqual([
      'Plan for m1: 0 to create, 2 to update, 0 to delete, 0 status updates',
      '~ update ConfigMap app/greeting  [P9] it differs',
      '    ~ /data/GREETING: "Hi" → "Hello"',
      '    ~ /data/a~1b: "slash" → "escaped"',
      '    + /metadata/labels/new: "y"',
      '    - /metadata/labels/old: "x"',
      '~ update Secret app/db  [P9] it differs',
      '    ~ /data/password: "<redacted>" → "<redacted>"',
      '    + /data/user: "<redacted>"',
      '',
    ]);
  });

  it('never shows a Secret value, old or new', () => {
    const text = formatPlan(plan, { live, color: true });
    for (const value of ['old-password', 'new-password', 'admin'])
      expect(text).not.toContain(Buffer.from(value).toString('base64'));
  });

  it('without the live state, updates show the new values only', () => {
    expect(formatPlan(plan).split('\n').slice(1, 4)).toEqual([
      '~ update ConfigMap app/greeting  [P9] it differs',
      '    ~ /data/GREETING: "Hello"',
      '    ~ /data/a~1b: "escaped"',
    ]);
  });

  it('colour: old values red, new green, the verb by its kind of change; none unless asked', () => {
    const lines = formatPlan(plan, { live, color: true }).split('\n');
    expect(lines[1]).toBe('\u001b[33m~ update\u001b[0m ConfigMap app/greeting  [P9] it differs');
    expect(lines[2]).toBe('    ~ /data/GREETING: \u001b[31m"Hi"\u001b[0m → \u001b[32m"Hello"\u001b[0m');
    expect(lines[4]).toBe('\u001b[32m    + /metadata/labels/new: "y"\u001b[0m');
    expect(lines[5]).toBe('\u001b[31m    - /metadata/labels/old: "x"\u001b[0m');
    expect(formatPlan(plan, { live })).not.toContain('\u001b[');
  });
});

describe('an incomplete plan (issue 13: honest exits)', () => {
  const forbidden: SyncPlan = {
    ...plan,
    actions: [],
    unknown: [
      {
        side: 'admin',
        apiVersion: 'clusters.verrazzano.io/v1alpha1',
        kind: 'VerrazzanoProject',
        namespace: 'verrazzano-mc',
        reason: 'Forbidden',
        message: 'forbidden',
      },
    ],
  };

  it('says unknown and names what it could not read, never converged', () => {
    const text = formatPlan(forbidden);
    expect(text.split('\n').slice(0, 2)).toEqual([
      'Plan for m1: 0 to create, 0 to update, 0 to delete, 0 status updates',
      '  (plan unknown: could not read VerrazzanoProject in verrazzano-mc on the admin; the cluster is not known to have converged)',
    ]);
    expect(text).not.toContain('nothing to do');
    expect(planState(forbidden)).toBe('unknown');
  });

  it('P21: names each labelled object vzmc does not own, and why it is left alone', () => {
    const text = formatPlan({
      ...plan,
      actions: [],
      foreign: [
        {
          key: 'local:/ConfigMap/kube-system/coredns',
          apiVersion: 'v1',
          kind: 'ConfigMap',
          namespace: 'kube-system',
          name: 'coredns',
          reason: 'namespace kube-system is not one vzmc manages: left alone',
        },
      ],
    });
    expect(text.split('\n')).toContain(
      "? not vzmc's: ConfigMap kube-system/coredns: namespace kube-system is not one vzmc manages: left alone",
    );
  });

  it('planState: converged only when every list was read and nothing is to do', () => {
    expect(planState({ ...plan, actions: [] })).toBe('converged');
    expect(planState(plan)).toBe('pending');
    expect(planState({ ...plan, unknown: forbidden.unknown })).toBe('unknown');
  });
});
