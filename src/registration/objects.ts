/**
 * Registration (spec §4): from a VerrazzanoManagedCluster and explicit inputs, the admin-side
 * objects the VMC controller creates (§4.2 steps 3–8), the agent kubeconfig (§4.3), the
 * registration Secret's 15 keys (§4.5) and the step-2 manifest (§4.4, classic form). Pure: the
 * token comes in as a value (or a synchronous provider); nothing here talks to a cluster.
 */
import { utf8ToBase64 } from '../internal/base64.js';
import type {
  ClusterRole,
  ConfigMap,
  Namespace,
  Role,
  RoleBinding,
  Secret,
  ServiceAccount,
} from '../model/core.js';
import { clusterAccessList, clusterAccessObjects, type ClusterAccessObjects } from './cluster-access.js';
import type { OwnerReference } from '../model/meta.js';
import {
  ClusterObjectNames,
  MANAGED_CLUSTER_ROLE,
  ManagedClusterNames,
  Namespaces,
  VerrazzanoLabels,
  Wiring,
} from '../model/names.js';
import type { VerrazzanoManagedCluster } from '../model/verrazzano.js';
import { goYaml } from './go-yaml.js';
import { decodeYamlDocument } from '../manifest/yaml.js';

/** Optional settings the registration Secret carries (§4.5); every one defaults to empty. */
export interface RegistrationSettings {
  /** `es-url`: the OpenSearch URL managed clusters send logs to. */
  readonly opensearchUrl?: string;
  /** `es-ca-bundle`. */
  readonly opensearchCaBundle?: string;
  /** `username` and `password` for OpenSearch. */
  readonly opensearchUsername?: string;
  /** The OpenSearch password. */
  readonly opensearchPassword?: string;
  /** `keycloak-url` and `dex-url`: the OIDC providers. */
  readonly keycloakUrl?: string;
  /** The Dex URL. */
  readonly dexUrl?: string;
  /** `oidc-provider`: `dex` when Dex is in use, else `keycloak`. Default: `dex` when `dexUrl` is set. */
  readonly oidcProvider?: 'dex' | 'keycloak';
  /** `jaeger-os-*` and `ES_*` keys for Jaeger's OpenSearch storage. */
  readonly jaeger?: {
    /** `jaeger-os-url`. */
    readonly url?: string;
    /** `jaeger-os-ca.crt`. */
    readonly caCert?: string;
    /** `jaeger-os-tls.key`. */
    readonly tlsKey?: string;
    /** `jaeger-os-tls.cert`. */
    readonly tlsCert?: string;
    /** `ES_USERNAME`. */
    readonly username?: string;
    /** `ES_PASSWORD`. */
    readonly password?: string;
  };
}

/** The inputs of registration besides the VMC. */
export interface RegistrationInputs {
  /** The admin API server URL, as managed clusters reach it (`verrazzano-admin-cluster` `data.server`). */
  readonly adminServer: string;
  /** The admin's CA bundle (PEM). It goes into the kubeconfig and into `ca-bundle`. */
  readonly adminCaBundle: string;
  /** The ServiceAccount token for the agent kubeconfig, or a function that returns it. */
  readonly token: string | (() => string);
  /** The optional keys of the registration Secret. */
  readonly settings?: RegistrationSettings;
  /**
   * How the agent reads the admin. Default `verrazzano`, as Verrazzano's VMC controller renders it;
   * `vzmc register` and `registerOnAdmin` (vzmc/agent) pass `cluster-namespace` (docs/security.md).
   */
  readonly wiring?: Wiring;
}

/** Everything the admin holds for one registered cluster. */
export interface AdminRegistrationObjects {
  /** ServiceAccount `verrazzano-mc/verrazzano-cluster-<C>`: the agent's identity on the admin. */
  readonly serviceAccount: ServiceAccount;
  /** Its token Secret `verrazzano-cluster-<C>-token` (type `kubernetes.io/service-account-token`). */
  readonly tokenSecret: Secret;
  /**
   * RoleBinding `verrazzano-mc/verrazzano-cluster-<C>` to ClusterRole `verrazzano-managed-cluster`
   * (wiring `verrazzano`), or `verrazzano-mc/vzmc-agent-<C>` to the Role of that name (wiring
   * `cluster-namespace`).
   */
  readonly roleBinding: RoleBinding;
  /** The cluster namespace, its Roles and the report ConfigMap (wiring `cluster-namespace` only). */
  readonly access?: ClusterAccessObjects;
  /** Secret `verrazzano-cluster-<C>-agent`: `admin-kubeconfig` and `managed-cluster-name`. */
  readonly agentSecret: Secret;
  /** Secret `verrazzano-cluster-<C>-registration`: the 15 keys of §4.5. */
  readonly registrationSecret: Secret;
  /** Secret `verrazzano-cluster-<C>-manifest`: the step-2 manifest under key `yaml`. */
  readonly manifestSecret: Secret;
  /** The fields the controller sets on the VMC's spec. */
  readonly vmcSpec: {
    /** `verrazzano-cluster-<C>`. */
    readonly serviceAccount: string;
    /** `verrazzano-cluster-<C>-manifest`. */
    readonly managedClusterManifestSecret: string;
  };
}

/** The 15 keys of the registration Secret, in §4.5 order. */
export const REGISTRATION_KEYS = [
  'managed-cluster-name',
  'es-url',
  'es-ca-bundle',
  'username',
  'password',
  'keycloak-url',
  'dex-url',
  'oidc-provider',
  'ca-bundle',
  'jaeger-os-url',
  'jaeger-os-ca.crt',
  'jaeger-os-tls.key',
  'jaeger-os-tls.cert',
  'ES_USERNAME',
  'ES_PASSWORD',
] as const;

/**
 * The ClusterRole every managed cluster's ServiceAccount is bound to under the wiring `verrazzano`
 * (§4.3, V2): rule for rule, verb for verb, Verrazzano's own (platform-operator
 * `helm_config/charts/verrazzano-platform-operator/templates/clusterrole.yaml`), so that applying
 * it on a Verrazzano admin (`registerOnAdmin`, `vzmc install admin`; `rules` is an atomic list
 * under server-side apply) changes nothing there. That includes what neither agent uses: the
 * removed `multiclusterloggingscopes` kind, and the `batch` and `mysql.oracle.com` backup rules
 * (test/unit/registration/cluster-role.test.ts).
 */
export function managedClusterClusterRole(): ClusterRole {
  const mcResources = [
    'multiclusterapplicationconfigurations',
    'multiclustercomponents',
    'multiclusterconfigmaps',
    'multiclusterloggingscopes',
    'multiclustersecrets',
    'verrazzanoprojects',
    'verrazzanomanagedclusters',
  ];
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: MANAGED_CLUSTER_ROLE, labels: { 'vzmc.dev/managed': 'true' } },
    rules: [
      { apiGroups: ['clusters.verrazzano.io'], resources: mcResources, verbs: ['get', 'list', 'watch'] },
      {
        apiGroups: ['clusters.verrazzano.io'],
        resources: mcResources.map((r) => `${r}/status`),
        verbs: ['get', 'list', 'watch', 'create', 'update', 'delete'],
      },
      { apiGroups: ['core.oam.dev'], resources: ['components'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch', 'update'] },
      { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: ['get', 'list', 'watch'] },
      {
        apiGroups: ['mysql.oracle.com'],
        resources: ['mysqlbackups'],
        verbs: ['create', 'get', 'list', 'patch', 'update', 'watch', 'delete'],
      },
      {
        apiGroups: ['mysql.oracle.com'],
        resources: ['mysqlbackups/status'],
        verbs: ['get', 'patch', 'update', 'watch'],
      },
    ],
  };
}

/**
 * The agent kubeconfig (§4.3): cluster `admin`, user `mcAgent` with the token, context
 * `defaultContext`; no apiVersion or kind; keys sorted as sigs.k8s.io/yaml writes them.
 *
 * @example
 * agentKubeconfig({ server: 'https://admin.example.com:6443', caData: 'LS0t…', token: 'eyJ…' })
 * //=> 'clusters:\n- cluster:\n    certificate-authority-data: LS0t…\n    server: https://admin.example.com:6443\n  name: admin\n…'
 */
export function agentKubeconfig(options: {
  server: string;
  caData: string;
  token: string;
  /** Keep `insecure-skip-tls-verify: true` (only {@link agentKubeconfigAsData} with `allowInsecure`). */
  insecure?: boolean;
}): string {
  const cluster = { server: options.server, 'certificate-authority-data': options.caData };
  return goYaml({
    clusters: [
      {
        name: 'admin',
        cluster: options.insecure ? { ...cluster, 'insecure-skip-tls-verify': true } : cluster,
      },
    ],
    contexts: [{ name: 'defaultContext', context: { user: 'mcAgent', cluster: 'admin' } }],
    'current-context': 'defaultContext',
    users: [{ name: 'mcAgent', user: { token: options.token } }],
  });
}

/**
 * The only fields a kubeconfig taken from a cluster may set: the rest could run code or weaken TLS.
 * `insecure-skip-tls-verify` weakens TLS: it is refused unless the caller opts in (`allowInsecure`).
 */
const DATA_ONLY_FIELDS = {
  cluster: ['server', 'certificate-authority-data', 'insecure-skip-tls-verify'],
  user: ['token'],
} as const;

/** What {@link agentKubeconfigAsData} gives: the kubeconfig reduced to data, or why it was refused. */
export type AgentKubeconfigData =
  | {
      /** The kubeconfig written back from its server, CA data and token alone. */
      readonly kubeconfig: string;
      /** True when it keeps `insecure-skip-tls-verify: true` (allowed by `allowInsecure`): warn on each connection. */
      readonly insecure: boolean;
    }
  | {
      /** Why it was refused, naming the field path; never a value from the kubeconfig. */
      readonly error: string;
      /** The refused field's path, e.g. `users[mcAgent].user.exec`. */
      readonly field: string;
    };

/**
 * An agent Secret's `admin-kubeconfig` reduced to data (§7.1; docs/deviations.md): its current
 * context's server (`https://`), CA data and bearer token, written back by {@link agentKubeconfig}.
 * A kubeconfig taken from a cluster is data, never code: any other field of the cluster or user
 * (an `exec` or `auth-provider` plugin, a token or certificate file, a proxy) is refused with its
 * field path, as is a missing server or token. `insecure-skip-tls-verify: true` is refused too
 * unless `options.allowInsecure` (`vzmc sync --allow-insecure-admin`); then it is kept and the
 * result says `insecure: true`. No message holds a value from the kubeconfig.
 *
 * @example
 * agentKubeconfigAsData(agentKubeconfig({ server: 'https://a:6443', caData: '', token: 't' })).kubeconfig
 * //=> the same kubeconfig
 * agentKubeconfigAsData(withExecPlugin) //=> { error: '… users[mcAgent].user.exec …', field: 'users[mcAgent].user.exec' }
 */
export function agentKubeconfigAsData(
  yaml: string,
  options: { readonly allowInsecure?: boolean } = {},
): AgentKubeconfigData {
  type Entry = Readonly<Record<string, unknown>>;
  type Named = { name?: unknown } & Readonly<Record<string, unknown>>;
  const config = (decodeYamlDocument(yaml).value ?? {}) as Readonly<Record<string, unknown>>;
  const named = (list: string, name: unknown, key: string): Entry | undefined => {
    const found = (Array.isArray(config[list]) ? (config[list] as Named[]) : []).find(
      (e) => e?.name === name,
    )?.[key];
    return found !== null && typeof found === 'object' && !Array.isArray(found)
      ? (found as Entry)
      : undefined;
  };
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const refuse = (field: string, why: string) => ({
    field,
    error: `the admin kubeconfig ${why} at ${field}; vzmc takes only a server, certificate-authority-data and a token from a kubeconfig stored in a cluster`,
  });
  const contextName = text(config['current-context']);
  const context = named('contexts', contextName, 'context');
  if (!context) return refuse('current-context', 'names no context');
  const entries: Partial<Record<'cluster' | 'user', Entry>> = {};
  for (const kind of ['cluster', 'user'] as const) {
    const ref = text(context[kind]);
    const entry = named(`${kind}s`, ref, kind);
    if (!entry) return refuse(`contexts[${contextName}].context.${kind}`, `names no ${kind}`);
    const extra = Object.keys(entry).find(
      (key) => !(DATA_ONLY_FIELDS[kind] as readonly string[]).includes(key),
    );
    if (extra !== undefined)
      return refuse(`${kind}s[${ref}].${kind}.${extra}`, 'has a field that is not data');
    entries[kind] = entry;
  }
  const server = text(entries.cluster?.['server']);
  const caData = text(entries.cluster?.['certificate-authority-data']);
  const token = text(entries.user?.['token']);
  if (!server.startsWith('https://'))
    return refuse(`clusters[${text(context['cluster'])}].cluster.server`, 'has no https:// server');
  if (!token) return refuse(`users[${text(context['user'])}].user.token`, 'has no token');
  const insecure = entries.cluster?.['insecure-skip-tls-verify'];
  if (insecure !== undefined && insecure !== false && !(insecure === true && options.allowInsecure))
    return {
      ...refuse(
        `clusters[${text(context['cluster'])}].cluster.insecure-skip-tls-verify`,
        'turns TLS verification off',
      ),
      error: `the admin kubeconfig turns TLS verification off at clusters[${text(context['cluster'])}].cluster.insecure-skip-tls-verify; give the agent --allow-insecure-admin (agent option allowInsecureAdmin) to accept that, or set certificate-authority-data instead`,
    };
  return {
    kubeconfig: agentKubeconfig({ server, caData, token, insecure: insecure === true }),
    insecure: insecure === true,
  };
}

/** The registration Secret's data (§4.5), as plain text values. */
export function registrationData(
  cluster: string,
  caBundle: string,
  settings: RegistrationSettings = {},
): Record<string, string> {
  const oidc = settings.oidcProvider ?? (settings.dexUrl ? 'dex' : 'keycloak');
  const values: Record<(typeof REGISTRATION_KEYS)[number], string> = {
    'managed-cluster-name': cluster,
    'es-url': settings.opensearchUrl ?? '',
    'es-ca-bundle': settings.opensearchCaBundle ?? '',
    username: settings.opensearchUsername ?? '',
    password: settings.opensearchPassword ?? '',
    'keycloak-url': settings.keycloakUrl ?? '',
    'dex-url': settings.dexUrl ?? '',
    'oidc-provider': oidc,
    'ca-bundle': caBundle,
    'jaeger-os-url': settings.jaeger?.url ?? '',
    'jaeger-os-ca.crt': settings.jaeger?.caCert ?? '',
    'jaeger-os-tls.key': settings.jaeger?.tlsKey ?? '',
    'jaeger-os-tls.cert': settings.jaeger?.tlsCert ?? '',
    ES_USERNAME: settings.jaeger?.username ?? '',
    ES_PASSWORD: settings.jaeger?.password ?? '',
  };
  return Object.fromEntries(REGISTRATION_KEYS.map((key) => [key, values[key]]));
}

const encode = (data: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(data).map(([k, v]) => [k, utf8ToBase64(v)]));

function ownerReferences(vmc: VerrazzanoManagedCluster): OwnerReference[] | undefined {
  const uid = vmc.metadata.uid;
  if (!uid) return undefined;
  return [
    {
      apiVersion: vmc.apiVersion,
      kind: vmc.kind,
      name: vmc.metadata.name ?? '',
      uid,
      controller: true,
      blockOwnerDeletion: true,
    },
  ];
}

const marker = { 'vzmc.dev/managed': 'true' } as const;

function secret(name: string, data: Record<string, string>, owner: OwnerReference[] | undefined): Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name,
      namespace: Namespaces.VerrazzanoMc,
      labels: { ...marker },
      ...(owner ? { ownerReferences: owner } : {}),
    },
    type: 'Opaque',
    data: encode(data),
  };
}

/** A Secret as the manifest carries it (§4.4): metadata reduced to name and namespace. */
function manifestSecret(name: string, data: Record<string, string>): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: Namespaces.VerrazzanoSystem },
    type: 'Opaque',
    data,
  };
}

/** The comment the registration manifest opens with (D3). */
const MANIFEST_HEADER =
  '# vzmc registration manifest: apply it on the managed cluster (kubectl apply -f).\n' +
  '# To deregister, delete the VerrazzanoManagedCluster on the admin\n' +
  '# (kubectl delete vmc <cluster> -n verrazzano-mc): the agent then removes these Secrets itself (D2).\n' +
  '# Do NOT kubectl delete -f this file: it lists Namespace verrazzano-system, which would be deleted\n' +
  '# with everything in it.\n';

/**
 * The step-2 manifest (§4.4, classic form), after a comment header that warns against deregistering with `kubectl delete -f` (D3): Namespace `verrazzano-system`, the agent Secret as
 * `verrazzano-system/verrazzano-cluster-agent`, then the registration Secret as
 * `verrazzano-system/verrazzano-cluster-registration`, each document preceded by `---`.
 * Byte-identical for the same inputs.
 */
export function registrationManifest(agentSecret: Secret, registrationSecret: Secret): string {
  return (
    // D3: Verrazzano's docs deregister with `kubectl delete -f` of this file, which would delete the
    // Namespace vzmc adds, and with it everything in verrazzano-system (Verrazzano's own components
    // on a Verrazzano cluster). The header says so where the user will read it.
    MANIFEST_HEADER +
    // The Namespace first, so the manifest applies on a bare cluster too (Verrazzano's platform
    // install creates it; vzmc's managed clusters need not run Verrazzano).
    `---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${Namespaces.VerrazzanoSystem}\n` +
    `---\n${goYaml(manifestSecret(ManagedClusterNames.AgentSecret, agentSecret.data ?? {}))}` +
    `---\n${goYaml(manifestSecret(ManagedClusterNames.RegistrationSecret, registrationSecret.data ?? {}))}`
  );
}

/**
 * Renders every admin-side object of a VMC's registration (§4.2–§4.5).
 *
 * @example
 * const objects = renderRegistration(vmc, { adminServer: 'https://admin:6443', adminCaBundle: caPem, token });
 * objects.manifestSecret.metadata.name //=> 'verrazzano-cluster-managed1-manifest'
 */
export function renderRegistration(
  vmc: VerrazzanoManagedCluster,
  inputs: RegistrationInputs,
): AdminRegistrationObjects {
  const cluster = vmc.metadata.name ?? '';
  const owner = ownerReferences(vmc);
  const saName = ClusterObjectNames.serviceAccount(cluster);
  const token = typeof inputs.token === 'function' ? inputs.token() : inputs.token;
  const serviceAccount: ServiceAccount = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      name: saName,
      namespace: Namespaces.VerrazzanoMc,
      labels: { ...marker },
      ...(owner ? { ownerReferences: owner } : {}),
    },
  };
  const tokenSecret: Secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: ClusterObjectNames.tokenSecret(cluster),
      namespace: Namespaces.VerrazzanoMc,
      labels: { ...marker },
      annotations: { [VerrazzanoLabels.ServiceAccountName]: saName },
    },
    type: 'kubernetes.io/service-account-token',
  };
  const roleBinding: RoleBinding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: {
      name: saName,
      namespace: Namespaces.VerrazzanoMc,
      labels: { ...vmc.metadata.labels, ...marker },
      ...(owner ? { ownerReferences: owner } : {}),
    },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: MANAGED_CLUSTER_ROLE },
    subjects: [{ kind: 'ServiceAccount', name: saName, namespace: Namespaces.VerrazzanoMc }],
  };
  const access = inputs.wiring === Wiring.ClusterNamespace ? clusterAccessObjects(cluster) : undefined;
  const kubeconfig = agentKubeconfig({
    server: inputs.adminServer,
    caData: utf8ToBase64(inputs.adminCaBundle),
    token,
  });
  const agentSecret = secret(
    ClusterObjectNames.agentSecret(cluster),
    { 'admin-kubeconfig': kubeconfig, 'managed-cluster-name': cluster },
    owner,
  );
  const registrationSecret = secret(
    ClusterObjectNames.registrationSecret(cluster),
    registrationData(cluster, inputs.adminCaBundle, inputs.settings),
    owner,
  );
  const manifest = registrationManifest(agentSecret, registrationSecret);
  const manifestSecretObject = secret(ClusterObjectNames.manifestSecret(cluster), { yaml: manifest }, owner);
  return {
    serviceAccount,
    tokenSecret,
    roleBinding: access ? access.mcRoleBinding : roleBinding,
    ...(access ? { access } : {}),
    agentSecret,
    registrationSecret,
    manifestSecret: manifestSecretObject,
    vmcSpec: {
      serviceAccount: saName,
      managedClusterManifestSecret: ClusterObjectNames.manifestSecret(cluster),
    },
  };
}

/**
 * The admin objects in apply order: ServiceAccount, token Secret, the access objects (cluster
 * namespace, Roles, report; wiring `cluster-namespace`) or the RoleBinding, then the three Secrets.
 */
export function adminObjectList(
  objects: AdminRegistrationObjects,
): (ServiceAccount | Secret | RoleBinding | Role | Namespace | ConfigMap)[] {
  return [
    objects.serviceAccount,
    objects.tokenSecret,
    ...(objects.access ? clusterAccessList(objects.access) : [objects.roleBinding]),
    objects.agentSecret,
    objects.registrationSecret,
    objects.manifestSecret,
  ];
}

/**
 * Reads back the agent kubeconfig's server, CA data and token (the `defaultContext` context).
 *
 * @example
 * parseAgentKubeconfig(agentKubeconfig({ server: 'https://a:6443', caData: '', token: 't' })).token //=> 't'
 */
export function parseAgentKubeconfig(yaml: string): {
  /** The admin API server URL. */
  server: string;
  /** The base64 CA bundle (`certificate-authority-data`). */
  caData: string;
  /** The bearer token. */
  token: string;
} {
  const doc = decodeYamlDocument(yaml);
  const config = (doc.value ?? {}) as {
    'current-context'?: string;
    contexts?: { name?: string; context?: { cluster?: string; user?: string } }[];
    clusters?: { name?: string; cluster?: { server?: string; 'certificate-authority-data'?: string } }[];
    users?: { name?: string; user?: { token?: string } }[];
  };
  const context = config.contexts?.find((c) => c.name === config['current-context'])?.context;
  const cluster = config.clusters?.find((c) => c.name === context?.cluster)?.cluster;
  const user = config.users?.find((u) => u.name === context?.user)?.user;
  return {
    server: cluster?.server ?? '',
    caData: cluster?.['certificate-authority-data'] ?? '',
    token: user?.token ?? '',
  };
}
