/**
 * Contract cases: authentication and authorization (RBAC through a narrow Role, the create an
 * apply needs, TokenRequest tokens and their refusals), on clients made from ServiceAccount tokens.
 */
import type { KubeObject } from '../../model/meta.js';
import { ClusterErrorReason } from '../../port/errors.js';
import {
  MANAGER,
  RBAC,
  contractCase,
  eventually,
  failure,
  keyOf,
  suffix,
  type ContractCase,
  type ContractKit,
} from './kit.js';

/** A namespace of this run holding a ServiceAccount; returns the namespace. */
const serviceAccount = async ({ admin, namespace }: ContractKit, prefix: string, saName: string) => {
  const ns = await namespace(prefix);
  await admin.create({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: saName, namespace: ns },
  });
  return ns;
};

const narrowRoleForbidden = contractCase('narrowRoleForbidden', async (kit) => {
  const { admin, context, expect, namespace, configMap } = kit;
  const ns = await serviceAccount(kit, 'rbac', 'reader');
  const other = await namespace('rbac-other');
  await admin.create({
    apiVersion: RBAC,
    kind: 'Role',
    metadata: { name: 'read-configmaps', namespace: ns },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }],
  });
  await admin.create({
    apiVersion: RBAC,
    kind: 'RoleBinding',
    metadata: { name: 'reader-reads-configmaps', namespace: ns },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'read-configmaps' },
    subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: ns }],
  });
  const mine = await admin.create(configMap(ns, 'visible', { v: '1' }));
  await admin.create(configMap(other, 'hidden', { v: '1' }));
  await admin.create({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'creds', namespace: ns },
    data: {},
  });

  const reader = context.tokenClient(await admin.requestToken(ns, 'reader'));
  // A real server authorizes from informer caches, which see the new binding a moment later.
  expect(await eventually(() => reader.get(keyOf(mine)))).toMatchObject({ data: { v: '1' } });
  expect((await reader.list('v1', 'ConfigMap', { namespace: ns })).items.map((i) => i.metadata.name)).toEqual(
    ['visible'],
  );

  const user = `system:serviceaccount:${ns}:reader`;
  const denied = async (call: Promise<unknown>, message: string) => {
    expect(await failure(call)).toMatchObject({
      reason: ClusterErrorReason.Forbidden,
      status: 403,
      message,
    });
  };
  await denied(
    reader.get({ apiVersion: 'v1', kind: 'Secret', namespace: ns, name: 'creds' }),
    `secrets "creds" is forbidden: User "${user}" cannot get resource "secrets" in API group "" in the namespace "${ns}"`,
  );
  await denied(
    reader.list('v1', 'ConfigMap', { namespace: other }),
    `configmaps is forbidden: User "${user}" cannot list resource "configmaps" in API group "" in the namespace "${other}"`,
  );
  await denied(
    reader.list('v1', 'ConfigMap'),
    `configmaps is forbidden: User "${user}" cannot list resource "configmaps" in API group "" at the cluster scope`,
  );
  await denied(
    reader.create(configMap(ns, 'written', { v: '1' })),
    `configmaps is forbidden: User "${user}" cannot create resource "configmaps" in API group "" in the namespace "${ns}"`,
  );
  await denied(
    reader.apply(configMap(ns, 'visible', { v: '2' }), { fieldManager: MANAGER }),
    `configmaps "visible" is forbidden: User "${user}" cannot patch resource "configmaps" in API group "" in the namespace "${ns}"`,
  );
  expect((await admin.get(keyOf(mine))).data).toEqual({ v: '1' });
});

const applyCreateNeedsCreate = contractCase('applyCreateNeedsCreate', async (kit) => {
  const { admin, context, expect, configMap } = kit;
  const ns = await serviceAccount(kit, 'apply', 'applier');
  const role = {
    apiVersion: RBAC,
    kind: 'Role',
    metadata: { name: 'apply-configmaps', namespace: ns },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['patch'] }],
  };
  await admin.create(role);
  await admin.create({
    apiVersion: RBAC,
    kind: 'RoleBinding',
    metadata: { name: 'applier-applies-configmaps', namespace: ns },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'apply-configmaps' },
    subjects: [{ kind: 'ServiceAccount', name: 'applier', namespace: ns }],
  });
  const existing = await admin.create(configMap(ns, 'existing', { v: '1' }));
  const applier = context.tokenClient(await admin.requestToken(ns, 'applier'));
  // A real server authorizes from informer caches, which see the new binding a moment later.
  expect(
    await eventually(() =>
      applier.apply(configMap(ns, 'existing', { v: '2' }), { fieldManager: MANAGER, force: true }),
    ),
  ).toMatchObject({ data: { v: '2' } });
  const user = `system:serviceaccount:${ns}:applier`;
  expect(
    await failure(applier.apply(configMap(ns, 'fresh', { v: '1' }), { fieldManager: MANAGER })),
  ).toMatchObject({
    reason: ClusterErrorReason.Forbidden,
    status: 403,
    message: `configmaps "fresh" is forbidden: User "${user}" cannot create resource "configmaps" in API group "" in the namespace "${ns}"`,
  });
  expect(await failure(admin.get({ ...keyOf(existing), name: 'fresh' }))).toMatchObject({
    reason: ClusterErrorReason.NotFound,
  });
  await admin.replace({
    ...(await admin.get(keyOf(role as KubeObject))),
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'patch'] }],
  });
  expect(
    await eventually(() => applier.apply(configMap(ns, 'fresh', { v: '1' }), { fieldManager: MANAGER })),
  ).toMatchObject({ data: { v: '1' } });
});

const requestToken = contractCase('requestToken', async (kit) => {
  const { admin, context, expect } = kit;
  const ns = await serviceAccount(kit, 'token', 'agent');
  const token = await admin.requestToken(ns, 'agent', { expirationSeconds: 3600 });
  expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  // Authenticated as the ServiceAccount (so Forbidden, naming it), not Unauthorized: nothing grants it anything.
  const agent = context.tokenClient(token);
  const error = await eventually(async () => {
    const e = await failure(agent.list('v1', 'Namespace'));
    if (e.reason === ClusterErrorReason.Unauthorized) throw e;
    return e;
  });
  expect(error).toMatchObject({
    reason: ClusterErrorReason.Forbidden,
    status: 403,
    message: `namespaces is forbidden: User "system:serviceaccount:${ns}:agent" cannot list resource "namespaces" in API group "" at the cluster scope`,
  });
  const stranger = context.tokenClient(`made-up-${suffix()}`);
  expect(await failure(stranger.list('v1', 'Namespace'))).toMatchObject({
    reason: ClusterErrorReason.Unauthorized,
    status: 401,
  });
});

const requestTokenRefusals = contractCase('requestTokenRefusals', async (kit) => {
  const { admin, expect } = kit;
  const ns = await serviceAccount(kit, 'token', 'agent');
  expect(await failure(admin.requestToken(ns, 'nobody'))).toMatchObject({
    reason: ClusterErrorReason.NotFound,
    status: 404,
    message: 'serviceaccounts "nobody" not found',
  });
  const short = await failure(admin.requestToken(ns, 'agent', { expirationSeconds: 60 }));
  expect(short).toMatchObject({ reason: ClusterErrorReason.Invalid, status: 422 });
  expect(short.causes).toEqual([
    {
      reason: 'FieldValueInvalid',
      message: 'Invalid value: 60: may not specify a duration less than 10 minutes',
      field: 'spec.expirationSeconds',
    },
  ]);
});

/** The cases of this file, in the suite's order. */
export const authCases: readonly ContractCase[] = [
  narrowRoleForbidden,
  applyCreateNeedsCreate,
  requestToken,
  requestTokenRefusals,
];
