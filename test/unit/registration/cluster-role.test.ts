/**
 * The ClusterRole `verrazzano-managed-cluster` (§4.3, V2; issue 14 item 7), pinned rule by rule
 * against Verrazzano's own: vzmc applies it on the admin under the wiring `verrazzano`
 * (`registerOnAdmin`, `vzmc register`, `vzmc install admin`), where it may be Verrazzano's admin,
 * so it must not differ. And the agent bound to exactly this role syncs and reports with nothing
 * Forbidden, touching none of the backup kinds the role also grants.
 */
import { describe, expect, it } from 'vitest';
import { installManifests } from '../../../src/cli/install/manifests.js';
import {
  managedClusterClusterRole,
  parseAgentKubeconfig,
  type ClusterClient,
  type ClusterRole,
  type KubeObject,
} from '../../../src/index.js';
import { component, mcapp, mccm, mcsecret, project, secret } from '../../support/fleet.js';
import { memoryFleet } from '../../support/memory-fleet.js';

/**
 * Verrazzano's rules, copied from
 * `platform-operator/helm_config/charts/verrazzano-platform-operator/templates/clusterrole.yaml`
 * at commit 5820fb2bb9 (the commit the spec names; the file last changed in d18a323ad3).
 */
const VERRAZZANO_RULES = [
  {
    apiGroups: ['clusters.verrazzano.io'],
    resources: [
      'multiclusterapplicationconfigurations',
      'multiclustercomponents',
      'multiclusterconfigmaps',
      'multiclusterloggingscopes',
      'multiclustersecrets',
      'verrazzanoprojects',
      'verrazzanomanagedclusters',
    ],
    verbs: ['get', 'list', 'watch'],
  },
  {
    apiGroups: ['clusters.verrazzano.io'],
    resources: [
      'multiclusterapplicationconfigurations/status',
      'multiclustercomponents/status',
      'multiclusterconfigmaps/status',
      'multiclusterloggingscopes/status',
      'multiclustersecrets/status',
      'verrazzanoprojects/status',
      'verrazzanomanagedclusters/status',
    ],
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
];

/**
 * The permissions vzmc's role may lack compared with Verrazzano's, each with its row in
 * docs/deviations.md. None: the role is Verrazzano's (a narrower role force-applied on a
 * Verrazzano admin would replace Verrazzano's `rules`, an atomic list). A wider one is never allowed.
 */
const DEVIATIONS: readonly string[] = [];

/** Every `group/resource verb` a set of rules grants (no resourceNames in either role). */
const grants = (rules: readonly { apiGroups?: string[]; resources?: string[]; verbs: string[] }[]) =>
  new Set(
    rules.flatMap((r) =>
      (r.apiGroups ?? []).flatMap((g) =>
        (r.resources ?? []).flatMap((res) => r.verbs.map((v) => `${g}/${res} ${v}`)),
      ),
    ),
  );

describe('ClusterRole verrazzano-managed-cluster (§4.3, V2)', () => {
  it("§4.3: vzmc's verrazzano-managed-cluster has exactly the rules of Verrazzano's clusterrole.yaml, subresources and backup kinds included", () => {
    const role = managedClusterClusterRole();
    expect(role.metadata.name).toBe('verrazzano-managed-cluster');
    expect(role.rules).toEqual(VERRAZZANO_RULES);
    const ours = grants(role.rules ?? []);
    const theirs = grants(VERRAZZANO_RULES);
    expect([...ours].filter((g) => !theirs.has(g))).toEqual([]); // never wider
    expect([...theirs].filter((g) => !ours.has(g))).toEqual(DEVIATIONS);
  });

  it('§4.3: vzmc install admin prints the same ClusterRole', () => {
    const printed = installManifests('admin', { image: 'vzmc:test' }).find(
      (o) => o.kind === 'ClusterRole' && o.metadata.name === 'verrazzano-managed-cluster',
    ) as ClusterRole | undefined;
    expect(printed?.rules).toEqual(VERRAZZANO_RULES);
  });

  it('§4.3, V2: an agent bound to exactly this role (wiring verrazzano) syncs every wrapper kind and reports status with nothing Forbidden, and never touches batch, mysql.oracle.com or multiclusterloggingscopes', async () => {
    const fleet = memoryFleet(['managed1']);
    await fleet.register('managed1');
    const live = await fleet.admin.client().get<ClusterRole & KubeObject>({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      name: 'verrazzano-managed-cluster',
    });
    expect(live.rules).toEqual(VERRAZZANO_RULES);
    const ns = 'role-ns';
    const wrappers = [
      mccm('cm', ns, ['managed1']),
      mcsecret('sec', ns, ['managed1']),
      mcapp('app', ns, ['managed1'], { secrets: ['app-secret'], components: ['app-comp'] }),
      {
        apiVersion: 'clusters.verrazzano.io/v1alpha1',
        kind: 'MultiClusterComponent',
        metadata: { name: 'mcc', namespace: ns },
        spec: {
          placement: { clusters: [{ name: 'managed1' }] },
          template: { spec: { workload: { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' } } } },
        },
      },
    ] as unknown as KubeObject[];
    await fleet.applyAdmin([project('role-project', [ns], ['managed1'])]);
    await fleet.syncAdmin();
    await fleet.applyAdmin([secret('app-secret', ns), component('app-comp', ns), ...wrappers]);
    await fleet.syncAdmin();

    const forbidden: string[] = [];
    const touched = new Set<string>();
    const agent = fleet.agent('managed1', {
      connectAdmin: (kubeconfig) =>
        recording(fleet.admin.client({ token: parseAgentKubeconfig(kubeconfig).token }), forbidden, touched),
    });
    for (let i = 0; i < 2; i++) {
      const report = await agent.runOnce();
      expect(report.state).toBe('synced');
      if (report.state === 'synced') {
        expect(report.unreadable).toEqual([]);
        expect(report.reportWritten).toBe(true);
        expect(report.results.filter((r) => r.outcome === 'failed')).toEqual([]);
      }
      fleet.clock.advance(60);
    }
    await fleet.syncAdmin();
    expect(forbidden).toEqual([]);

    const admin = fleet.admin.client();
    for (const w of wrappers) {
      const current = await admin.get<
        KubeObject & { status?: { clusters?: { name: string; state: string }[] } }
      >({ apiVersion: w.apiVersion, kind: w.kind, namespace: ns, name: w.metadata.name ?? '' });
      expect(
        current.status?.clusters?.map((c) => `${c.name}=${c.state}`),
        w.kind,
      ).toEqual(['managed1=Succeeded']);
    }
    const vmc = await admin.get<KubeObject & { status?: { lastAgentConnectTime?: string } }>({
      apiVersion: 'clusters.verrazzano.io/v1alpha1',
      kind: 'VerrazzanoManagedCluster',
      namespace: 'verrazzano-mc',
      name: 'managed1',
    });
    expect(vmc.status?.lastAgentConnectTime).toBeTruthy();
    // Every admin request is granted by the role, and none is for the kinds only Verrazzano's other
    // components use: the agent would run with the role narrowed, but it is kept identical.
    const granted = grants(VERRAZZANO_RULES);
    expect([...touched].filter((t) => !granted.has(t))).toEqual([]);
    expect([...touched].filter((t) => /^(batch|mysql\.oracle\.com)\/|loggingscopes/.test(t))).toEqual([]);
  });
});

/** Plural and group of the kinds the agent reads on the admin. */
const RESOURCES: Record<string, string> = {
  Secret: '/secrets',
  Component: 'core.oam.dev/components',
  VerrazzanoProject: 'clusters.verrazzano.io/verrazzanoprojects',
  VerrazzanoManagedCluster: 'clusters.verrazzano.io/verrazzanomanagedclusters',
  MultiClusterConfigMap: 'clusters.verrazzano.io/multiclusterconfigmaps',
  MultiClusterSecret: 'clusters.verrazzano.io/multiclustersecrets',
  MultiClusterComponent: 'clusters.verrazzano.io/multiclustercomponents',
  MultiClusterApplicationConfiguration: 'clusters.verrazzano.io/multiclusterapplicationconfigurations',
};

/** The RBAC verb (and subresource) of a client method. */
const VERBS: Record<string, [string, string]> = {
  get: ['get', ''],
  list: ['list', ''],
  watch: ['watch', ''],
  create: ['create', ''],
  replace: ['update', ''],
  apply: ['patch', ''],
  delete: ['delete', ''],
  updateStatus: ['update', '/status'],
};

/**
 * The admin client as the agent uses it: records `group/resource verb` of every request and the
 * message of every Forbidden, and rethrows.
 */
function recording(client: ClusterClient, forbidden: string[], touched: Set<string>): ClusterClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const first = args[0];
        const kind =
          typeof first === 'string'
            ? String(args[1])
            : String((first as { kind?: string } | undefined)?.kind);
        const [verb, sub] = VERBS[String(prop)] ?? [String(prop), ''];
        touched.add(`${RESOURCES[kind] ?? `?${kind}`}${sub} ${verb}`);
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!(result instanceof Promise)) return result;
        return result.catch((error: unknown) => {
          if ((error as { reason?: string }).reason === 'Forbidden') forbidden.push((error as Error).message);
          throw error;
        });
      };
    },
  });
}
