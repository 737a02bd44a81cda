import { describe, expect, it } from 'vitest';
import {
  copyComponent,
  copyProject,
  copySecret,
  copyWrapper,
  expandProject,
  isVzmcManaged,
  unwrap,
  type MultiClusterWrapper,
} from '../../../src/index.js';
import { component, deepFreeze, mcapp, mccm, mcsecret, project, secret } from '../../support/fleet.js';

describe('unwrapping (spec §3.1–§3.5)', () => {
  it("U1: name and namespace come from the wrapper; the template's are ignored (scenario 29)", () => {
    const cm = unwrap(deepFreeze(mccm('unit-mccm', 'unit-mccm-namespace', ['local'])));
    expect(cm.metadata.name).toBe('unit-mccm');
    expect(cm.metadata.namespace).toBe('unit-mccm-namespace');
    expect(cm).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', data: { k: 'v' } });
  });

  it("U2/U3: labels and annotations are the template's, plus verrazzano-managed=true (which wins) and vzmc's markers", () => {
    const w = mccm('c', 'ns', ['local']);
    w.spec!.template.metadata = {
      labels: { a: 'b', 'verrazzano-managed': 'false' },
      annotations: { note: 'x' },
    };
    w.metadata.labels = { 'wrapper-only': 'yes' };
    const cm = unwrap(deepFreeze(w));
    expect(cm.metadata.labels).toEqual({ a: 'b', 'verrazzano-managed': 'true', 'vzmc.dev/managed': 'true' });
    expect(cm.metadata.annotations).toEqual({ note: 'x', 'vzmc.dev/source': 'MultiClusterConfigMap/ns/c' });
    expect(isVzmcManaged(cm)).toBe(true);
  });

  it('U4: no ownerReferences or finalizers on the unwrapped object', () => {
    const cm = unwrap(mccm('c', 'ns', ['local']));
    expect(cm.metadata.ownerReferences).toBeUndefined();
    expect(cm.metadata.finalizers).toBeUndefined();
  });

  it('§3.2: an MC app config becomes an ApplicationConfiguration with spec = template.spec (scenario 34)', () => {
    const app = deepFreeze(mcapp('hello', 'ns', ['local'], { components: ['c1'] }));
    const out = unwrap(app);
    expect(out).toEqual({
      apiVersion: 'core.oam.dev/v1alpha2',
      kind: 'ApplicationConfiguration',
      metadata: {
        name: 'hello',
        namespace: 'ns',
        labels: { 'verrazzano-managed': 'true', 'vzmc.dev/managed': 'true' },
        annotations: { version: 'v1', 'vzmc.dev/source': 'MultiClusterApplicationConfiguration/ns/hello' },
      },
      spec: { components: [{ componentName: 'c1' }] },
    });
  });

  it('§3.5: an MC secret becomes a Secret; stringData is stored as data, type defaults to Opaque', () => {
    const s = unwrap(deepFreeze(mcsecret('s', 'ns', ['local'])));
    expect(s).toMatchObject({ kind: 'Secret', type: 'Opaque', data: { password: 'cHc=' } });
    expect(s).not.toHaveProperty('stringData');
  });
});

describe('agent copies (spec §3.6)', () => {
  it('VerrazzanoProject copy keeps placement and template and gets verrazzano-managed=true (scenario 5)', () => {
    const vp = deepFreeze(project('p1', ['ns1'], ['managed1']));
    const copy = copyProject(vp);
    expect(copy.spec).toEqual(vp.spec);
    expect(copy.metadata.labels).toEqual({ 'verrazzano-managed': 'true', 'vzmc.dev/managed': 'true' });
    expect(copy.status).toBeUndefined();
  });

  it('the MC app config copy has no spec.secrets (C2, B24) and gets verrazzano-managed=true', () => {
    const copy = copyWrapper(
      deepFreeze(mcapp('a', 'ns', ['m1'], { secrets: ['s1'] })) as MultiClusterWrapper,
    );
    expect(copy.spec).not.toHaveProperty('secrets');
    expect(copy.metadata.labels?.['verrazzano-managed']).toBe('true');
  });

  it("B14: a MultiClusterSecret copy does not get verrazzano-managed, like Verrazzano's", () => {
    const copy = copyWrapper(deepFreeze(mcsecret('s', 'ns', ['m1'])) as MultiClusterWrapper);
    expect(copy.metadata.labels).toEqual({ 'vzmc.dev/managed': 'true' });
  });

  it("a Secret listed in spec.secrets keeps its labels and gets the agent's (scenario 24; B1: the app config set is an annotation)", () => {
    const copy = copySecret(deepFreeze(secret('s1', 'ns', { label1: 'test1' })), 'managed1', [
      'unit-mcappconfig',
    ]);
    expect(copy.metadata.labels).toEqual({
      label1: 'test1',
      'verrazzano.io/managed-cluster': 'managed1',
      'verrazzano-managed': 'true',
      'vzmc.dev/managed': 'true',
    });
    expect(copy.metadata.annotations?.['verrazzano.io/mc-app-configs']).toBe('unit-mcappconfig');
  });

  it('B1 fixed: a Secret shared by two app configs records both, sorted, in an annotation (scenario 28)', () => {
    const copy = copySecret(secret('s1', 'ns'), 'managed1', ['unit-mcappconfig2', 'unit-mcappconfig']);
    expect(copy.metadata.annotations?.['verrazzano.io/mc-app-configs']).toBe(
      'unit-mcappconfig,unit-mcappconfig2',
    );
    expect(copy.metadata.labels).not.toHaveProperty('verrazzano.io/mc-app-configs');
  });

  it("a copy never carries kubectl's last-applied annotation, which can hold Secret data in clear text", () => {
    const s = secret('s1', 'ns');
    s.metadata.annotations = {
      'kubectl.kubernetes.io/last-applied-configuration': '{"stringData":{"password":"hunter2"}}',
      keep: 'me',
    };
    const copy = copySecret(s, 'm1', ['a']);
    expect(JSON.stringify(copy)).not.toContain('hunter2');
    expect(copy.metadata.annotations?.keep).toBe('me');
  });

  it("a Component referenced by componentName gets the agent's labels (scenario 20)", () => {
    const copy = copyComponent(deepFreeze(component('hello', 'ns')), 'C', ['app']);
    expect(copy.metadata.labels).toEqual({
      'verrazzano.io/managed-cluster': 'C',
      'verrazzano-managed': 'true',
      'vzmc.dev/managed': 'true',
    });
    expect(copy.spec).toEqual(component('hello', 'ns').spec);
  });
});

describe('project expansion (spec §3.7)', () => {
  it('V1: namespaces get verrazzano-managed and istio-injection=enabled by default (scenario 12)', () => {
    const { namespaces } = expandProject(deepFreeze(project('p', ['a', 'b'], ['m1'])));
    expect(namespaces.map((n) => n.metadata.name)).toEqual(['a', 'b']);
    expect(namespaces[0]?.metadata.labels).toEqual({
      'verrazzano-managed': 'true',
      'istio-injection': 'enabled',
      'vzmc.dev/managed': 'true',
    });
  });

  it('V1: istio-injection follows verrazzano-system; a template label wins (scenario 12)', () => {
    const vp = project('p', ['a'], ['m1']);
    expect(
      expandProject(vp, { istioInjection: 'disabled' }).namespaces[0]?.metadata.labels?.['istio-injection'],
    ).toBe('disabled');
    vp.spec.template.namespaces[0]!.metadata.labels = { 'istio-injection': 'enabled' };
    expect(
      expandProject(vp, { istioInjection: 'disabled' }).namespaces[0]?.metadata.labels?.['istio-injection'],
    ).toBe('enabled');
  });

  it('V2: four project RoleBindings with the default groups, plus one per managed cluster (scenarios 9, 11)', () => {
    const { roleBindings } = expandProject(project('myproj', ['ns'], ['managed1', 'local', 'managed1']));
    expect(
      roleBindings.map((rb) => [
        rb.metadata.name,
        rb.roleRef.name,
        rb.subjects?.map((s) => `${s.kind}:${s.name}`),
      ]),
    ).toEqual([
      ['verrazzano-project-admin', 'verrazzano-project-admin', ['Group:verrazzano-project-myproj-admins']],
      ['admin', 'admin', ['Group:verrazzano-project-myproj-admins']],
      [
        'verrazzano-project-monitor',
        'verrazzano-project-monitor',
        ['Group:verrazzano-project-myproj-monitors'],
      ],
      ['view', 'view', ['Group:verrazzano-project-myproj-monitors']],
      [
        'verrazzano-cluster-managed1',
        'verrazzano-managed-cluster',
        ['ServiceAccount:verrazzano-cluster-managed1'],
      ],
    ]);
    expect(roleBindings[4]?.subjects?.[0]?.namespace).toBe('verrazzano-mc');
  });

  it('P17: never a verrazzano-cluster-local RoleBinding (scenario 10)', () => {
    const { roleBindings } = expandProject(project('p', ['ns'], ['local']));
    expect(roleBindings.map((rb) => rb.metadata.name)).not.toContain('verrazzano-cluster-local');
    expect(roleBindings).toHaveLength(4);
  });

  it('V2: projectAdminSubjects replace the default admin group (scenario 11)', () => {
    const vp = project('p', ['ns'], ['local']);
    vp.spec.template.security = { projectAdminSubjects: [{ kind: 'User', name: 'alice' }] };
    const { roleBindings } = expandProject(vp);
    expect(roleBindings[0]?.subjects).toEqual([
      { kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' },
    ]);
    expect(roleBindings[2]?.subjects?.[0]?.name).toBe('verrazzano-project-p-monitors');
  });

  it("V4: NetworkPolicies take the template's metadata and spec (scenario 13)", () => {
    const vp = project('p', ['ns'], ['local']);
    vp.spec.template.networkPolicies = [
      { metadata: { name: 'np', namespace: 'ns', labels: { x: 'y' } }, spec: { podSelector: {} } },
    ];
    const { networkPolicies } = expandProject(deepFreeze(vp));
    expect(networkPolicies).toEqual([
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: {
          name: 'np',
          namespace: 'ns',
          labels: { x: 'y', 'vzmc.dev/managed': 'true' },
          annotations: { 'vzmc.dev/source': 'VerrazzanoProject/verrazzano-mc/p' },
        },
        spec: { podSelector: {} },
      },
    ]);
  });
});
