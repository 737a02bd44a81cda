/**
 * Registration and deregistration carried out through ClusterClients: the two steps of §4.1 and
 * the cleanup of §4.7. The objects come from the core (renderRegistration, deregistrationPlan);
 * this file only writes them, in order.
 */
import type { ClusterClient, ObjectKey } from '../port/client.js';
import { ClusterErrorReason, errorReason } from '../port/errors.js';
import type { KubeObject } from '../model/meta.js';
import { loadText } from '../manifest/load.js';
import {
  ClusterObjectNames,
  Finalizers,
  Namespaces,
  WIRING_ANNOTATION,
  Wiring,
  wiringMetadata,
} from '../model/names.js';
import { CLUSTERS_API_VERSION, type VerrazzanoManagedCluster } from '../model/verrazzano.js';
import {
  adminObjectList,
  managedClusterClusterRole,
  renderRegistration,
  type RegistrationSettings,
} from '../registration/objects.js';
import { clusterAccessObjects } from '../registration/cluster-access.js';
import { deregistrationPlan, ownedSteps, type DeregistrationPlan } from '../registration/deregister.js';
import { FIELD_MANAGER } from '../sync-plan/compare.js';
import { federationCleanupActions } from '../sync-plan/admin-federation.js';

/** A year: the agent never refreshes its token (B31), so it is asked for a long one. */
export const DEFAULT_TOKEN_SECONDS = 365 * 24 * 3600;

/** Options of {@link registerOnAdmin}. */
export interface RegisterOnAdminOptions {
  /** The admin API server URL managed clusters use. */
  readonly adminServer: string;
  /** The admin CA bundle (PEM); empty for a well-known CA. */
  readonly adminCaBundle: string;
  /** The description written into a VMC created here. */
  readonly description?: string;
  /** The optional keys of the registration Secret (§4.5). */
  readonly settings?: RegistrationSettings;
  /** Lifetime of the TokenRequest token. Default a year. */
  readonly tokenSeconds?: number;
  /** The server-side apply field manager. Default `vzmc`. */
  readonly fieldManager?: string;
  /**
   * How the agent reads the admin. Default `cluster-namespace`: its own namespace `vzmc-cluster-<C>`,
   * which the admin pass (`vzmc admin`, `syncAdmin`) fills (docs/security.md). `verrazzano`:
   * Verrazzano's ClusterRole, bound in every placed project namespace, which lets one cluster read
   * another's objects; for agents of a real Verrazzano admin.
   */
  readonly wiring?: Wiring;
}

const ensure = async (client: ClusterClient, object: KubeObject, fieldManager: string) =>
  client.apply(object, { fieldManager, force: true });

/**
 * Step 1 (§4.1) on the admin: the `verrazzano-mc` namespace, the `verrazzano-managed-cluster`
 * ClusterRole, the VMC (created when missing), its ServiceAccount, a bound token (TokenRequest),
 * then the token Secret, RoleBinding, agent, registration and manifest Secrets. Returns the step-2
 * manifest.
 *
 * @example
 * const manifest = await registerOnAdmin(admin, 'managed1', { adminServer: 'https://admin:6443', adminCaBundle: caPem });
 * await applyManifest(managed, manifest);
 */
export async function registerOnAdmin(
  admin: ClusterClient,
  cluster: string,
  options: RegisterOnAdminOptions,
): Promise<string> {
  const fieldManager = options.fieldManager ?? FIELD_MANAGER;
  const wiring = options.wiring ?? Wiring.ClusterNamespace;
  await ensure(
    admin,
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: Namespaces.VerrazzanoMc } },
    fieldManager,
  );
  if (wiring === Wiring.Verrazzano) await ensure(admin, managedClusterClusterRole(), fieldManager);
  let vmc: VerrazzanoManagedCluster & KubeObject;
  try {
    vmc = await admin.get({
      apiVersion: CLUSTERS_API_VERSION,
      kind: 'VerrazzanoManagedCluster',
      namespace: Namespaces.VerrazzanoMc,
      name: cluster,
    });
  } catch (error) {
    if (errorReason(error) !== ClusterErrorReason.NotFound) throw error;
    vmc = await admin.create({
      apiVersion: CLUSTERS_API_VERSION,
      kind: 'VerrazzanoManagedCluster',
      metadata: { name: cluster, namespace: Namespaces.VerrazzanoMc },
      spec: { description: options.description ?? `Managed cluster ${cluster}` },
    });
  }
  const serviceAccount = ClusterObjectNames.serviceAccount(cluster);
  await ensure(
    admin,
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: serviceAccount,
        namespace: Namespaces.VerrazzanoMc,
        labels: { 'vzmc.dev/managed': 'true' },
      },
    },
    fieldManager,
  );
  const token = await admin.requestToken(Namespaces.VerrazzanoMc, serviceAccount, {
    expirationSeconds: options.tokenSeconds ?? DEFAULT_TOKEN_SECONDS,
  });
  const objects = renderRegistration(vmc, {
    adminServer: options.adminServer,
    adminCaBundle: options.adminCaBundle,
    token,
    wiring,
    ...(options.settings ? { settings: options.settings } : {}),
  });
  for (const object of adminObjectList(objects)) await ensure(admin, object, fieldManager);
  // Re-registered from Verrazzano's wiring: its binding to the ClusterRole goes, when it is vzmc's.
  if (wiring === Wiring.ClusterNamespace) await removeVerrazzanoBinding(admin, cluster);
  await admin.apply(
    {
      apiVersion: CLUSTERS_API_VERSION,
      kind: 'VerrazzanoManagedCluster',
      metadata: {
        name: cluster,
        namespace: Namespaces.VerrazzanoMc,
        ...wiringMetadata(wiring),
      },
      spec: { ...objects.vmcSpec },
    },
    { fieldManager, force: true },
  );
  return new TextDecoder().decode(
    Uint8Array.from(atob(objects.manifestSecret.data?.yaml ?? ''), (c) => c.charCodeAt(0)),
  );
}

/**
 * Step 2 (§4.1) on the managed cluster: `kubectl apply -f register.yaml`, through a client. Creates
 * `verrazzano-system` when missing.
 */
export async function applyManifest(
  managed: ClusterClient,
  manifest: string,
  fieldManager: string = FIELD_MANAGER,
): Promise<void> {
  const { objects, issues } = loadText(manifest, 'registration manifest');
  if (issues.length > 0)
    throw new Error(`the registration manifest does not load: ${issues.map((i) => i.message).join('; ')}`);
  await ensure(
    managed,
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: Namespaces.VerrazzanoSystem } },
    fieldManager,
  );
  for (const { object } of objects) await ensure(managed, object, fieldManager);
}

/**
 * Deregisters a cluster on the admin (D1, B18, M5): deletes the VMC, then everything of the plan
 * (the owned objects, and the leaked per-namespace bindings no project asks for), and its metrics
 * federation entries. Returns the plan.
 */
export async function deregisterOnAdmin(admin: ClusterClient, cluster: string): Promise<DeregistrationPlan> {
  const vmcKey = {
    apiVersion: CLUSTERS_API_VERSION,
    kind: 'VerrazzanoManagedCluster',
    namespace: Namespaces.VerrazzanoMc,
    name: cluster,
  };
  const [vmc, projects, bindings, accounts, secrets] = await Promise.all([
    getIfPresent(admin, vmcKey),
    admin.list(CLUSTERS_API_VERSION, 'VerrazzanoProject', { namespace: Namespaces.VerrazzanoMc }),
    admin.list('rbac.authorization.k8s.io/v1', 'RoleBinding'),
    admin.list('v1', 'ServiceAccount', { namespace: Namespaces.VerrazzanoMc }),
    admin.list('v1', 'Secret', { namespace: Namespaces.VerrazzanoMc }),
  ]);
  const name = ClusterObjectNames.serviceAccount(cluster);
  const plan = deregistrationPlan(
    cluster,
    projects.items as never,
    bindings.items.filter((b) => b.metadata.name === name).map((b) => b.metadata.namespace ?? ''),
  );
  // D1: only what the VMC provably owns (what Kubernetes' garbage collector would remove).
  const live = [...bindings.items, ...accounts.items, ...secrets.items];
  await deleteIfPresent(admin, vmcKey);
  for (const step of ownedSteps(plan, vmc?.metadata.uid, live)) await deleteIfPresent(admin, step);
  if (vmc?.metadata.annotations?.[WIRING_ANNOTATION] === Wiring.ClusterNamespace)
    await removeClusterAccess(admin, cluster);
  const federationDone = await removeFederationEntries(admin, cluster);
  // The admin pass's finalizer (managedcluster.verrazzano.io): the cleanup it guards is done.
  const terminating = await getIfPresent(admin, vmcKey);
  const finalizers = terminating?.metadata.finalizers ?? [];
  if (federationDone && terminating && finalizers.includes(Finalizers.VerrazzanoManagedCluster)) {
    await admin.replace({
      ...terminating,
      metadata: {
        ...terminating.metadata,
        finalizers: finalizers.filter((f) => f !== Finalizers.VerrazzanoManagedCluster),
      },
    });
  }
  return plan;
}

/** The RoleBinding `verrazzano-mc/verrazzano-cluster-<C>` of Verrazzano's wiring, when vzmc's label is on it. */
async function removeVerrazzanoBinding(admin: ClusterClient, cluster: string): Promise<void> {
  const key = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    namespace: Namespaces.VerrazzanoMc,
    name: ClusterObjectNames.serviceAccount(cluster),
  };
  const live = await getIfPresent(admin, key);
  if (live?.metadata.labels?.['vzmc.dev/managed'] === 'true') await deleteIfPresent(admin, key);
}

/**
 * The secure wiring's access objects (clusterAccessObjects): the Role and RoleBinding in
 * `verrazzano-mc`, then the cluster namespace with the share and the report, each only when it
 * carries vzmc's label (the namespace also the cluster's name).
 */
async function removeClusterAccess(admin: ClusterClient, cluster: string): Promise<void> {
  const access = clusterAccessObjects(cluster);
  for (const object of [access.mcRoleBinding, access.mcRole, access.namespace]) {
    const key = {
      apiVersion: object.apiVersion,
      kind: object.kind,
      ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
      name: object.metadata.name ?? '',
    };
    const live = await getIfPresent(admin, key);
    const labels = live?.metadata.labels ?? {};
    const ours = Object.entries(object.metadata.labels ?? {}).every(([k, v]) => labels[k] === v);
    if (live && ours) await deleteIfPresent(admin, key);
  }
}

/**
 * M5: removes the cluster's entries from the metrics federation objects of `verrazzano-monitoring`
 * that exist (federationCleanupActions). False when one cannot be edited (an unparseable scrape
 * config list): the finalizer then stays, and the admin pass reports the blocked action.
 */
async function removeFederationEntries(admin: ClusterClient, cluster: string): Promise<boolean> {
  const [secrets, configMaps] = await Promise.all([
    admin.list('v1', 'Secret', { namespace: Namespaces.VerrazzanoMonitoring }),
    admin.list('v1', 'ConfigMap', { namespace: Namespaces.VerrazzanoMonitoring }),
  ]);
  const cleanups = federationCleanupActions([cluster], [...secrets.items, ...configMaps.items]);
  for (const { action } of cleanups) if (action.body && !action.blocked) await admin.replace(action.body);
  return cleanups.every(({ action }) => !action.blocked);
}

/**
 * Reads an object, or `undefined` when it does not exist (NotFound); every other failure is thrown.
 *
 * @example
 * const app = await getIfPresent(managed, { apiVersion: 'core.oam.dev/v1alpha2', kind: 'ApplicationConfiguration', namespace: 'todo-list', name: 'todo-appconf' });
 * if (!app) console.log('not deployed here');
 */
export async function getIfPresent<T extends KubeObject = KubeObject>(
  client: ClusterClient,
  key: ObjectKey,
): Promise<T | undefined> {
  try {
    return await client.get<T>(key);
  } catch (error) {
    if (errorReason(error) === ClusterErrorReason.NotFound) return undefined;
    throw error;
  }
}

/** Deletes an object; one that is already gone is what was wanted. */
export async function deleteIfPresent(client: ClusterClient, key: ObjectKey): Promise<void> {
  try {
    await client.delete({
      apiVersion: key.apiVersion,
      kind: key.kind,
      ...(key.namespace ? { namespace: key.namespace } : {}),
      name: key.name,
    });
  } catch (error) {
    if (errorReason(error) !== ClusterErrorReason.NotFound) throw error;
  }
}
