/**
 * Where a client's kubeconfig comes from, and the checks that make a bad one fail when the client
 * is created instead of on its first request. Parsing, auth plugins and TLS files stay
 * client-node's job (`KubeConfig`); this file only picks the context and validates the server.
 */
import { existsSync } from 'node:fs';
import type { RequestOptions } from 'node:https';
import { KubeConfig, type Cluster, type User } from '@kubernetes/client-node';
import { ClusterError, ClusterErrorReason, isClusterError } from '../../port/errors.js';
import { configError } from './errors.js';
import { agentKubeconfigAsData } from '../../registration/objects.js';

/**
 * Where to read a kubeconfig from. Exactly one form:
 * - `{ file }`: a kubeconfig file; relative certificate paths resolve against its directory;
 * - `{ yaml }`: kubeconfig text (for example a Secret's `admin-kubeconfig`);
 * - `{ inCluster: true }`: the pod's service account (token, `ca.crt`, namespace) and
 *   `KUBERNETES_SERVICE_HOST`/`KUBERNETES_SERVICE_PORT`; `pathPrefix` relocates the mount for tests;
 * - `{ kubeConfig }`: an already loaded client-node `KubeConfig`, used as is (not mutated).
 *
 * @example
 * ```ts
 * createK8sClusterClient({ kubeconfig: { file: '/etc/vzmc/admin.kubeconfig' } });
 * createK8sClusterClient({ kubeconfig: { yaml: kubeconfigText }, context: 'managed1' });
 * createK8sClusterClient({ kubeconfig: { inCluster: true } });
 * ```
 */
export type K8sKubeconfigSource =
  | {
      /** A kubeconfig file. */
      readonly file: string;
    }
  | {
      /** Kubeconfig text. */
      readonly yaml: string;
    }
  | {
      /** Use the pod's service account. */
      readonly inCluster: true;
      /** A directory prefix for the service-account mount and its files (tests). */
      readonly pathPrefix?: string;
    }
  | {
      /** A loaded client-node `KubeConfig`, used as is. */
      readonly kubeConfig: K8sKubeConfigLike;
    };

/**
 * A loaded `KubeConfig` of `@kubernetes/client-node`, as the `{ kubeConfig }` source takes it,
 * described by the methods vzmc calls on it. Any client-node `KubeConfig` is one; pass nothing else.
 *
 * It is declared here instead of naming client-node's class, so that vzmc's declarations do not
 * import client-node's: those import `isomorphic-ws`, whose types need `@types/ws`, which
 * client-node does not depend on, so a consumer type-checking with `skipLibCheck: false` would
 * fail on them. (A class with private members also only accepts instances of the same copy of
 * client-node; this interface accepts a `KubeConfig` from the caller's own copy.)
 *
 * @example
 * ```ts
 * import { KubeConfig } from '@kubernetes/client-node';
 *
 * const kubeConfig = new KubeConfig();
 * kubeConfig.loadFromDefault();
 * createK8sClusterClient({ kubeconfig: { kubeConfig }, context: 'managed1' });
 * ```
 */
export interface K8sKubeConfigLike {
  /** The name of the current context. */
  getCurrentContext(): string;
  /** Every context (copied when vzmc selects another context than the current one). */
  getContexts(): readonly unknown[];
  /** Every cluster (copied, as the contexts). */
  getClusters(): readonly unknown[];
  /** Every user (copied, as the contexts). */
  getUsers(): readonly unknown[];
  /** A context by name, or null. */
  getContextObject(name: string): unknown;
  /** A cluster by name, or null. */
  getCluster(name: string): unknown;
  /** The current context's user, or null. */
  getCurrentUser(): unknown;
  /** Sets the current context's credentials and TLS material on request options. */
  applyToHTTPSOptions(options: RequestOptions): Promise<void>;
}

/** A kubeconfig reduced to the one context a client talks through. */
export interface SelectedKubeconfig {
  /** A `KubeConfig` whose current context is the selected one. */
  readonly kubeConfig: KubeConfig;
  readonly contextName: string;
  readonly cluster: Cluster;
  readonly user: User | null;
  /** The context's namespace, else `default` (as kubectl). */
  readonly namespace: string;
  /** The API server's URL (`https:`, or `http:` only with insecure-skip-tls-verify). */
  readonly server: URL;
  /**
   * A fresh `KubeConfig` for the same context, with empty credential caches, so that a 401 can
   * force an exec plugin to run again. Undefined for a caller's `KubeConfig`: a copy would lose
   * any authenticators the caller registered on it.
   */
  readonly reload: (() => KubeConfig) | undefined;
}

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** Loads and validates a kubeconfig; throws a BadRequest {@link ClusterError} when it cannot be used. */
export function selectKubeconfig(
  source: K8sKubeconfigSource | undefined,
  context: string | undefined,
): SelectedKubeconfig {
  let kubeConfig: KubeConfig;
  let owned = true;
  try {
    kubeConfig = load(source);
  } catch (error) {
    if (isClusterError(error)) throw error;
    throw configError(kubeconfigErrorMessage(error));
  }
  if (source !== undefined && 'kubeConfig' in source) owned = false;

  const contextName = context ?? kubeConfig.getCurrentContext();
  if (contextName === undefined || contextName === '') {
    throw configError('no context selected: the kubeconfig has no current-context and none was given');
  }
  const contextObject = kubeConfig.getContextObject(contextName);
  if (contextObject === null) {
    const known = kubeConfig.getContexts().map((c) => c.name);
    throw configError(
      `context "${contextName}" not found (known: ${known.length === 0 ? 'none' : known.join(', ')})`,
    );
  }
  if (kubeConfig.getCurrentContext() !== contextName) {
    // Never switch the context of a caller's KubeConfig under them: work on a copy.
    kubeConfig = owned ? kubeConfig : copyOf(kubeConfig);
    kubeConfig.setCurrentContext(contextName);
    owned = true;
  }
  const cluster = kubeConfig.getCluster(contextObject.cluster);
  if (cluster === null) {
    throw configError(
      `context "${contextName}" refers to cluster "${contextObject.cluster}", which is not defined`,
    );
  }
  const server = serverUrl(cluster);
  const frozen = kubeConfig;
  return {
    kubeConfig,
    contextName,
    cluster,
    user: kubeConfig.getCurrentUser(),
    namespace: contextObject.namespace?.trim() || 'default',
    server,
    reload: owned ? () => copyOf(frozen) : undefined,
  };
}

/**
 * The message of an error from loading a kubeconfig, safe to print: a YAML syntax error says what
 * and where (line, column) without the code frame js-yaml appends, which quotes the file's lines,
 * tokens and passwords included; a tag or quoted text in the reason is elided too.
 *
 * @example
 * kubeconfigErrorMessage(yamlError) //=> 'invalid YAML: bad indentation of a mapping entry at line 5, column 4'
 */
export function kubeconfigErrorMessage(error: unknown): string {
  const { reason, mark } = (error ?? {}) as { reason?: unknown; mark?: { line?: number; column?: number } };
  if (typeof reason === 'string' && mark !== undefined) {
    const safe = reason.replace(/!<[^>]*>/g, '!<…>').replace(/"[^"]*"|'[^']*'/g, '"…"');
    return `invalid YAML: ${safe} at line ${(mark.line ?? 0) + 1}, column ${(mark.column ?? 0) + 1}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Loads a kubeconfig file into `kubeConfig`, rethrowing a parse error as one that quotes nothing
 * of the file ({@link kubeconfigErrorMessage}).
 */
export function loadKubeconfigFile(kubeConfig: KubeConfig, file: string): void {
  try {
    kubeConfig.loadFromFile(file);
  } catch (error) {
    // No `cause`: the original's message quotes the file, and printing the error would print it.
    // eslint-disable-next-line preserve-caught-error
    throw new Error(`kubeconfig ${file}: ${kubeconfigErrorMessage(error)}`);
  }
}

/**
 * Why a selected kubeconfig weakens TLS, as one loud line naming its context, cluster and server
 * (never a credential), or undefined: TLS verification is off (`insecure-skip-tls-verify`), or an
 * `https` server has no certificate authority (the system's CAs alone vouch for it).
 *
 * @example
 * insecureTlsWarning(selected) //=> 'WARNING: TLS verification is OFF for context "ctx" (cluster "c", server https://…): …'
 */
export function insecureTlsWarning(selected: SelectedKubeconfig): string | undefined {
  const { contextName, cluster, server } = selected;
  const where = `context "${contextName}" (cluster "${cluster.name}", server ${server.origin})`;
  if (cluster.skipTLSVerify)
    return `WARNING: TLS verification is OFF for ${where}: the kubeconfig sets insecure-skip-tls-verify, so anyone on the path can impersonate the server and take the credentials`;
  if (server.protocol === 'https:' && !cluster.caData && !cluster.caFile)
    return `WARNING: ${where} has no certificate-authority: the server is trusted by the system's CAs alone`;
  return undefined;
}

function load(source: K8sKubeconfigSource | undefined): KubeConfig {
  const kubeConfig = new KubeConfig();
  if (source === undefined) {
    kubeConfig.loadFromDefault();
    // loadFromDefault's last resort is an unauthenticated http://localhost:8080, which is never what a caller meant.
    if (
      kubeConfig.getCurrentContext() === 'loaded-context' &&
      kubeConfig.getCurrentCluster()?.server === 'http://localhost:8080'
    ) {
      throw configError(
        'none found: KUBECONFIG is unset, ~/.kube/config does not exist and this is not a pod',
      );
    }
    return kubeConfig;
  }
  // A caller's KubeConfig, possibly from another copy of client-node: vzmc calls on it only the
  // methods of K8sKubeConfigLike (selectKubeconfig, copyOf, CredentialCache), and never mutates it.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- see above
  if ('kubeConfig' in source) return source.kubeConfig as KubeConfig;
  if ('file' in source) {
    kubeConfig.loadFromFile(source.file);
  } else if ('yaml' in source) {
    kubeConfig.loadFromString(source.yaml);
  } else {
    const prefix = source.pathPrefix ?? '';
    if (!process.env['KUBERNETES_SERVICE_HOST'] || !process.env['KUBERNETES_SERVICE_PORT']) {
      throw configError(
        'in-cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set (is this a pod?)',
      );
    }
    if (!existsSync(`${prefix}${IN_CLUSTER_TOKEN}`)) {
      throw configError(`in-cluster: no service account token at ${prefix}${IN_CLUSTER_TOKEN}`);
    }
    kubeConfig.loadFromCluster(prefix);
  }
  return kubeConfig;
}

function copyOf(kubeConfig: KubeConfig): KubeConfig {
  const copy = new KubeConfig();
  copy.loadFromOptions({
    clusters: kubeConfig.getClusters(),
    users: kubeConfig.getUsers(),
    contexts: kubeConfig.getContexts(),
    currentContext: kubeConfig.getCurrentContext(),
  });
  return copy;
}

function serverUrl(cluster: Cluster): URL {
  let url: URL;
  try {
    url = new URL(cluster.server);
  } catch {
    throw configError(`cluster "${cluster.name}" has an invalid server URL "${cluster.server}"`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:') {
    // A2: plain HTTP sends the credentials in clear text; only an explicit opt-out of TLS allows it.
    if (cluster.skipTLSVerify) return url;
    throw configError(
      `cluster "${cluster.name}" has the plain-HTTP server ${cluster.server}; set insecure-skip-tls-verify: true on it to allow that, or use https://`,
    );
  }
  throw configError(
    `cluster "${cluster.name}" has the server ${cluster.server}, which is neither https:// nor http://`,
  );
}

/**
 * The parts of a Secret {@link kubeconfigFromAgentSecret} reads.
 *
 * @example
 * ```ts
 * const secret: AgentSecretLike = { data: { 'admin-kubeconfig': 'YXBpVmVyc2lvbjogdjEK…' } };
 * ```
 */
export interface AgentSecretLike {
  /** The Secret's metadata (used in error messages). */
  readonly metadata?: {
    /** The Secret's name. */
    readonly name?: string;
    /** The Secret's namespace. */
    readonly namespace?: string;
  };
  /** Base64 values, as the API returns them. */
  readonly data?: Readonly<Record<string, string>>;
  /** Plain values, as a manifest may carry them. */
  readonly stringData?: Readonly<Record<string, string>>;
}

/**
 * The key of the agent Secret that holds the admin cluster's kubeconfig (P1).
 *
 * @example
 * ```ts
 * const encoded = secret.data?.[ADMIN_KUBECONFIG_KEY];
 * ```
 */
export const ADMIN_KUBECONFIG_KEY = 'admin-kubeconfig';

/**
 * The kubeconfig in a managed cluster's agent Secret (`verrazzano-system/verrazzano-cluster-agent`,
 * key `admin-kubeconfig`), as a source for `createK8sClusterClient`. `stringData` wins over `data`,
 * as the API server would merge them. A missing or non-base64 value throws an Invalid ClusterError
 * worded like Verrazzano's agent (`… is missing the required field admin-kubeconfig`). The
 * kubeconfig is data, never code: it is rebuilt from its server, CA data and token, and one with
 * any other field (an exec plugin, a file, TLS verification off unless `options.allowInsecure`)
 * throws an Invalid ClusterError naming that field (`agentKubeconfigAsData` in `vzmc`).
 *
 * @example
 * ```ts
 * const local = createK8sClusterClient({ kubeconfig: { inCluster: true }, name: 'local' });
 * const secret = await local.get({ apiVersion: 'v1', kind: 'Secret', namespace: 'verrazzano-system', name: 'verrazzano-cluster-agent' });
 * const admin = createK8sClusterClient({ kubeconfig: kubeconfigFromAgentSecret(secret), name: 'admin' });
 * ```
 */
export function kubeconfigFromAgentSecret(
  secret: AgentSecretLike,
  options: {
    /** Accept `insecure-skip-tls-verify: true` (warn on each connection). Default false: refused. */
    readonly allowInsecure?: boolean;
  } = {},
): K8sKubeconfigSource {
  const plain = secret.stringData?.[ADMIN_KUBECONFIG_KEY];
  const encoded = secret.data?.[ADMIN_KUBECONFIG_KEY];
  const name = secret.metadata?.name ?? 'verrazzano-cluster-agent';
  const namespace = secret.metadata?.namespace ?? 'verrazzano-system';
  const target = { apiVersion: 'v1', kind: 'Secret', namespace, name };
  if (plain !== undefined && plain.trim() !== '') return asData(plain, target, options);
  if (encoded === undefined || encoded.trim() === '') {
    // The wording of Verrazzano's validateAgentSecret, so operators recognise it.
    throw new ClusterError({
      reason: ClusterErrorReason.Invalid,
      message: `the secret named ${name} in namespace ${namespace} is missing the required field ${ADMIN_KUBECONFIG_KEY}`,
      causes: [
        { field: `data.${ADMIN_KUBECONFIG_KEY}`, reason: 'FieldValueRequired', message: 'Required value' },
      ],
      target,
    });
  }
  if (
    !/^[A-Za-z0-9+/]*={0,2}$/.test(encoded.replace(/\s+/g, '')) ||
    encoded.replace(/\s+/g, '').length % 4 !== 0
  ) {
    throw new ClusterError({
      reason: ClusterErrorReason.Invalid,
      message: `the secret named ${name} in namespace ${namespace} has a ${ADMIN_KUBECONFIG_KEY} that is not valid base64`,
      causes: [
        {
          field: `data.${ADMIN_KUBECONFIG_KEY}`,
          reason: 'FieldValueInvalid',
          message: 'illegal base64 data',
        },
      ],
      target,
    });
  }
  return asData(Buffer.from(encoded, 'base64').toString('utf8'), target, options);
}

/** The kubeconfig reduced to its server, CA data and token, or an Invalid error naming the field. */
function asData(
  yaml: string,
  target: ClusterError['target'],
  options: { readonly allowInsecure?: boolean },
): K8sKubeconfigSource {
  const reduced = agentKubeconfigAsData(yaml, options);
  if ('kubeconfig' in reduced) return { yaml: reduced.kubeconfig };
  throw new ClusterError({
    reason: ClusterErrorReason.Invalid,
    message: `the secret named ${target?.name ?? ''} in namespace ${target?.namespace ?? ''}: ${reduced.error}`,
    causes: [
      {
        field: `data.${ADMIN_KUBECONFIG_KEY}: ${reduced.field}`,
        reason: 'FieldValueForbidden',
        message: reduced.error,
      },
    ],
    target,
  });
}
