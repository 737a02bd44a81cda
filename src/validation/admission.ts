/**
 * Verrazzano's admission webhooks (spec §6, rules W1–W11) as pure functions over an explicit
 * context. Messages are Verrazzano's, character for character. Like the webhooks, the checks run
 * for create and update only, and an object being deleted passes without checks (scenario 53).
 */
import { parseRequestUri } from '../internal/url.js';
import { IssueCode, Severity } from '../model/issues.js';
import { LOCAL_CLUSTER, Namespaces } from '../model/names.js';
import { closestName } from './suggest.js';
import type { Finding } from './validate.js';
import type {
  MultiClusterApplicationConfiguration,
  MultiClusterWrapper,
  VerrazzanoManagedCluster,
  VerrazzanoProject,
} from '../model/verrazzano.js';

const VERRAZZANO_MC_NAMESPACE = Namespaces.VerrazzanoMc;

/** The result of a lookup the webhook performs: found, absent, or failed with an error. */
export type Lookup<T> =
  | {
      /** What was found. */
      readonly found: T;
    }
  | {
      /** The lookup answered NotFound. */
      readonly notFound: true;
    }
  | {
      /** The lookup failed with this error text. */
      readonly error: string;
    };

/** What a webhook would learn from the cluster it runs on. Every field is optional: absent facts skip their rule. */
export interface AdmissionContext {
  /**
   * The webhook runs on a managed cluster (its `verrazzano-cluster-registration` Secret exists).
   * W2 is skipped there, which lets the agent write copies that name clusters without a local VMC.
   */
  readonly managedCluster?: boolean;
  /** Names of the VMCs in `verrazzano-mc` (W2). When absent, W2 is skipped. */
  readonly registeredClusters?: Iterable<string>;
  /** Names of the Secrets that exist, per namespace (W3). When absent, W3 is skipped. */
  readonly secretsByNamespace?: ReadonlyMap<string, ReadonlySet<string>>;
  /** The VerrazzanoProjects in `verrazzano-mc`, or the error listing them failed with (W7). */
  readonly projects?:
    | readonly VerrazzanoProject[]
    | {
        /** The error text of the failed list. */
        readonly error: string;
      };
  /** What the VMC webhook reads (W10, W11). When absent, W10 and W11 are skipped. */
  readonly verrazzano?: VerrazzanoInstallFacts;
}

/** Facts about the Verrazzano installation, for the VMC webhook. */
export interface VerrazzanoInstallFacts {
  /** The Verrazzano custom resources, or the error listing them failed with. */
  readonly installs:
    | readonly {
        /** Whether the CR has an `InstallComplete` condition (W10). */
        readonly installComplete: boolean;
        /** Whether Rancher is enabled in the CR (W11 applies only without it). */
        readonly rancherEnabled: boolean;
      }[]
    | {
        /** The error text of the failed list. */
        readonly error: string;
      };
  /** Secret lookup in `verrazzano-mc`, by name (W11 CA secret). */
  readonly caSecret?: (name: string) => Lookup<unknown>;
  /** The `verrazzano-admin-cluster` ConfigMap's `data.server`, if the ConfigMap exists (W11). */
  readonly adminConfigMap: Lookup<{
    /** `data.server`. */
    readonly server?: string;
  }>;
}

const finding = (
  code: Finding['code'],
  ruleId: string,
  path: Finding['path'],
  message: string,
  hint?: string,
): Finding => ({
  code,
  severity: Severity.Error,
  message,
  path,
  ruleId,
  ...(hint !== undefined ? { hint } : {}),
});

/** `fix`, led by `did you mean \`x\`? If not, ` when a known name is close to one of `names`. */
const closeTo = (names: readonly string[], known: Iterable<string>, fix: string): string => {
  const candidates = [...known];
  const close = names.map((name) => closestName(name, candidates)).find((c) => c !== undefined);
  return close === undefined ? fix : `did you mean \`${close}\`? If not, ${fix}`;
};

const notFound = (resource: string, name: string) => `${resource} "${name}" not found`;

function isDeleting(object: { metadata: { deletionTimestamp?: string | null | undefined } }): boolean {
  const ts = object.metadata.deletionTimestamp;
  return typeof ts === 'string' && ts !== '';
}

/** W1 and W2: the placement is not empty, and every cluster but `local` has a VMC. */
function placementFindings(
  clusters: readonly { name: string }[],
  context: AdmissionContext,
  path: readonly (string | number)[],
  ruleIds: { empty: string; registered: string },
): Finding[] {
  if (clusters.length === 0) {
    return [
      finding(IssueCode.PlacementEmpty, ruleIds.empty, path, 'One or more target clusters must be provided'),
    ];
  }
  if (context.managedCluster || context.registeredClusters === undefined) return [];
  const registered = new Set(context.registeredClusters);
  const out: Finding[] = [];
  clusters.forEach((cluster, index) => {
    if (cluster.name === LOCAL_CLUSTER || registered.has(cluster.name)) return;
    out.push(
      finding(
        IssueCode.PlacementUnregistered,
        ruleIds.registered,
        [...path, index, 'name'],
        `target managed cluster ${cluster.name} is not registered: ${notFound('verrazzanomanagedclusters.clusters.verrazzano.io', cluster.name)}`,
        closeTo(
          [cluster.name],
          [...registered, LOCAL_CLUSTER],
          `add a VerrazzanoManagedCluster named ${cluster.name} to the input, or pass --registered ${cluster.name}`,
        ),
      ),
    );
  });
  return out;
}

/**
 * W1–W3 for the four MC wrappers.
 *
 * @example
 * admitWrapper(mcAppConfig, { registeredClusters: ['managed1'] })
 * //=> [] when placed on managed1; a W1 finding for an empty placement
 */
export function admitWrapper(wrapper: MultiClusterWrapper, context: AdmissionContext = {}): Finding[] {
  if (isDeleting(wrapper) || !wrapper.spec) return [];
  const out = placementFindings(wrapper.spec.placement.clusters, context, ['spec', 'placement', 'clusters'], {
    empty: 'W1',
    registered: 'W2',
  });
  if (out.length > 0) return out;
  if (wrapper.kind === 'MultiClusterApplicationConfiguration') out.push(...secretsFindings(wrapper, context));
  return out;
}

/** W3: every Secret named in `spec.secrets` exists in the app config's namespace. */
function secretsFindings(app: MultiClusterApplicationConfiguration, context: AdmissionContext): Finding[] {
  const secrets = app.spec?.secrets ?? [];
  if (secrets.length === 0 || context.secretsByNamespace === undefined) return [];
  const namespace = app.metadata.namespace ?? '';
  const present = context.secretsByNamespace.get(namespace) ?? new Set<string>();
  const missing = secrets.filter((name) => !present.has(name));
  if (missing.length === 0) return [];
  return [
    finding(
      IssueCode.SecretsNotFound,
      'W3',
      ['spec', 'secrets'],
      `secret(s) ${missing.join(',')} specified in MultiClusterApplicationConfiguration not found in namespace ${namespace}`,
      closeTo(
        missing,
        present,
        `add ${missing.length === 1 ? 'the Secret' : 'the Secrets'} to namespace ${namespace}, or remove ${missing.length === 1 ? 'it' : 'them'} from spec.secrets`,
      ),
    ),
  ];
}

/**
 * W4–W8 for a VerrazzanoProject, in the webhook's order.
 *
 * @example
 * admitProject(project, { projects: existingProjects, registeredClusters: ['managed1'] })
 */
export function admitProject(project: VerrazzanoProject, context: AdmissionContext = {}): Finding[] {
  if (isDeleting(project)) return [];
  const out: Finding[] = [];
  if (project.metadata.namespace !== VERRAZZANO_MC_NAMESPACE) {
    out.push(
      finding(
        IssueCode.ProjectNamespace,
        'W4',
        ['metadata', 'namespace'],
        'Namespace for the resource must be "verrazzano-mc"',
      ),
    );
  }
  const namespaces = project.spec.template.namespaces;
  if (namespaces.length === 0) {
    out.push(
      finding(
        IssueCode.ProjectNoNamespaces,
        'W5',
        ['spec', 'template', 'namespaces'],
        'One or more namespaces must be provided',
      ),
    );
  }
  const names = new Set(namespaces.map((ns) => ns.metadata.name ?? ''));
  (project.spec.template.networkPolicies ?? []).forEach((policy, index) => {
    const ns = policy.metadata.namespace ?? '';
    if (!names.has(ns)) {
      out.push(
        finding(
          IssueCode.ProjectNetworkPolicyNamespace,
          'W6',
          ['spec', 'template', 'networkPolicies', index, 'metadata', 'namespace'],
          `namespace ${ns} used in NetworkPolicy ${policy.metadata.name ?? ''} does not exist in project`,
          `use one of the project's namespaces: ${[...names].sort().join(', ')}`,
        ),
      );
    }
  });
  if (context.projects !== undefined) {
    if ('error' in context.projects) {
      out.push(
        finding(
          IssueCode.ProjectListFailed,
          'W7',
          [],
          `failed to get existing Verrazzano projects: ${context.projects.error}`,
        ),
      );
    } else {
      namespaces.forEach((ns, index) => {
        for (const other of context.projects as readonly VerrazzanoProject[]) {
          if (other.metadata.name === project.metadata.name) continue;
          if (other.spec.template.namespaces.some((o) => o.metadata.name === ns.metadata.name)) {
            out.push(
              finding(
                IssueCode.ProjectNamespaceTaken,
                'W7',
                ['spec', 'template', 'namespaces', index, 'metadata', 'name'],
                `project namespace ${ns.metadata.name ?? ''} already being used by project ${other.metadata.name ?? ''}. projects cannot share a namespace`,
                `a namespace belongs to one project: remove ${ns.metadata.name ?? ''} from this project or from ${other.metadata.name ?? ''}`,
              ),
            );
          }
        }
      });
    }
  }
  out.push(
    ...placementFindings(project.spec.placement.clusters, context, ['spec', 'placement', 'clusters'], {
      empty: 'W8',
      registered: 'W8',
    }),
  );
  return out;
}

/**
 * W9–W11 for creating a VerrazzanoManagedCluster (its webhook validates creates only).
 *
 * @example
 * admitManagedCluster(vmc, { verrazzano: { installs: [{ installComplete: true, rancherEnabled: false }], adminConfigMap: { found: { server: 'https://admin:6443' } } } })
 */
export function admitManagedCluster(
  vmc: VerrazzanoManagedCluster,
  context: AdmissionContext = {},
): Finding[] {
  if (vmc.metadata.namespace !== VERRAZZANO_MC_NAMESPACE) {
    return [
      finding(
        IssueCode.VmcNamespace,
        'W9',
        ['metadata', 'namespace'],
        'Namespace for the resource must be verrazzano-mc',
      ),
    ];
  }
  const facts = context.verrazzano;
  if (!facts) return [];
  if ('error' in facts.installs) {
    return [
      finding(
        IssueCode.VerrazzanoNotInstalled,
        'W10',
        [],
        `Verrazzano must be installed: ${facts.installs.error}`,
      ),
    ];
  }
  const first = facts.installs[0];
  if (!first?.installComplete) {
    return [
      finding(
        IssueCode.VerrazzanoInstallIncomplete,
        'W10',
        [],
        'the Verrazzano install must successfully complete (run the command "kubectl get verrazzano -A" to view the install status)',
      ),
    ];
  }
  if (first.rancherEnabled) return [];
  const caSecret = vmc.spec?.caSecret ?? '';
  if (caSecret !== '' && facts.caSecret) {
    const lookup = facts.caSecret(caSecret);
    if ('notFound' in lookup) {
      return [
        finding(
          IssueCode.VmcCaSecretMissing,
          'W11',
          ['spec', 'caSecret'],
          `The CA secret ${caSecret} does not exist in namespace verrazzano-mc`,
        ),
      ];
    }
    if ('error' in lookup) {
      return [
        finding(
          IssueCode.VmcCaSecretMissing,
          'W11',
          ['spec', 'caSecret'],
          `Error getting the CA secret ${caSecret} namespace verrazzano-mc. Error: ${lookup.error}`,
        ),
      ];
    }
  }
  const cm = facts.adminConfigMap;
  if ('notFound' in cm) {
    return [
      finding(
        IssueCode.VmcAdminConfigMapMissing,
        'W11',
        [],
        'The ConfigMap verrazzano-admin-cluster does not exist in namespace verrazzano-mc',
      ),
    ];
  }
  if ('error' in cm) {
    return [
      finding(
        IssueCode.VmcAdminConfigMapMissing,
        'W11',
        [],
        `Error getting the ConfigMap verrazzano-admin-cluster namespace verrazzano-mc. Error: ${cm.error}`,
      ),
    ];
  }
  const server = cm.found.server ?? '';
  if ('error' in parseRequestUri(server)) {
    return [
      finding(
        IssueCode.VmcInvalidServerUrl,
        'W11',
        [],
        `Data with key "server" contains invalid url "${server}" in the ConfigMap verrazzano-admin-cluster namespace verrazzano-mc`,
      ),
    ];
  }
  return [];
}
