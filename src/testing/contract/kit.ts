/**
 * What every contract case works with: the shape of a case (`{ id, title, run }`), the kit the
 * runner hands it (the started clients, fresh namespaces, object builders), and the helpers for
 * failures and waits. Not part of the public API: `clusterClientContract` is.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ClusterClient, ObjectKey } from '../../port/client.js';
import { isClusterError, type ClusterError } from '../../port/errors.js';
import type { KubeObject } from '../../model/meta.js';
import type { ClusterClientContractContext, ContractRunner } from './setup.js';
import { ContractTest, type ContractTestId } from './titles.js';

/** The label every object of one suite run carries, so lists across namespaces see only the run's objects. */
export const RUN_LABEL = 'contract.vzmc.dev/run';
/** The field manager the suite writes with. */
export const MANAGER = 'vzmc-contract';
/** The apiVersion of Verrazzano's clusters.verrazzano.io kinds. */
export const CLUSTERS = 'clusters.verrazzano.io/v1alpha1';
/** The apiVersion of Roles and RoleBindings. */
export const RBAC = 'rbac.authorization.k8s.io/v1';
/** Grace on top of `timeoutMs` for timers and the event loop when asserting "no hang". */
export const SLACK_MS = 1_000;
/** How long a real server may take to act on an RBAC object or a ServiceAccount it just stored (informer caches). */
const PROPAGATION_MS = 30_000;

/** Eight random hex digits: a run id, or the tail of a unique name. */
export const suffix = (): string => randomBytes(4).toString('hex');

/** A DNS-label name no other test or run uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${suffix()}`;
}

/** The ClusterError a call rejects with; fails the test if it resolves or rejects with anything else. */
export async function failure(call: Promise<unknown>): Promise<ClusterError> {
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
export async function eventually<T>(check: () => Promise<T>, timeoutMs = PROPAGATION_MS): Promise<T> {
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
export async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** The key that addresses a stored object. */
export const keyOf = (object: KubeObject): ObjectKey => ({
  apiVersion: object.apiVersion,
  kind: object.kind,
  ...(object.metadata.namespace !== undefined ? { namespace: object.metadata.namespace } : {}),
  name: object.metadata.name ?? '',
});

/** What a case runs with: one suite run's started server, clients and builders. */
export interface ContractKit {
  /** The admin client the suite installed the CRDs through. */
  readonly admin: ClusterClient;
  /** The adapter's context: token clients, timeout, server controls. */
  readonly context: ClusterClientContractContext;
  /** The runner's `expect`. */
  readonly expect: ContractRunner['expect'];
  /** This suite run's id, the value of {@link RUN_LABEL} on its namespaces and ConfigMaps. */
  readonly runId: string;
  /** Creates a namespace of this run and returns its name. */
  readonly namespace: (prefix: string) => Promise<string>;
  /** A ConfigMap carrying this run's label besides `labels`. */
  readonly configMap: (
    ns: string,
    name: string,
    data?: Record<string, string>,
    labels?: Record<string, string>,
  ) => KubeObject;
  /** A VerrazzanoManagedCluster with this spec. */
  readonly vmc: (ns: string, name: string, spec: Record<string, unknown>) => KubeObject;
}

/** One contract test: its id (for skip lists), its title (from {@link ContractTest}) and its body. */
export interface ContractCase {
  /** The id a skip list names it by. */
  readonly id: ContractTestId;
  /** The title it runs under, `ContractTest[id]`. */
  readonly title: string;
  /** The test body. */
  readonly run: (kit: ContractKit) => Promise<void>;
}

/** The case with this id and body, titled from {@link ContractTest}. */
export const contractCase = (id: ContractTestId, run: (kit: ContractKit) => Promise<void>): ContractCase => ({
  id,
  title: ContractTest[id],
  run,
});

/** The kit for one started suite run. */
export function contractKit(
  started: { readonly context: ClusterClientContractContext; readonly admin: ClusterClient },
  expect: ContractRunner['expect'],
  runId: string,
): ContractKit {
  const { admin, context } = started;
  return {
    admin,
    context,
    expect,
    runId,
    namespace: async (prefix) => {
      const ns = uniqueName(prefix);
      await admin.create({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns, labels: { [RUN_LABEL]: runId } },
      });
      return ns;
    },
    configMap: (ns, name, data = {}, labels = {}) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: ns, labels: { [RUN_LABEL]: runId, ...labels } },
      data,
    }),
    vmc: (ns, name, spec) => ({
      apiVersion: CLUSTERS,
      kind: 'VerrazzanoManagedCluster',
      metadata: { name, namespace: ns },
      spec,
    }),
  };
}
