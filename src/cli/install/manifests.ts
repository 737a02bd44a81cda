/**
 * What it takes to run the admin controller (`vzmc admin`) or a cluster's agent (`vzmc sync`) inside
 * a cluster: namespaces, a ServiceAccount, least-privilege RBAC (./rbac.ts), the ClusterRoles it
 * binds that Verrazzano's platform install would create, and a hardened 2-replica Deployment with
 * leader election. Pure: same options, byte-identical objects.
 */
import { managedClusterClusterRole } from '../../registration/objects.js';
import type { KubeObject } from '../../model/meta.js';
import { Namespaces } from '../../model/names.js';
import { adminRbac, agentRbac, type InstallRbac, type LeaseRef } from './rbac.js';

/** Which half to install. */
export type InstallHalf = 'admin' | 'agent';

/** Options of {@link installManifests}. */
export interface InstallOptions {
  /** The container image. */
  readonly image: string;
  /** The managed cluster's name (agent only). */
  readonly cluster?: string;
}

/** The default image for a vzmc version. */
export const defaultImage = (version: string): string => `ghcr.io/vzmc/vzmc:${version}`;

/** The name of each half's ServiceAccount, roles, Deployment and Lease. */
export const installName = (half: InstallHalf): string => (half === 'admin' ? 'vzmc-admin' : 'vzmc-agent');

/** The namespace each half runs in. */
export const INSTALL_NAMESPACE = Namespaces.VerrazzanoSystem as string;

/** The container's user and group: numeric, non-root. */
export const RUN_AS_USER = 65532;

const labels = (half: InstallHalf) => ({
  'app.kubernetes.io/name': installName(half),
  'app.kubernetes.io/part-of': 'vzmc',
});

/** The Lease each half elects its leader on. */
export const leaseOf = (half: InstallHalf): LeaseRef => ({
  namespace: INSTALL_NAMESPACE,
  name: installName(half),
});

/** The RBAC rules of a half. */
export const rbacOf = (half: InstallHalf): InstallRbac =>
  half === 'admin' ? adminRbac(leaseOf(half)) : agentRbac(leaseOf(half));

const namespace = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

/** Aggregated, empty ClusterRoles, as Verrazzano's platform chart creates them (roles.yaml). */
const aggregatedRole = (name: string): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name },
  aggregationRule: {
    clusterRoleSelectors: [{ matchLabels: { [`verrazzano.io/aggregate-to-${name}`]: 'true' } }],
  },
  rules: [],
});

function rbacObjects(half: InstallHalf): KubeObject[] {
  const name = installName(half);
  const rbac = rbacOf(half);
  const subject = [{ kind: 'ServiceAccount', name, namespace: INSTALL_NAMESPACE }];
  const rbacApi = 'rbac.authorization.k8s.io/v1';
  const out: KubeObject[] = [
    {
      apiVersion: rbacApi,
      kind: 'ClusterRole',
      metadata: { name, labels: labels(half) },
      rules: rbac.cluster,
    },
    {
      apiVersion: rbacApi,
      kind: 'ClusterRoleBinding',
      metadata: { name, labels: labels(half) },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: subject,
    },
  ];
  for (const { namespace: ns, rules } of rbac.namespaced) {
    out.push(
      {
        apiVersion: rbacApi,
        kind: 'Role',
        metadata: { name, namespace: ns, labels: labels(half) },
        rules,
      },
      {
        apiVersion: rbacApi,
        kind: 'RoleBinding',
        metadata: { name, namespace: ns, labels: labels(half) },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
        subjects: subject,
      },
    );
  }
  return out;
}

function deployment(half: InstallHalf, options: InstallOptions): KubeObject {
  const name = installName(half);
  const lease = leaseOf(half);
  const process = half === 'admin' ? ['admin'] : ['sync', '--cluster', options.cluster ?? ''];
  const probe = (path: string) => ({
    httpGet: { path, port: 'health' },
    periodSeconds: 10,
    timeoutSeconds: 2,
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: INSTALL_NAMESPACE, labels: labels(half) },
    spec: {
      replicas: 2,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      template: {
        metadata: { labels: labels(half) },
        spec: {
          serviceAccountName: name,
          // The process talks to its API server with this token.
          automountServiceAccountToken: true,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: RUN_AS_USER,
            runAsGroup: RUN_AS_USER,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: 'vzmc',
              image: options.image,
              args: [
                ...process,
                '--leader-elect',
                `--leader-election-namespace=${lease.namespace}`,
                `--leader-election-id=${lease.name}`,
                '--health-address=:8080',
              ],
              ports: [{ name: 'health', containerPort: 8080, protocol: 'TCP' }],
              livenessProbe: probe('/healthz'),
              readinessProbe: probe('/readyz'),
              resources: {
                requests: { cpu: '50m', memory: '128Mi' },
                limits: { cpu: '500m', memory: '512Mi' },
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                runAsUser: RUN_AS_USER,
                capabilities: { drop: ['ALL'] },
                seccompProfile: { type: 'RuntimeDefault' },
              },
            },
          ],
        },
      },
    },
  };
}

/**
 * The objects to apply, in apply order: Namespaces, ClusterRoles it binds, ServiceAccount, RBAC,
 * Deployment.
 *
 * @example
 * installManifests('agent', { image: defaultImage('1.0.0'), cluster: 'managed1' }).at(-1)?.kind //=> 'Deployment'
 */
export function installManifests(half: InstallHalf, options: InstallOptions): KubeObject[] {
  if (half === 'agent' && !options.cluster) throw new Error('the agent needs a cluster name');
  const name = installName(half);
  const namespaces =
    half === 'admin'
      ? [namespace(Namespaces.VerrazzanoMc), namespace(INSTALL_NAMESPACE)]
      : [namespace(INSTALL_NAMESPACE)];
  const bound = [aggregatedRole('verrazzano-project-admin'), aggregatedRole('verrazzano-project-monitor')];
  if (half === 'admin') bound.unshift(managedClusterClusterRole());
  return [
    ...namespaces,
    ...bound,
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name, namespace: INSTALL_NAMESPACE, labels: labels(half) },
    },
    ...rbacObjects(half),
    deployment(half, options),
  ];
}
