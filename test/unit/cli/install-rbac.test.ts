/**
 * The RBAC that `vzmc install` prints is exact (issue #12, item 5): the agent and the admin
 * controller, each running as its ServiceAccount bound only to the printed rules, go through a
 * whole fleet story (registration, two applications deployed, one moved to the admin and back,
 * one removed, a cluster with metrics federation entries deregistered (D1, M5), leader election)
 * on in-memory clusters, whose authorizer is Kubernetes' RBAC, without one Forbidden; and with any
 * one verb removed, some request of that story fails with a Forbidden that names that verb and
 * resource (`bind`: a RoleBinding refused by the escalation check, which the in-memory cluster
 * makes as the server does; test/integration/install-real.test.ts and journey-real.test.ts prove
 * it on real API servers). Not proven here: the reads of a
 * Verrazzano install's kinds (NOT_IN_MEMORY) and one delete (NOT_REACHED_DELETE).
 */
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { createAdminController } from '../../../src/agent/admin-controller.js';
import { createLeaderElector } from '../../../src/agent/leader.js';
import { loadExample } from '../../../src/cli/demo/examples.js';
import { installManifests } from '../../../src/cli/install/manifests.js';
import { parseAgentKubeconfig, type ClusterClient, type KubeObject, Wiring } from '../../../src/index.js';
import { applyManifest, createAgent, registerOnAdmin, syncAdmin } from '../../../src/agent-entry.js';
import { createMemoryCluster, manualClock } from '../../../src/memory.js';
import { fleetPath, patchPath } from '../../support/corpus.js';

const MANAGED = ['managed1', 'managed2'] as const;

/**
 * A client that records the message of every Forbidden it meets, and of every RoleBinding write
 * the escalation check refused because the role it binds is missing (NotFound), and rethrows.
 */
function recording(client: ClusterClient, forbidden: string[]): ClusterClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        try {
          return await (value as (...a: unknown[]) => unknown).apply(target, args);
        } catch (error) {
          const reason = (error as { reason?: string }).reason;
          const write = ['create', 'replace', 'apply'].includes(String(prop));
          const binding = (args[0] as { kind?: string } | undefined)?.kind === 'RoleBinding';
          if (reason === 'Forbidden' || (reason === 'NotFound' && write && binding)) {
            forbidden.push((error as Error).message);
          }
          throw error;
        }
      };
    },
  });
}

const serviceAccount = (name: string) => ({
  user: `system:serviceaccount:verrazzano-system:${name}`,
  groups: ['system:serviceaccounts', 'system:serviceaccounts:verrazzano-system'],
});

/** The story, with `rules` for the two halves; returns the Forbidden messages met and the end state. */
async function story(rules: {
  admin: (o: KubeObject[]) => KubeObject[];
  agent: (o: KubeObject[]) => KubeObject[];
}) {
  const forbidden: string[] = [];
  const clock = manualClock(new Date('2026-12-05T10:00:00Z'));
  const admin = createMemoryCluster({ name: 'admin', clock });
  const managed = Object.fromEntries(MANAGED.map((n) => [n, createMemoryCluster({ name: n, clock })]));
  const root = admin.client();
  const put = async (client: ClusterClient, objects: readonly KubeObject[]) => {
    for (const o of objects) await client.apply(o, { fieldManager: 'kubectl', force: true });
  };
  await put(root, rules.admin(printed('admin')));
  const adminSa = recording(admin.client(serviceAccount('vzmc-admin')), forbidden);
  const agents = Object.fromEntries(
    MANAGED.map((name) => {
      const local = recording(managed[name]!.client(serviceAccount('vzmc-agent')), forbidden);
      const agent = createAgent({
        local,
        connectAdmin: (kubeconfig) => admin.client({ token: parseAgentKubeconfig(kubeconfig).token }),
        clock: () => clock(),
        random: () => 0.5,
        sleep: () => Promise.resolve(),
        // The story removes whole apps from small clusters within minutes: past the delete guard's
        // window unless allowed, as a user would with --max-delete-fraction 1. Every delete verb runs.
        plan: { maxDeleteFraction: 1 },
      });
      return [name, { agent, local }];
    }),
  );
  for (const name of MANAGED) {
    await put(managed[name]!.client(), rules.agent(printed('agent', name)));
    const manifest = await registerOnAdmin(root, name, {
      adminServer: 'https://admin.example.com:6443',
      adminCaBundle: '',
      wiring: Wiring.Verrazzano,
    });
    await applyManifest(managed[name]!.client(), manifest);
  }
  const passes = async () => {
    for (let i = 0; i < 2; i++) {
      await syncAdmin(adminSa, { clock: () => clock(), random: () => 0.5, sleep: () => Promise.resolve() });
      for (const name of MANAGED) await agents[name]!.agent.runOnce();
      clock.advance(30);
    }
  };
  // As a user does: the projects first (the admin controller creates their namespaces), then the rest.
  const apps = [
    ...(await loadExample(fleetPath('todo-list'))),
    ...(await loadExample(fleetPath('hello-helidon'))),
  ];
  // The ToDo project also carries a NetworkPolicy (V4), removed again below.
  const withPolicy = (o: KubeObject) =>
    o.kind === 'VerrazzanoProject' && o.metadata.name === 'todo-list'
      ? ({
          ...o,
          spec: {
            ...(o as unknown as { spec: { template: object } }).spec,
            template: {
              ...(o as unknown as { spec: { template: object } }).spec.template,
              networkPolicies: [
                { metadata: { name: 'todo-db', namespace: 'todo-list' }, spec: { podSelector: {} } },
              ],
            },
          },
        } as unknown as KubeObject)
      : o;
  await put(root, apps.filter((o) => o.kind === 'VerrazzanoProject').map(withPolicy));
  await passes();
  for (const ns of ['todo-list', 'hello-helidon'])
    await root.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }).catch(() => undefined);
  await put(
    root,
    apps.filter((o) => o.kind !== 'VerrazzanoProject'),
  );
  await passes();
  const deployed = await managed
    .managed1!.client()
    .list('core.oam.dev/v1alpha2', 'ApplicationConfiguration', { namespace: 'todo-list' });
  const helidon = {
    apiVersion: 'clusters.verrazzano.io/v1alpha1',
    kind: 'MultiClusterApplicationConfiguration',
    namespace: 'hello-helidon',
    name: 'hello-helidon',
  };
  const greeting = { ...helidon, kind: 'MultiClusterConfigMap', name: 'hello-helidon-greeting' };
  // kubectl patch --type merge with the example patches: the placement moves to the admin, and back.
  for (const file of [
    'patch-change-placement-to-admin.yaml',
    'patch-return-placement-to-managed-clusters.yaml',
  ]) {
    const { spec } = load(readFileSync(patchPath(file), 'utf8')) as { spec: { placement: unknown } };
    // Its ConfigMap too: the admin then creates a ConfigMap of its own (P15), after looking for a same-named one (P20).
    for (const key of [helidon, greeting]) {
      const current = await root.get<KubeObject & { spec: object }>(key);
      await root.replace({ ...current, spec: { ...current.spec, placement: spec.placement } });
    }
    await passes();
  }
  // The admin controller as a process runs it: its watches, then one pass.
  const watching = new AbortController();
  await createAdminController({ admin: adminSa, sleep: () => Promise.resolve(), random: () => 0.5 }).run(
    watching.signal,
    () => {
      watching.abort();
    },
  );
  // Removals: wrappers (their objects go), the NetworkPolicy (V4), managed2 from a project (V3).
  await root.delete(helidon);
  await root.delete({ ...helidon, kind: 'MultiClusterConfigMap', name: 'hello-helidon-greeting' });
  await root.delete({ ...helidon, namespace: 'todo-list', name: 'todo-app' });
  await put(
    root,
    apps.filter((o) => o.kind === 'VerrazzanoProject' && o.metadata.name === 'todo-list'),
  );
  const project = {
    apiVersion: helidon.apiVersion,
    kind: 'VerrazzanoProject',
    namespace: 'verrazzano-mc',
    name: 'hello-helidon',
  };
  const current = await root.get<KubeObject & { spec: { placement: object } }>(project);
  await root.replace({
    ...current,
    spec: { ...current.spec, placement: { clusters: [{ name: 'managed1' }] } },
  });
  await passes();
  // The admin rotates a registration key (§4.5): the agent copies it into its local Secret.
  const registration = {
    apiVersion: 'v1',
    kind: 'Secret',
    namespace: 'verrazzano-mc',
    name: 'verrazzano-cluster-managed1-registration',
  };
  const secret = await root.get<KubeObject & { data: Record<string, string> }>(registration);
  await root.replace({ ...secret, data: { ...secret.data, 'es-url': btoa('https://es.example.com') } });
  await passes();
  // Metrics federation of both clusters, as Verrazzano's VMC controller writes it (M1, M2, M4).
  await put(root, federationObjects());
  // Deregistration as a user does it: delete the VMC; the admin pass cleans up what it owned (D1)
  // and its federation entries (M5).
  await root.delete({
    apiVersion: helidon.apiVersion,
    kind: 'VerrazzanoManagedCluster',
    namespace: 'verrazzano-mc',
    name: 'managed2',
  });
  await passes();
  for (const [client, name] of [
    [adminSa, 'vzmc-admin'],
    [agents.managed1!.local, 'vzmc-agent'],
  ] as const) {
    const stop = new AbortController();
    // A refused Lease makes the elector retry for ever: the story stops it after a while.
    const timer = setTimeout(() => {
      stop.abort();
    }, 1500);
    await createLeaderElector({
      client,
      namespace: 'verrazzano-system',
      name,
      releaseOnCancel: true,
      sleep: () => new Promise((resolve) => setTimeout(resolve, 1)),
    }).run(stop.signal, {
      onStartedLeading: () => {
        stop.abort();
      },
    });
    clearTimeout(timer);
  }
  const gone = await managed
    .managed1!.client()
    .list('core.oam.dev/v1alpha2', 'ApplicationConfiguration', { namespace: 'todo-list' });
  const monitoring = await root.list<KubeObject & { data?: Record<string, string> }>('v1', 'Secret', {
    namespace: 'verrazzano-monitoring',
  });
  const ca = monitoring.items.find((o) => o.metadata.name === 'managed-cluster-ca-certs');
  return {
    forbidden,
    todoApps: deployed.items.map((o) => o.metadata.name),
    afterRemoval: gone.items.length,
    caKeys: Object.keys(ca?.data ?? {}),
  };
}

/** The namespace and the three federation objects, with entries of managed1 and managed2. */
function federationObjects(): KubeObject[] {
  const monitoring = 'verrazzano-monitoring';
  const jobs = MANAGED.map(
    (c) => `- job_name: ${c}\n  static_configs:\n    - targets: [prometheus.${c}.example.com]\n`,
  );
  const endpoints = MANAGED.map(
    (c) => `- targets: ['thanos.${c}.example.com:443']\n  labels:\n    verrazzano_cluster: ${c}\n`,
  );
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: monitoring } },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'managed-cluster-ca-certs', namespace: monitoring },
      data: Object.fromEntries(MANAGED.map((c) => [`ca-${c}`, btoa(`PEM of ${c}`)])),
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'additional-scrape-configs', namespace: monitoring },
      data: { jobs: btoa(jobs.join('')) },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'verrazzano-thanos-endpoints', namespace: monitoring },
      data: { 'servicediscovery.yml': endpoints.join('') },
    },
  ];
}

type Objects = KubeObject[];

/**
 * Known gap: this story removes wrappers, yet no pass deletes a ConfigMap or a Secret in it, so the
 * `delete` of the rule for configmaps and secrets is not proven needed here (the planner does
 * delete them when a wrapper's object is no longer desired: GC_KIND_ORDER in src/desired/order.ts).
 */
const NOT_REACHED_DELETE = true;

/** Resources the in-memory cluster does not serve (a Verrazzano install's), so no story can read them. */
const NOT_IN_MEMORY = new Set(['verrazzanos', 'ingresses']);
type Rule = { resources: string[]; verbs: string[]; resourceNames?: string[] };

/** What `vzmc install` prints, but the Deployment (the in-memory cluster runs no Pods). */
const printed = (half: 'admin' | 'agent', cluster?: string): Objects =>
  installManifests(half, { image: 'i', ...(cluster ? { cluster } : {}) }).filter(
    (o) => o.kind !== 'Deployment',
  );

const vzmcRole = (o: KubeObject) =>
  (o.kind === 'ClusterRole' || o.kind === 'Role') && (o.metadata.name ?? '').startsWith('vzmc-');

/** The printed objects of one half with one verb of one rule of one of its own Roles removed, for every such verb. */
function withoutOneVerb(half: 'admin' | 'agent') {
  const objects = printed(half, 'managed1');
  const variants: {
    title: string;
    half: typeof half;
    verb: string;
    resources: readonly string[];
    edit: (o: Objects) => Objects;
  }[] = [];
  objects.forEach((role) => {
    if (!vzmcRole(role)) return;
    const rules = (role as unknown as { rules: Rule[] }).rules;
    rules.forEach((rule, i) => {
      for (const verb of rule.verbs) {
        // Nor the kinds of a Verrazzano install the agent reports on (§4.6; it reads them when present).
        if (rule.resources.some((r) => NOT_IN_MEMORY.has(r))) continue;
        if (verb === 'delete' && rule.resources.includes('configmaps') && NOT_REACHED_DELETE) continue;
        const where = role.kind === 'Role' ? `Role in ${role.metadata.namespace}` : 'ClusterRole';
        const edited = rules.map((r, j) =>
          j === i ? { ...r, verbs: r.verbs.filter((v) => v !== verb) } : r,
        );
        variants.push({
          title: `${half} ${where}: ${verb} ${rule.resources.join(',')}${rule.resourceNames ? ` (${rule.resourceNames.join(',')})` : ''}`,
          half,
          verb,
          resources: rule.resources,
          edit: (list) =>
            list.map((o) =>
              o.kind === role.kind &&
              o.metadata.name === role.metadata.name &&
              o.metadata.namespace === role.metadata.namespace
                ? { ...o, rules: edited }
                : o,
            ),
        });
      }
    });
  });
  return variants;
}

const asIs = (o: Objects) => o;

describe('vzmc install: the printed RBAC is exactly what the code needs', () => {
  it('the whole story runs as the two ServiceAccounts without one Forbidden (P13, P15, V2, D2, M5)', async () => {
    const { forbidden, todoApps, afterRemoval, caKeys } = await story({ admin: asIs, agent: asIs });
    expect(forbidden).toEqual([]);
    expect(todoApps).toEqual(['todo-app']);
    expect(afterRemoval).toBe(0);
    // M5: managed2's federation entries left with its VMC.
    expect(caKeys).toEqual(['ca-managed1']);
  }, 30_000);

  const variants = [...withoutOneVerb('admin'), ...withoutOneVerb('agent')];
  it.each(variants.map((v) => [v.title, v] as const))(
    'without %s, a request fails naming that verb',
    async (_t, v) => {
      const { forbidden } = await story(
        v.half === 'admin' ? { admin: v.edit, agent: asIs } : { admin: asIs, agent: v.edit },
      );
      // Without `bind`, the escalation check refuses a RoleBinding: the role is not held
      // ("attempting to grant RBAC permissions not currently held") or, missing, is NotFound.
      const refusedBinding = (m: string) =>
        m.startsWith('rolebindings.rbac.authorization.k8s.io') &&
        (m.includes('attempting to grant RBAC permissions not currently held') || m.endsWith('not found'));
      const named = forbidden.filter((m) =>
        v.verb === 'bind'
          ? refusedBinding(m)
          : v.resources.some((r) => m.includes(`cannot ${v.verb} resource "${r}"`)),
      );
      expect(named.length, forbidden.join('\n')).toBeGreaterThan(0);
    },
    // Each runs the whole story on in-memory clusters: 0.3–5 s alone, twice that on a busy machine.
    30_000,
  );
});
