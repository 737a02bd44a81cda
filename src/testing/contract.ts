/**
 * The ClusterClient contract: one suite of vitest tests that every adapter of the port must pass,
 * run against the in-memory cluster (unit tests) and a real kube-apiserver through the Kubernetes
 * adapter (integration tests). As in drizzle-orm's driver suites, an adapter that cannot meet a
 * test says so in its skip list, with a reason; nothing is skipped silently.
 *
 * The expectations are what a real kube-apiserver answers (v1.34), message text included, because
 * the in-memory cluster promises the server's wording. Every test makes its own namespaces and
 * names: a harness cluster has no controller manager, so namespaces never finish deleting and
 * nothing can be cleaned up between tests.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { installCrds } from '../adapters/crds.js';
import type { ClusterClient, ObjectKey, WatchEvent } from '../adapters/port.js';
import { ClusterErrorReason, isClusterError, type ClusterError } from '../types/cluster-errors.js';
import { generateCrds } from '../types/crds.js';
import type { KubeObject } from '../types/meta.js';

/**
 * The contract's tests: an id (for skip lists) and the title the test runs under, which states the
 * behaviour it proves.
 *
 * @example
 * ```ts
 * import { ContractTest } from 'vzmc/testing';
 * console.log(ContractTest.applyIsIdempotent);
 * //=> 'apply creates the object, and a second identical apply changes nothing and keeps the resourceVersion'
 * ```
 */
export const ContractTest = {
  /** `serverVersion()` answers `vMAJOR.MINOR.PATCH`. */
  serverVersion: 'serverVersion answers the Kubernetes version as vMAJOR.MINOR.PATCH',
  /** create, get and list, with namespace and label selectors. */
  createGetList:
    'create returns the stored object, get reads it back, and list filters by namespace and label selector in key order',
  /** Creating an existing object is AlreadyExists. */
  createExisting: 'create of an object that exists is AlreadyExists (409) and changes nothing',
  /** Writes into a missing namespace are NotFound. */
  missingNamespace:
    'a write into a missing namespace is NotFound naming the namespace; a get there is NotFound and a list is empty',
  /** A kind the server does not serve is NotFound. */
  unknownKind: 'a kind the server does not serve is NotFound: no matches for kind',
  /** Server-side apply creates, and a repeated apply changes nothing. */
  applyIsIdempotent:
    'apply creates the object, and a second identical apply changes nothing and keeps the resourceVersion',
  /** Apply conflicts with another field manager unless forced. */
  applyConflict:
    'apply of a field another manager owns is a Conflict (409) naming manager and field; with force it succeeds and takes the field over',
  /** Lists carry managedFields: who applied a label, and who merely copied it. */
  listOwnership:
    'list items carry managedFields: the Apply entry of the manager that applied a label owns it; a copy created by another manager records that manager instead',
  /** Replace needs the current resourceVersion. */
  replaceStale:
    'replace with the current resourceVersion succeeds and moves it; with a stale one it is a Conflict (409); without one a custom resource is Invalid (422)',
  /** Apply refuses another uid. */
  applyForeignUid:
    'apply carrying another uid is Invalid (422), metadata.uid being immutable; creating by apply with a uid is a Conflict (409)',
  /** Delete, then NotFound; preconditions hold. */
  deleteThenNotFound:
    'delete removes the object: a get is then NotFound, a second delete is NotFound, and a failed precondition is a Conflict (409)',
  /** Precondition failures in the server's words. */
  preconditionWording:
    'precondition failures are worded as the server words them: delete names the kind, an update without resourceVersion prints 0, a replace with another uid is a StorageError',
  /** Dry-run writes nothing. */
  dryRun: 'dry-run create, replace, apply and delete answer with the outcome and write nothing',
  /** Main and status writes touch only their part. */
  statusSubresource:
    'with a status subresource, writes to the main resource leave status untouched and updateStatus changes only status',
  /** CRD schema violations are Invalid, one cause per field. */
  crdSchemaInvalid:
    'an object that violates its CRD schema is Invalid (422) with one cause per field, in the server’s words',
  /** Fields a CRD schema does not declare are pruned. */
  unknownFieldsPruned:
    'fields a CRD schema does not declare are dropped (pruned) from the stored object, not rejected',
  /** Nulls in non-nullable CRD fields are pruned. */
  nullsPruned:
    'a null in a field its CRD schema does not declare nullable is dropped, as if the field were absent',
  /** Secret data that is not base64 is refused. */
  invalidBase64Refused:
    'Secret data that is not base64 is refused, naming the decoding error, and nothing is stored',
  /** Secret data that is not base64 is a BadRequest. */
  invalidBase64IsBadRequest:
    'Secret data that is not base64 is a BadRequest (400): the body cannot be decoded, so no field validation runs',
  /** Create with a resourceVersion is refused. */
  createWithResourceVersion:
    'create carrying a resourceVersion is refused with HTTP 500 in the storage layer’s words, and nothing is stored',
  /** A 500 without a reason is Unavailable. */
  reasonlessServerErrorIsUnavailable:
    'a 500 without a Status reason is Unavailable (retryable), as etcd failures reach clients the same way',
  /** A narrow Role's token is Forbidden outside it. */
  narrowRoleForbidden:
    'a token bound to a narrow Role can do what the Role allows and is Forbidden (403) for anything else',
  /** An apply that creates is authorized as a create too. */
  applyCreateNeedsCreate:
    'a server-side apply that creates an object needs create besides patch: with patch alone it is Forbidden (403) naming create, while applying to an existing object goes through',
  /** TokenRequest tokens authenticate; made-up tokens are Unauthorized. */
  requestToken:
    'requestToken returns a token that authenticates as the ServiceAccount; a made-up token is Unauthorized (401)',
  /** TokenRequest refusals: missing ServiceAccount, too short a lifetime. */
  requestTokenRefusals:
    'requestToken for a missing ServiceAccount is NotFound, and a lifetime under 10 minutes is Invalid (422)',
  /** A stopped server fails calls as Unavailable or Timeout; a restart recovers. */
  unavailable:
    'while the server is stopped every call fails as Unavailable or Timeout within the timeout and open watches end with an error; after a restart the same client works and the data is intact',
  /** Watch events, in order, with the label selector. */
  watch:
    'watch sends ADDED for existing objects, then ADDED, MODIFIED and DELETED in order, honouring the label selector',
} as const;

/**
 * The id of one contract test (a key of {@link ContractTest}).
 *
 * @example
 * ```ts
 * const id: ContractTestId = 'watch';
 * console.log(ContractTest[id]);
 * ```
 */
export type ContractTestId = keyof typeof ContractTest;

/**
 * Contract tests an adapter does not meet, each with the reason why. Listed tests still appear in
 * the report (as skipped, reason in the title).
 *
 * @example
 * ```ts
 * const skip: ContractSkipList = {
 *   unknownFieldsPruned: 'rejects unknown fields as Invalid (422), stricter than a real server',
 * };
 * ```
 */
export type ContractSkipList = { readonly [Id in ContractTestId]?: string };

/**
 * What the contract needs from one adapter, once its server runs. Each factory returns a new
 * client; the setup's `stop` closes whatever they hold.
 *
 * @example
 * ```ts
 * const cluster = createMemoryCluster({ crds: false });
 * const context: ClusterClientContractContext = {
 *   adminClient: () => cluster.client(),
 *   tokenClient: (token) => cluster.client({ token }),
 *   timeoutMs: 1_000,
 *   stopServer: () => cluster.setAvailable(false),
 *   startServer: () => cluster.setAvailable(true),
 * };
 * ```
 */
export interface ClusterClientContractContext {
  /** A client acting as the cluster admin (RBAC allows it everything). */
  adminClient(): ClusterClient;
  /**
   * A client that authenticates with a bearer token: the suite passes ServiceAccount tokens from
   * `requestToken` (bound to a narrow Role, or to nothing) and made-up ones.
   */
  tokenClient(token: string): ClusterClient;
  /** The adapter's per-call timeout: with the server stopped, every call must settle within it. */
  readonly timeoutMs: number;
  /**
   * Makes the server the admin client talks to unreachable (in memory: `setAvailable(false)`; on a
   * real cluster: stop its API server). The suite always calls `startServer` afterwards.
   */
  stopServer(): Promise<void> | void;
  /** Makes the server reachable again; resolves once it serves. */
  startServer(): Promise<void> | void;
  /**
   * Installs vzmc's CRDs (`generateCrds()`) and resolves once their kinds are served. Default:
   * `installCrds` through the admin client (server-side apply, then wait until each is
   * Established and its kind answers a list).
   */
  installCrds?(client: ClusterClient): Promise<void>;
}

/**
 * How {@link clusterClientContract} runs against one adapter.
 *
 * @example
 * ```ts
 * const clients: K8sClusterClient[] = [];
 * const setup: ClusterClientContractSetup = {
 *   async start() {
 *     const control = await connectTestClusters(inject('vzmcTestClusters').stateDir);
 *     const client = (token: string) => {
 *       const made = createK8sClusterClient({ kubeconfig: { yaml: control.kubeconfigFor('managed2', token) }, timeoutMs: 10_000 });
 *       clients.push(made);
 *       return made;
 *     };
 *     return {
 *       adminClient: () => client(control.cluster('managed2').token),
 *       tokenClient: client,
 *       timeoutMs: 10_000,
 *       stopServer: () => control.stopCluster('managed2', { signal: 'SIGKILL' }),
 *       startServer: () => control.startCluster('managed2'),
 *     };
 *   },
 *   stop: () => clients.forEach((c) => c.close()),
 * };
 * ```
 */
export interface ClusterClientContractSetup {
  /**
   * Called once before the tests (vitest `beforeAll`). If it throws, every test fails with its
   * error: a server that cannot start is a failure, never a skip.
   */
  start(): Promise<ClusterClientContractContext> | ClusterClientContractContext;
  /** Called once after the tests (vitest `afterAll`): close clients, make sure the server runs. */
  stop?(): Promise<void> | void;
  /** Tests this adapter does not meet, each with its reason. */
  readonly skip?: ContractSkipList;
}

/** The label every object of one suite run carries, so lists across namespaces see only the run's objects. */
const RUN_LABEL = 'contract.vzmc.dev/run';
const MANAGER = 'vzmc-contract';
const CLUSTERS = 'clusters.verrazzano.io/v1alpha1';
const RBAC = 'rbac.authorization.k8s.io/v1';
/** Grace on top of `timeoutMs` for timers and the event loop when asserting "no hang". */
const SLACK_MS = 1_000;
/** How long a real server may take to act on an RBAC object or a ServiceAccount it just stored (informer caches). */
const PROPAGATION_MS = 30_000;

const suffix = () => randomBytes(4).toString('hex');

/** A DNS-label name no other test or run uses. */
function uniqueName(prefix: string): string {
  return `${prefix}-${suffix()}`;
}

/** The ClusterError a call rejects with; fails the test if it resolves or rejects with anything else. */
async function failure(call: Promise<unknown>): Promise<ClusterError> {
  let value: unknown;
  try {
    value = await call;
  } catch (error) {
    if (isClusterError(error)) return error;
    throw new Error(`expected a ClusterError, got ${String(error)}`, { cause: error });
  }
  throw new Error(`expected the call to fail, but it answered ${JSON.stringify(value)?.slice(0, 300)}`);
}

/** Retries `check` until it passes or `timeoutMs` runs out (then its last error is thrown). */
async function eventually<T>(check: () => Promise<T>, timeoutMs = PROPAGATION_MS): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (performance.now() > deadline) throw error;
      await sleep(100);
    }
  }
}

/** Resolves once `condition` holds; fails after `timeoutMs` with `what`. */
async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

const keyOf = (object: KubeObject): ObjectKey => ({
  apiVersion: object.apiVersion,
  kind: object.kind,
  ...(object.metadata.namespace !== undefined ? { namespace: object.metadata.namespace } : {}),
  name: object.metadata.name ?? '',
});

/** The assertions the contract suite uses; vitest's `expect` provides them. */
export interface ContractAssertion {
  /** Deep equality. */
  toEqual(expected: unknown): void;
  /** The actual object has at least these fields with these values. */
  toMatchObject(expected: object): void;
  /** `Object.is` equality. */
  toBe(expected: unknown): void;
  /** The string matches. */
  toMatch(expected: RegExp | string): void;
  /** The array or string contains the item. */
  toContain(item: unknown): void;
  /** The value is `undefined`. */
  toBeUndefined(): void;
  /** The array or string has this length. */
  toHaveLength(length: number): void;
  /** The number is smaller. */
  toBeLessThan(expected: number): void;
  /** The negated assertions. */
  readonly not: ContractAssertion;
}

/**
 * The test API the suite runs on: pass vitest's own functions. Taking them as an argument keeps
 * `vzmc/testing` free of a runtime dependency on vitest (an optional peer).
 *
 * @example
 * import { afterAll, beforeAll, describe, expect, it } from 'vitest';
 * clusterClientContract('mine', setup, { describe, it, beforeAll, afterAll, expect });
 */
export interface ContractRunner {
  /** Groups the suite's tests. */
  readonly describe: (name: string, body: () => void) => void;
  /** Defines one test; `skip` defines one reported as skipped. */
  readonly it: {
    (name: string, body: () => Promise<void>): void;
    /** Defines a test that is reported as skipped. */
    skip(name: string, body: () => Promise<void>): void;
  };
  /** Runs once before the suite's tests. */
  readonly beforeAll: (body: () => Promise<void>) => void;
  /** Runs once after them. */
  readonly afterAll: (body: () => Promise<void>) => void;
  /** Starts an assertion; `expect.any(Type)` matches any value of a type. */
  readonly expect: {
    (actual: unknown, message?: string): ContractAssertion;
    /** An asymmetric matcher for any value of a type. */
    any(type: unknown): unknown;
  };
}

/**
 * Defines the ClusterClient contract suite (vitest `describe`/`it`) for one adapter. Call it at
 * the top level of a test file. `setup.start` runs once before the tests and gives the clients
 * and the server controls; tests named in `setup.skip` are reported as skipped with their reason.
 *
 * @example
 * ```ts
 * // test/contract/memory.test.ts
 * import { afterAll, beforeAll, describe, expect, it } from 'vitest';
 * import { createMemoryCluster } from 'vzmc';
 * import { clusterClientContract } from 'vzmc/testing';
 *
 * clusterClientContract('in-memory cluster', {
 *   start() {
 *     const cluster = createMemoryCluster({ crds: false });
 *     return {
 *       adminClient: () => cluster.client(),
 *       tokenClient: (token) => cluster.client({ token }),
 *       timeoutMs: 1_000,
 *       stopServer: () => cluster.setAvailable(false),
 *       startServer: () => cluster.setAvailable(true),
 *     };
 *   },
 *   skip: { unknownFieldsPruned: 'rejects unknown fields as Invalid (422) instead' },
 * }, { describe, it, beforeAll, afterAll, expect });
 * ```
 */
export function clusterClientContract(
  name: string,
  setup: ClusterClientContractSetup,
  runner: ContractRunner,
): void {
  const { describe, it, beforeAll, afterAll, expect } = runner;
  const skip: ContractSkipList = setup.skip ?? {};
  for (const [id, reason] of Object.entries(skip) as [string, unknown][]) {
    if (!(id in ContractTest))
      throw new Error(`clusterClientContract(${name}): unknown test "${id}" in the skip list`);
    if (typeof reason !== 'string' || reason.trim() === '')
      throw new Error(`clusterClientContract(${name}): skipping "${id}" needs a reason`);
  }

  describe(`ClusterClient contract: ${name}`, () => {
    let started: { context: ClusterClientContractContext; admin: ClusterClient } | undefined;
    let startError: unknown;
    const run = suffix();

    beforeAll(async () => {
      try {
        const context = await setup.start();
        const admin = context.adminClient();
        if (context.installCrds !== undefined) await context.installCrds(admin);
        else await installCrds(admin, generateCrds(), { fieldManager: MANAGER });
        started = { context, admin };
      } catch (error) {
        // Kept, not thrown: every test then fails with it instead of being skipped.
        startError = error;
      }
    });
    afterAll(async () => {
      await setup.stop?.();
    });

    const ready = () => {
      if (started !== undefined) return started;
      const why = startError instanceof Error ? startError.message : String(startError);
      throw new Error(`the ${name} setup failed: ${why}`, { cause: startError });
    };

    /** Creates a namespace of this run and returns its name. */
    const namespace = async (prefix: string): Promise<string> => {
      const ns = uniqueName(prefix);
      await ready().admin.create({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns, labels: { [RUN_LABEL]: run } },
      });
      return ns;
    };

    const configMap = (
      ns: string,
      cmName: string,
      data: Record<string, string> = {},
      labels: Record<string, string> = {},
    ) =>
      ({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: cmName, namespace: ns, labels: { [RUN_LABEL]: run, ...labels } },
        data,
      }) as KubeObject;

    const vmc = (ns: string, vmcName: string, spec: Record<string, unknown>) =>
      ({
        apiVersion: CLUSTERS,
        kind: 'VerrazzanoManagedCluster',
        metadata: { name: vmcName, namespace: ns },
        spec,
      }) as KubeObject;

    const test = (id: ContractTestId, body: () => Promise<void>) => {
      const reason = skip[id];
      if (reason !== undefined) it.skip(`${ContractTest[id]} [skipped: ${reason}]`, body);
      else it(ContractTest[id], body);
    };

    test('serverVersion', async () => {
      expect(await ready().admin.serverVersion()).toMatch(/^v\d+\.\d+\.\d+/);
    });

    test('createGetList', async () => {
      const { admin } = ready();
      const ns1 = await namespace('list-a');
      const ns2 = await namespace('list-b');
      // Created out of key order, so the list order is the server's, not the creation order.
      await admin.create(configMap(ns1, 'web2', { v: '2' }, { env: 'prod', tier: 'web' }));
      const web1 = await admin.create(configMap(ns1, 'web1', { v: '1' }, { env: 'dev', tier: 'web' }));
      await admin.create(configMap(ns2, 'job', { v: '3' }, { env: 'dev' }));

      expect(web1).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', data: { v: '1' } });
      expect(web1.metadata).toMatchObject({
        name: 'web1',
        namespace: ns1,
        labels: { env: 'dev', tier: 'web' },
      });
      expect(web1.metadata.uid).toEqual(expect.any(String));
      expect(web1.metadata.resourceVersion).toEqual(expect.any(String));
      expect(web1.metadata.creationTimestamp).toEqual(expect.any(String));
      expect(await admin.get(keyOf(web1))).toEqual(web1);

      const names = async (namespace: string | undefined, selector: string) => {
        const list = await admin.list('v1', 'ConfigMap', {
          ...(namespace !== undefined ? { namespace } : {}),
          labelSelector: `${RUN_LABEL}=${run},${selector}`.replace(/,$/, ''),
        });
        expect(list.resourceVersion).toMatch(/^\d+$/);
        for (const item of list.items) expect(item).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap' });
        return list.items.map((item) => `${item.metadata.namespace}/${item.metadata.name}`);
      };
      expect(await names(ns1, '')).toEqual([`${ns1}/web1`, `${ns1}/web2`]);
      expect(await names(ns1, 'env=dev')).toEqual([`${ns1}/web1`]);
      expect(await names(undefined, 'env=dev')).toEqual([`${ns1}/web1`, `${ns2}/job`]);
      expect(await names(undefined, 'env in (prod,staging)')).toEqual([`${ns1}/web2`]);
      expect(await names(undefined, 'env!=prod')).toEqual([`${ns1}/web1`, `${ns2}/job`]);
      expect(await names(undefined, '!tier')).toEqual([`${ns2}/job`]);
      expect(await names(undefined, 'tier,env notin (dev)')).toEqual([`${ns1}/web2`]);
    });

    test('createExisting', async () => {
      const { admin } = ready();
      const ns = await namespace('exists');
      const first = await admin.create(configMap(ns, 'once', { v: '1' }));
      const error = await failure(admin.create(configMap(ns, 'once', { v: '2' })));
      expect(error).toMatchObject({
        reason: ClusterErrorReason.AlreadyExists,
        status: 409,
        message: 'configmaps "once" already exists',
      });
      expect(await admin.get(keyOf(first))).toEqual(first);
    });

    test('missingNamespace', async () => {
      const { admin } = ready();
      const missing = uniqueName('missing');
      const object = configMap(missing, 'orphan', { v: '1' });
      for (const write of [
        () => admin.create(object),
        () => admin.apply(object, { fieldManager: MANAGER }),
      ]) {
        expect(await failure(write())).toMatchObject({
          reason: ClusterErrorReason.NotFound,
          status: 404,
          message: `namespaces "${missing}" not found`,
        });
      }
      expect(await failure(admin.get(keyOf(object)))).toMatchObject({
        reason: ClusterErrorReason.NotFound,
        status: 404,
        message: 'configmaps "orphan" not found',
      });
      expect((await admin.list('v1', 'ConfigMap', { namespace: missing })).items).toEqual([]);
    });

    test('unknownKind', async () => {
      const { admin } = ready();
      const widget = { apiVersion: 'widgets.example.com/v1', kind: 'Widget' };
      const message = `no matches for kind "Widget" in version "widgets.example.com/v1"`;
      expect(await failure(admin.get({ ...widget, namespace: 'default', name: 'w' }))).toMatchObject({
        reason: ClusterErrorReason.NotFound,
        message,
      });
      expect(await failure(admin.list(widget.apiVersion, widget.kind))).toMatchObject({
        reason: ClusterErrorReason.NotFound,
        message,
      });
    });

    test('applyIsIdempotent', async () => {
      const { admin } = ready();
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
    });

    test('applyConflict', async () => {
      const { admin } = ready();
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

    test('listOwnership', async () => {
      const { admin } = ready();
      const ns = await namespace('owner');
      const marker = { 'vzmc.dev/managed': 'true' };
      const applied = await admin.apply(configMap(ns, 'applied', { a: '1' }, marker), {
        fieldManager: MANAGER,
      });
      // A copy, as `kubectl get -o yaml | kubectl create -f -` makes it: same label, another writer.
      const {
        managedFields: _m,
        uid: _u,
        resourceVersion: _r,
        creationTimestamp: _c,
        ...meta
      } = applied.metadata;
      await admin.create(
        { ...applied, metadata: { ...meta, name: 'copied' } },
        { fieldManager: 'kubectl-create' },
      );
      const list = await admin.list('v1', 'ConfigMap', {
        namespace: ns,
        labelSelector: `${RUN_LABEL}=${run},vzmc.dev/managed=true`,
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
    });

    test('replaceStale', async () => {
      const { admin } = ready();
      const ns = await namespace('replace');
      const created = await admin.create(configMap(ns, 'cm', { v: '1' }));
      const replaced = await admin.replace({ ...created, data: { v: '2' } });
      expect(replaced.data).toEqual({ v: '2' });
      expect(replaced.metadata.resourceVersion).not.toBe(created.metadata.resourceVersion);

      const error = await failure(admin.replace({ ...created, data: { v: '3' } }));
      expect(error).toMatchObject({
        reason: ClusterErrorReason.Conflict,
        status: 409,
        message:
          'Operation cannot be fulfilled on configmaps "cm": the object has been modified; please apply your changes to the latest version and try again',
      });
      expect((await admin.get(keyOf(created))).data).toEqual({ v: '2' });

      // A built-in kind allows an unconditional replace; a custom resource requires the version.
      const unconditional = await admin.replace({
        ...replaced,
        metadata: { ...replaced.metadata, resourceVersion: undefined },
        data: { v: '4' },
      });
      expect(unconditional.data).toEqual({ v: '4' });
      const custom = await admin.create(vmc(ns, 'versioned', { description: 'one' }));
      const unversioned = await failure(
        admin.replace({
          ...custom,
          metadata: { ...custom.metadata, resourceVersion: undefined },
          spec: { description: 'two' },
        }),
      );
      expect(unversioned).toMatchObject({ reason: ClusterErrorReason.Invalid, status: 422 });
      expect(unversioned.causes.map((c) => [c.field, c.reason])).toEqual([
        ['metadata.resourceVersion', 'FieldValueInvalid'],
      ]);
    });

    test('applyForeignUid', async () => {
      const { admin } = ready();
      const ns = await namespace('uid');
      const live = await admin.create(configMap(ns, 'cm', { v: '1' }));
      // The same data, so that no field conflict with the creator comes first.
      const foreign = {
        ...configMap(ns, 'cm', { v: '1' }),
        metadata: { name: 'cm', namespace: ns, uid: 'another-uid' },
      };
      const immutable = 'Invalid value: "another-uid": field is immutable';
      const error = await failure(admin.apply(foreign, { fieldManager: MANAGER }));
      expect(error).toMatchObject({
        reason: ClusterErrorReason.Invalid,
        status: 422,
        message: `ConfigMap "cm" is invalid: metadata.uid: ${immutable}`,
      });
      // Listed twice: the generic update checks and the kind's strategy both validate ObjectMeta.
      expect(error.causes).toEqual([
        { reason: 'FieldValueInvalid', message: immutable, field: 'metadata.uid' },
        { reason: 'FieldValueInvalid', message: immutable, field: 'metadata.uid' },
      ]);
      expect(await admin.get(keyOf(live))).toEqual(live);

      const absent = { ...foreign, metadata: { ...foreign.metadata, name: 'absent' } };
      expect(await failure(admin.apply(absent, { fieldManager: MANAGER }))).toMatchObject({
        reason: ClusterErrorReason.Conflict,
        status: 409,
        message:
          'Operation cannot be fulfilled on configmaps "absent": uid mismatch: the provided object specified uid another-uid, and no existing object was found',
      });
    });

    test('deleteThenNotFound', async () => {
      const { admin } = ready();
      const ns = await namespace('delete');
      const created = await admin.create(configMap(ns, 'doomed', { v: '1' }));
      for (const preconditions of [
        { resourceVersion: `${created.metadata.resourceVersion}0` },
        { uid: 'another-uid' },
      ]) {
        expect(await failure(admin.delete(keyOf(created), { preconditions }))).toMatchObject({
          reason: ClusterErrorReason.Conflict,
          status: 409,
        });
      }

      await admin.delete(keyOf(created), { preconditions: { uid: created.metadata.uid! } });
      const notFound = {
        reason: ClusterErrorReason.NotFound,
        status: 404,
        message: 'configmaps "doomed" not found',
      };
      expect(await failure(admin.get(keyOf(created)))).toMatchObject(notFound);
      expect(await failure(admin.delete(keyOf(created)))).toMatchObject(notFound);
    });

    test('preconditionWording', async () => {
      const { admin } = ready();
      const ns = await namespace('wording');
      const cm = await admin.create(configMap(ns, 'cm', { v: '1' }));
      const rv = cm.metadata.resourceVersion!;
      // rest.BeforeDelete checks delete preconditions first, naming the kind (GroupResource{Resource: Kind}).
      expect(
        (await failure(admin.delete(keyOf(cm), { preconditions: { resourceVersion: `${rv}0` } }))).message,
      ).toBe(
        `Operation cannot be fulfilled on ConfigMap "cm": the ResourceVersion in the precondition (${rv}0) does not match the ResourceVersion in record (${rv}). The object might have been modified`,
      );
      expect(
        (await failure(admin.delete(keyOf(cm), { preconditions: { uid: 'another-uid' } }))).message,
      ).toBe(
        `Operation cannot be fulfilled on ConfigMap "cm": the UID in the precondition (another-uid) does not match the UID in record (${cm.metadata.uid}). The object might have been deleted and then recreated`,
      );
      const custom = await admin.create(vmc(ns, 'm1', {}));
      expect(
        (await failure(admin.delete(keyOf(custom), { preconditions: { resourceVersion: '1' } }))).message,
      ).toBe(
        `Operation cannot be fulfilled on VerrazzanoManagedCluster.clusters.verrazzano.io "m1": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (${custom.metadata.resourceVersion}). The object might have been modified`,
      );
      // The registry names the plural here (qualifiedResource as the GroupKind) and prints the uint64 as is.
      const unversioned = await failure(
        admin.replace({ ...custom, metadata: { ...custom.metadata, resourceVersion: undefined } }),
      );
      expect(unversioned.message).toBe(
        `verrazzanomanagedclusters.clusters.verrazzano.io "m1" is invalid: metadata.resourceVersion: Invalid value: 0: must be specified for an update`,
      );
      // A replace turns the object's uid into a storage precondition; the key carries the server's etcd prefix.
      const foreign = await failure(
        admin.replace({ ...cm, metadata: { ...cm.metadata, uid: 'another-uid' } }),
      );
      expect(foreign.message).toMatch(
        new RegExp(
          `^Operation cannot be fulfilled on configmaps "cm": StorageError: invalid object, Code: 4, Key: \\S*/configmaps/${ns}/cm, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: another-uid, UID in object meta: ${cm.metadata.uid}$`,
        ),
      );
    });

    test('dryRun', async () => {
      const { admin } = ready();
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

    test('statusSubresource', async () => {
      const { admin } = ready();
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

    test('crdSchemaInvalid', async () => {
      const { admin } = ready();
      const ns = await namespace('invalid');
      const wrongType = await failure(admin.create(vmc(ns, 'typed', { description: 42 })));
      const typeMessage =
        'Invalid value: "integer": spec.description in body must be of type string: "integer"';
      expect(wrongType).toMatchObject({
        reason: ClusterErrorReason.Invalid,
        status: 422,
        message: `VerrazzanoManagedCluster.clusters.verrazzano.io "typed" is invalid: spec.description: ${typeMessage}`,
      });
      expect(wrongType.causes).toEqual([
        { reason: 'FieldValueTypeInvalid', message: typeMessage, field: 'spec.description' },
      ]);

      const project = {
        apiVersion: CLUSTERS,
        kind: 'VerrazzanoProject',
        metadata: { name: 'empty', namespace: ns },
        spec: {},
      };
      const missing = await failure(admin.create(project));
      expect(missing).toMatchObject({
        reason: ClusterErrorReason.Invalid,
        status: 422,
        message:
          'VerrazzanoProject.clusters.verrazzano.io "empty" is invalid: [spec.placement: Required value, spec.template: Required value]',
      });
      expect(missing.causes).toEqual([
        { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.placement' },
        { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.template' },
      ]);

      const live = await admin.create(vmc(ns, 'stateless', { description: 'ok' }));
      const badStatus = await failure(admin.updateStatus({ ...live, status: { apiUrl: 'https://x' } }));
      expect(badStatus).toMatchObject({
        reason: ClusterErrorReason.Invalid,
        status: 422,
        message:
          'VerrazzanoManagedCluster.clusters.verrazzano.io "stateless" is invalid: status.state: Required value',
      });
      expect(badStatus.causes).toEqual([
        { reason: 'FieldValueRequired', message: 'Required value', field: 'status.state' },
      ]);
      // A status write validates the status alone: the path in the text starts below `status`.
      const statusType = await failure(
        admin.updateStatus({ ...live, status: { state: 'Active', imported: 'yes' } }),
      );
      expect(statusType.causes).toEqual([
        {
          reason: 'FieldValueTypeInvalid',
          message: 'Invalid value: "string": imported in body must be of type boolean: "string"',
          field: 'status.imported',
        },
      ]);
      expect(await failure(admin.get(keyOf(vmc(ns, 'typed', {}))))).toMatchObject({
        reason: ClusterErrorReason.NotFound,
      });
    });

    test('unknownFieldsPruned', async () => {
      const { admin } = ready();
      const ns = await namespace('prune');
      const created = await admin.create(vmc(ns, 'extra', { description: 'd', notInTheSchema: 'dropped' }));
      expect(created.spec).toEqual({ description: 'd' });
      expect((await admin.get(keyOf(created))).spec).toEqual({ description: 'd' });
    });

    test('nullsPruned', async () => {
      const { admin } = ready();
      const ns = await namespace('nulls');
      const created = await admin.create(vmc(ns, 'nullable', { description: null, caSecret: 'ca' }));
      expect(created.spec).toEqual({ caSecret: 'ca' });
      // Dropped before validation: a required field that is null is missing, not mistyped.
      const project = {
        apiVersion: CLUSTERS,
        kind: 'VerrazzanoProject',
        metadata: { name: 'nulls', namespace: ns },
        spec: { placement: { clusters: null }, template: { namespaces: [] } },
      };
      const error = await failure(admin.create(project));
      expect(error).toMatchObject({
        reason: ClusterErrorReason.Invalid,
        message:
          'VerrazzanoProject.clusters.verrazzano.io "nulls" is invalid: spec.placement.clusters: Required value',
      });
    });

    const badSecret = (ns: string) =>
      ({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'not-base64', namespace: ns },
        data: { '.dockerconfigjson': '<BASE 64 ENCODED DOCKER CONFIG JSON>' },
      }) as KubeObject;

    test('invalidBase64Refused', async () => {
      const { admin } = ready();
      const ns = await namespace('b64');
      const error = await failure(admin.create(badSecret(ns)));
      expect(error.message).toContain('illegal base64 data at input byte 0');
      expect(await failure(admin.get(keyOf(badSecret(ns))))).toMatchObject({
        reason: ClusterErrorReason.NotFound,
      });
    });

    test('invalidBase64IsBadRequest', async () => {
      const { admin } = ready();
      const ns = await namespace('b64');
      expect(await failure(admin.create(badSecret(ns)))).toMatchObject({
        reason: ClusterErrorReason.BadRequest,
        status: 400,
        message: 'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 0',
      });
    });

    const withResourceVersion = (ns: string) => {
      const object = configMap(ns, 'versioned', { v: '1' });
      return { ...object, metadata: { ...object.metadata, resourceVersion: '1' } } as KubeObject;
    };

    test('createWithResourceVersion', async () => {
      const { admin } = ready();
      const ns = await namespace('rv');
      const error = await failure(admin.create(withResourceVersion(ns)));
      expect(error).toMatchObject({
        status: 500,
        message: 'resourceVersion should not be set on objects to be created',
      });
      expect(await failure(admin.get(keyOf(withResourceVersion(ns))))).toMatchObject({
        reason: ClusterErrorReason.NotFound,
      });
    });

    test('reasonlessServerErrorIsUnavailable', async () => {
      const { admin } = ready();
      const ns = await namespace('rv');
      expect(await failure(admin.create(withResourceVersion(ns)))).toMatchObject({
        reason: ClusterErrorReason.Unavailable,
        status: 500,
      });
    });

    /** A namespace with a ServiceAccount; returns its token once the server authenticates it. */
    const serviceAccount = async (prefix: string, saName: string) => {
      const { admin } = ready();
      const ns = await namespace(prefix);
      await admin.create({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: saName, namespace: ns },
      });
      return ns;
    };

    test('narrowRoleForbidden', async () => {
      const { admin, context } = ready();
      const ns = await serviceAccount('rbac', 'reader');
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
      expect(
        (await reader.list('v1', 'ConfigMap', { namespace: ns })).items.map((i) => i.metadata.name),
      ).toEqual(['visible']);

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

    test('applyCreateNeedsCreate', async () => {
      const { admin, context } = ready();
      const ns = await serviceAccount('apply', 'applier');
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

    test('requestToken', async () => {
      const { admin, context } = ready();
      const ns = await serviceAccount('token', 'agent');
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

    test('requestTokenRefusals', async () => {
      const { admin } = ready();
      const ns = await serviceAccount('token', 'agent');
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

    test('unavailable', async () => {
      const { admin, context } = ready();
      if (admin.watch === undefined)
        throw new Error('the client has no watch: list this test in the skip list');
      const ns = await namespace('outage');
      const kept = await admin.create(configMap(ns, 'kept', { v: '1' }));
      const watchErrors: unknown[] = [];
      const handle = await admin.watch(
        'v1',
        'ConfigMap',
        { namespace: ns },
        () => undefined,
        (error) => {
          watchErrors.push(error);
        },
      );
      const bound = context.timeoutMs + SLACK_MS;
      try {
        await context.stopServer();
        const calls: [string, () => Promise<unknown>][] = [
          ['get', () => admin.get(keyOf(kept))],
          ['list', () => admin.list('v1', 'ConfigMap', { namespace: ns })],
          ['apply', () => admin.apply(configMap(ns, 'kept', { v: '2' }), { fieldManager: MANAGER })],
          ['delete', () => admin.delete(keyOf(kept))],
          ['serverVersion', () => admin.serverVersion()],
        ];
        for (const [verb, call] of calls) {
          const startedAt = performance.now();
          const error = await failure(call());
          const elapsed = performance.now() - startedAt;
          expect(
            [ClusterErrorReason.Unavailable, ClusterErrorReason.Timeout],
            `${verb}: ${error.message}`,
          ).toContain(error.reason);
          expect(elapsed, `${verb} took ${Math.round(elapsed)} ms`).toBeLessThan(bound);
        }
        // A watch may first try to resume once; it then reports the outage instead of hanging.
        await until(() => watchErrors.length > 0, bound + SLACK_MS, 'the open watch to report the outage');
        expect(watchErrors).toHaveLength(1);
        expect([ClusterErrorReason.Unavailable, ClusterErrorReason.Timeout]).toContain(
          isClusterError(watchErrors[0]) ? watchErrors[0].reason : String(watchErrors[0]),
        );
      } finally {
        handle.stop();
        await context.startServer();
      }
      // The same client, without being recreated: the data survived and writes work again.
      expect(await eventually(() => admin.get(keyOf(kept)), bound)).toEqual(kept);
      const after = await admin.apply(configMap(ns, 'kept', { v: '2' }), {
        fieldManager: MANAGER,
        force: true,
      });
      expect(after.data).toEqual({ v: '2' });
    });

    test('watch', async () => {
      const { admin, context } = ready();
      if (admin.watch === undefined)
        throw new Error('the client has no watch: list this test in the skip list');
      const ns = await namespace('watch');
      const label = { watched: 'yes' };
      await admin.create(configMap(ns, 'before', { v: '0' }, label));
      const events: WatchEvent[] = [];
      const errors: unknown[] = [];
      const handle = await admin.watch(
        'v1',
        'ConfigMap',
        { namespace: ns, labelSelector: 'watched=yes' },
        (event) => events.push(event),
        (error) => errors.push(error),
      );
      try {
        const created = await admin.create(configMap(ns, 'a', { v: '1' }, label));
        await admin.replace({ ...created, data: { v: '2' } });
        await admin.create(configMap(ns, 'unwatched', { v: '1' }));
        const leaving = await admin.create(configMap(ns, 'b', { v: '1' }, label));
        // An object that stops matching the selector leaves the watch as DELETED.
        await admin.replace({ ...leaving, metadata: { ...leaving.metadata, labels: { [RUN_LABEL]: run } } });
        await admin.delete(keyOf(created));
        const seen = () => events.map((e) => `${e.type} ${e.object.metadata.name ?? ''}`);
        await until(
          () => seen().includes('DELETED a'),
          context.timeoutMs,
          `DELETED a (seen: ${seen().join(', ')})`,
        );
        expect(seen()).toEqual([
          'ADDED before',
          'ADDED a',
          'MODIFIED a',
          'ADDED b',
          'DELETED b',
          'DELETED a',
        ]);
        for (const event of events)
          expect(event.object).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap' });
        expect(events[2]?.object.data).toEqual({ v: '2' });
        expect(errors).toEqual([]);
      } finally {
        handle.stop();
      }
    });
  });
}
