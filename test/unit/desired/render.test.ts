import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyMergePatch } from '../../../src/internal/merge-patch.js';
import {
  compareDesired,
  EMPTY_FLEET,
  explainPlacement,
  fleetFromObjects,
  loadSources,
  loadText,
  placedClusters,
  readManifestSources,
  renderCluster,
  renderObjects,
  sourceOfManaged,
  type Fleet,
  type KubeObject,
} from '../../../src/index.js';
import { describeWithCorpus, examplePath, fleetPath, patchPath, readExample } from '../../support/corpus.js';
import { component, deepFreeze, mcapp, mccm, project, secret, vmc } from '../../support/fleet.js';

async function exampleFleet(...paths: string[][]): Promise<KubeObject[]> {
  const sources = await readManifestSources(paths.map((p) => examplePath(...p)));
  return loadSources(sources).objects.map((o) => o.object);
}

const summary = (objects: KubeObject[]) =>
  objects.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`);

describeWithCorpus('render: the ToDo example (spec §3.8)', async () => {
  const fleet = deepFreeze(fleetFromObjects(await exampleFleet(['todo-list'], ['vmc-managed1.yaml'])));

  it('on managed1: the VP copy (in verrazzano-mc, which the agent creates), the namespace, 5 RoleBindings, 3 Secrets, 5 Components, the MCAppConfig copy and the ApplicationConfiguration', () => {
    expect(summary(renderObjects(fleet, 'managed1'))).toEqual([
      'Namespace /verrazzano-mc',
      'VerrazzanoProject verrazzano-mc/todo-list',
      'Namespace /mc-todo-list',
      'RoleBinding mc-todo-list/admin',
      'RoleBinding mc-todo-list/verrazzano-cluster-managed1',
      'RoleBinding mc-todo-list/verrazzano-project-admin',
      'RoleBinding mc-todo-list/verrazzano-project-monitor',
      'RoleBinding mc-todo-list/view',
      'Secret mc-todo-list/tododomain-jdbc-tododb',
      'Secret mc-todo-list/tododomain-repo-credentials',
      'Secret mc-todo-list/tododomain-weblogic-credentials',
      'Component mc-todo-list/mysql-initdb-config',
      'Component mc-todo-list/todo-domain',
      'Component mc-todo-list/todo-jdbc-config',
      'Component mc-todo-list/todo-mysql-deployment',
      'Component mc-todo-list/todo-mysql-service',
      'MultiClusterApplicationConfiguration mc-todo-list/todo-appconf',
      'ApplicationConfiguration mc-todo-list/todo-appconf',
    ]);
  });

  it('labels and markers as §3.8 says', () => {
    const objects = renderObjects(fleet, 'managed1');
    const find = (kind: string, name: string) =>
      objects.find((o) => o.kind === kind && o.metadata.name === name)!;
    expect(find('Namespace', 'mc-todo-list').metadata.labels).toEqual({
      'verrazzano-managed': 'true',
      'istio-injection': 'enabled',
      'vzmc.dev/managed': 'true',
    });
    expect(find('Secret', 'tododomain-jdbc-tododb').metadata.labels).toEqual({
      'weblogic.domainUID': 'tododomain',
      'verrazzano.io/managed-cluster': 'managed1',
      'verrazzano-managed': 'true',
      'vzmc.dev/managed': 'true',
    });
    expect(
      find('Secret', 'tododomain-jdbc-tododb').metadata.annotations?.['verrazzano.io/mc-app-configs'],
    ).toBe('todo-appconf');
    for (const name of [
      'todo-domain',
      'todo-jdbc-config',
      'mysql-initdb-config',
      'todo-mysql-service',
      'todo-mysql-deployment',
    ]) {
      expect(find('Component', name).metadata.labels?.['verrazzano.io/managed-cluster']).toBe('managed1');
    }
    expect(find('MultiClusterApplicationConfiguration', 'todo-appconf').spec).not.toHaveProperty('secrets');
    const app = find('ApplicationConfiguration', 'todo-appconf');
    expect(app.metadata.labels?.['verrazzano-managed']).toBe('true');
    expect(app.metadata.annotations).toMatchObject({
      version: 'v1.0.0',
      description: 'ToDo List example application',
    });
    expect(sourceOfManaged(app)).toEqual({
      kind: 'MultiClusterApplicationConfiguration',
      namespace: 'mc-todo-list',
      name: 'todo-appconf',
    });
  });

  it('V7, P9–P12: each desired object names its admin source as a typed reference, the one its vzmc.dev/source annotation carries on the wire', () => {
    for (const cluster of ['managed1', 'local']) {
      for (const d of renderCluster(fleet, cluster)) expect(d.source).toEqual(sourceOfManaged(d.object));
    }
    const managed1 = renderCluster(fleet, 'managed1');
    const sourceOf = (kind: string, name: string) =>
      managed1.find((d) => d.object.kind === kind && d.object.metadata.name === name)!.source;
    const project = { kind: 'VerrazzanoProject', namespace: 'verrazzano-mc', name: 'todo-list' };
    const app = {
      kind: 'MultiClusterApplicationConfiguration',
      namespace: 'mc-todo-list',
      name: 'todo-appconf',
    };
    expect(sourceOf('Namespace', 'verrazzano-mc')).toEqual({
      kind: 'VerrazzanoManagedCluster',
      namespace: 'verrazzano-mc',
      name: 'managed1',
    });
    expect(sourceOf('VerrazzanoProject', 'todo-list')).toEqual(project);
    expect(sourceOf('Namespace', 'mc-todo-list')).toEqual(project);
    expect(sourceOf('RoleBinding', 'admin')).toEqual(project);
    expect(sourceOf('Secret', 'tododomain-jdbc-tododb')).toEqual({
      kind: 'Secret',
      namespace: 'mc-todo-list',
      name: 'tododomain-jdbc-tododb',
    });
    expect(sourceOf('Component', 'todo-domain')).toEqual({
      kind: 'Component',
      namespace: 'mc-todo-list',
      name: 'todo-domain',
    });
    expect(sourceOf('MultiClusterApplicationConfiguration', 'todo-appconf')).toEqual(app);
    expect(sourceOf('ApplicationConfiguration', 'todo-appconf')).toEqual(app);
  });

  it('on local: the namespace and RoleBindings, and no ApplicationConfiguration (P13, P15)', () => {
    expect(summary(renderObjects(fleet, 'local'))).toEqual([
      'Namespace /mc-todo-list',
      'RoleBinding mc-todo-list/admin',
      'RoleBinding mc-todo-list/verrazzano-cluster-managed1',
      'RoleBinding mc-todo-list/verrazzano-project-admin',
      'RoleBinding mc-todo-list/verrazzano-project-monitor',
      'RoleBinding mc-todo-list/view',
    ]);
  });

  it('is deterministic: byte-identical across runs', () => {
    expect(JSON.stringify(renderCluster(fleet, 'managed1'))).toBe(
      JSON.stringify(renderCluster(fleet, 'managed1')),
    );
  });
});

describeWithCorpus('render: hello-helidon moved to local by its patch (P19, scenario 55)', async () => {
  const objects = await exampleFleet(['hello-helidon'], ['vmc-managed1.yaml']);
  const patch = loadText(readExample('hello-helidon', 'patch-change-placement-to-admin.yaml'), 'patch.yaml');
  const patchValue = (await import('js-yaml')).load(
    readExample('hello-helidon', 'patch-change-placement-to-admin.yaml'),
  );
  expect(patch.objects).toEqual([]); // a fragment, not an object
  const patched = objects.map((o) =>
    o.kind === 'MultiClusterApplicationConfiguration' ? (applyMergePatch(o, patchValue) as KubeObject) : o,
  );
  const fleet = fleetFromObjects(patched);

  it('renders the app on local and nothing of it on managed1', () => {
    expect(summary(renderObjects(fleet, 'local'))).toContain(
      'ApplicationConfiguration hello-helidon/hello-helidon',
    );
    const managed = summary(renderObjects(fleet, 'managed1'));
    expect(managed.filter((s) => s.includes('hello-helidon/hello-helidon'))).toEqual([]);
    expect(managed).not.toContain('Component hello-helidon/hello-helidon-component');
  });

  it('explain names the failing gate for managed1', () => {
    const app = fleet.wrappers[0]!;
    const decision = explainPlacement(fleet, app, 'managed1');
    expect(decision.placed).toBe(false);
    expect(decision.gates.find((g) => !g.ok)).toMatchObject({
      gate: 'resource-placement',
      detail: 'its placement [local] does not name managed1',
    });
  });

  it("the example's return patch restores it on managed1", async () => {
    const back = (await import('js-yaml')).load(
      readExample('hello-helidon', 'patch-return-placement-to-managed1.yaml'),
    );
    const restored = fleetFromObjects(
      patched.map((o) =>
        o.kind === 'MultiClusterApplicationConfiguration' ? (applyMergePatch(o, back) as KubeObject) : o,
      ),
    );
    expect(summary(renderObjects(restored, 'managed1'))).toContain(
      'ApplicationConfiguration hello-helidon/hello-helidon',
    );
    expect(summary(renderObjects(restored, 'local'))).not.toContain(
      'ApplicationConfiguration hello-helidon/hello-helidon',
    );
  });
});

describe("render: vzmc's example fleet, hello-helidon moved to local with its patch and back (P19)", async () => {
  const sources = await readManifestSources([
    fleetPath('hello-helidon'),
    fleetPath('vmc-managed1.yaml'),
    fleetPath('vmc-managed2.yaml'),
  ]);
  const objects = loadSources(sources).objects.map((o) => o.object);
  const patchOf = async (name: string) =>
    (await import('js-yaml')).load(readFileSync(patchPath(name), 'utf8'));
  // The patches are for what has a placement: the project and the MC wrappers.
  const placed = (o: KubeObject) => o.kind === 'VerrazzanoProject' || o.kind.startsWith('MultiCluster');
  const patchAll = (from: readonly KubeObject[], patch: unknown) =>
    from.map((o) => (placed(o) ? (applyMergePatch(o, patch) as KubeObject) : o));
  const onLocal = patchAll(objects, await patchOf('patch-change-placement-to-admin.yaml'));
  const back = patchAll(onLocal, await patchOf('patch-return-placement-to-managed-clusters.yaml'));
  const helidon = (cluster: string, fleet: Fleet) =>
    summary(renderObjects(fleet, cluster)).filter(
      (s) => s.startsWith('ApplicationConfiguration') || s.startsWith('ConfigMap'),
    );

  it('as written: the app and its ConfigMap on managed1 and managed2, not on local', () => {
    const fleet = fleetFromObjects(objects);
    const expected = [
      'ConfigMap hello-helidon/hello-helidon-greeting',
      'ApplicationConfiguration hello-helidon/hello-helidon',
    ];
    expect(helidon('managed1', fleet)).toEqual(expected);
    expect(helidon('managed2', fleet)).toEqual(expected);
    expect(helidon('local', fleet)).toEqual([]);
  });

  it('patched to local: both unwrap on the admin, and nothing of hello-helidon renders on the managed clusters', () => {
    const fleet = fleetFromObjects(onLocal);
    expect(helidon('local', fleet)).toEqual([
      'ConfigMap hello-helidon/hello-helidon-greeting',
      'ApplicationConfiguration hello-helidon/hello-helidon',
    ]);
    for (const cluster of ['managed1', 'managed2'])
      expect(summary(renderObjects(fleet, cluster)).filter((s) => s.includes('hello-helidon'))).toEqual([]);
  });

  it('the return patch restores the placement as written', () => {
    expect(back).toEqual(objects);
  });
});

describe('render rules', () => {
  it('P11: without an admin Component, a MultiClusterComponent of that name provides it, and nothing is copied (scenario 21)', () => {
    const fleet: Fleet = {
      ...EMPTY_FLEET,
      managedClusters: [vmc('C')],
      projects: [project('p', ['ns'], ['C'])],
      wrappers: [mcapp('app', 'ns', ['C'], { components: ['hello'] })],
    };
    expect(summary(renderObjects(fleet, 'C')).filter((s) => s.startsWith('Component'))).toEqual([]);
    const withComponent = { ...fleet, components: [component('hello', 'ns')] };
    expect(summary(renderObjects(withComponent, 'C'))).toContain('Component ns/hello');
  });

  it('P10: a Secret shared by two placed app configs is rendered once, naming both', () => {
    const fleet: Fleet = {
      ...EMPTY_FLEET,
      managedClusters: [vmc('C')],
      projects: [project('p', ['ns'], ['C'])],
      wrappers: [mcapp('b', 'ns', ['C'], { secrets: ['s1'] }), mcapp('a', 'ns', ['C'], { secrets: ['s1'] })],
      secrets: [secret('s1', 'ns')],
    };
    const secrets = renderObjects(fleet, 'C').filter((o) => o.kind === 'Secret');
    expect(secrets).toHaveLength(1);
    expect(secrets[0]?.metadata.annotations?.['verrazzano.io/mc-app-configs']).toBe('a,b');
  });
});

// --- Property tests over random fleets ------------------------------------------------------

const names = fc.constantFrom('m1', 'm2', 'm3', 'local');
const nsNames = fc.constantFrom('a', 'b', 'c');
const randomFleet = fc
  .record({
    vmcs: fc.uniqueArray(fc.constantFrom('m1', 'm2', 'm3'), { maxLength: 3 }),
    projects: fc.array(
      fc.record({
        namespaces: fc.uniqueArray(nsNames, { minLength: 1, maxLength: 2 }),
        clusters: fc.array(names, { maxLength: 3 }),
      }),
      { maxLength: 3 },
    ),
    wrappers: fc.array(
      fc.record({
        kind: fc.constantFrom('app', 'cm'),
        ns: nsNames,
        clusters: fc.array(names, { maxLength: 3 }),
        secrets: fc.uniqueArray(fc.constantFrom('s1', 's2'), { maxLength: 2 }),
      }),
      { maxLength: 6 },
    ),
  })
  .map(({ vmcs, projects, wrappers }) => {
    const fleet: Fleet = {
      ...EMPTY_FLEET,
      managedClusters: vmcs.map(vmc),
      projects: projects.map((p, i) => project(`p${i}`, p.namespaces, p.clusters)),
      wrappers: wrappers.map((w, i) =>
        w.kind === 'app'
          ? mcapp(`w${i}`, w.ns, w.clusters, { secrets: w.secrets, components: ['c1'] })
          : mccm(`w${i}`, w.ns, w.clusters),
      ),
      secrets: ['a', 'b', 'c'].flatMap((ns) => [secret('s1', ns), secret('s2', ns)]),
      components: ['a', 'b'].map((ns) => component('c1', ns)),
    };
    return deepFreeze(fleet);
  });

describe('properties', () => {
  it("nothing is ever placed on a cluster absent from the resource's placement (local included)", () => {
    fc.assert(
      fc.property(randomFleet, (fleet) => {
        for (const w of fleet.wrappers) {
          const placement = w.spec!.placement.clusters.map((c) => c.name);
          for (const c of placedClusters(fleet, w)) expect(placement).toContain(c);
          for (const cluster of ['m1', 'm2', 'm3', 'local']) {
            const rendered = renderObjects(fleet, cluster).filter(
              (o) => sourceOfManaged(o)?.name === w.metadata.name && sourceOfManaged(o)?.kind === w.kind,
            );
            if (!placement.includes(cluster)) expect(rendered).toEqual([]);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('render is deterministic and never mutates its input (deep-frozen fleets)', () => {
    fc.assert(
      fc.property(randomFleet, (fleet) => {
        for (const cluster of ['m1', 'm2', 'local']) {
          const rendered = renderCluster(fleet, cluster);
          // P32: the order is exactly compareDesired's (render sorts by a precomputed key).
          expect([...rendered].sort(compareDesired)).toEqual(rendered);
          const a = JSON.stringify(rendered);
          const shuffled: Fleet = {
            ...fleet,
            wrappers: [...fleet.wrappers].reverse(),
            projects: [...fleet.projects].reverse(),
          };
          expect(JSON.stringify(renderCluster(fleet, cluster))).toBe(a);
          // The order of the input does not change the objects rendered, only ties are broken by name.
          expect(
            renderObjects(shuffled, cluster)
              .map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)
              .sort(),
          ).toEqual(
            renderObjects(fleet, cluster)
              .map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)
              .sort(),
          );
        }
      }),
      { numRuns: 200 },
    );
  });
});
