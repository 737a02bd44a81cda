import { describe, expect, it } from 'vitest';
import {
  type MultiClusterApplicationConfiguration,
  type MultiClusterConfigMap,
  type VerrazzanoManagedCluster,
  type VerrazzanoProject,
} from '../../../src/model/index.js';
import {
  admitManagedCluster,
  admitProject,
  admitWrapper,
  type VerrazzanoInstallFacts,
} from '../../../src/validation/index.js';

const mccm = (
  clusters: string[],
  extra: Partial<MultiClusterConfigMap['metadata']> = {},
): MultiClusterConfigMap => ({
  apiVersion: 'clusters.verrazzano.io/v1alpha1',
  kind: 'MultiClusterConfigMap',
  metadata: { name: 'cm', namespace: 'app', ...extra },
  spec: { placement: { clusters: clusters.map((name) => ({ name })) }, template: { data: { a: 'b' } } },
});

const mcapp = (secrets: string[], namespace = 'verrazzano-mc'): MultiClusterApplicationConfiguration => ({
  apiVersion: 'clusters.verrazzano.io/v1alpha1',
  kind: 'MultiClusterApplicationConfiguration',
  metadata: { name: 'app', namespace },
  spec: { placement: { clusters: [{ name: 'local' }] }, secrets, template: { spec: { components: [] } } },
});

const project = (
  name: string,
  namespaces: string[],
  clusters: string[] = ['local'],
  overrides: Partial<VerrazzanoProject> = {},
): VerrazzanoProject => ({
  apiVersion: 'clusters.verrazzano.io/v1alpha1',
  kind: 'VerrazzanoProject',
  metadata: { name, namespace: 'verrazzano-mc' },
  spec: {
    placement: { clusters: clusters.map((c) => ({ name: c })) },
    template: { namespaces: namespaces.map((ns) => ({ metadata: { name: ns } })) },
  },
  ...overrides,
});

const messages = (findings: { message: string }[]) => findings.map((f) => f.message);

describe('wrapper webhooks (spec §6.2)', () => {
  it('W1: an empty placement is denied (scenario 49)', () => {
    expect(admitWrapper(mccm([]))).toMatchObject([
      { ruleId: 'W1', code: 'placement/empty', message: 'One or more target clusters must be provided' },
    ]);
  });

  it('W1: a non-empty placement passes', () => {
    expect(admitWrapper(mccm(['local']))).toEqual([]);
  });

  it('W2: a cluster without a VMC is denied on the admin, naming it (scenario 50)', () => {
    const findings = admitWrapper(mccm(['invalid-cluster-name']), { registeredClusters: ['managed1'] });
    expect(findings).toMatchObject([{ ruleId: 'W2', path: ['spec', 'placement', 'clusters', 0, 'name'] }]);
    expect(messages(findings)).toEqual([
      'target managed cluster invalid-cluster-name is not registered: verrazzanomanagedclusters.clusters.verrazzano.io "invalid-cluster-name" not found',
    ]);
  });

  it('W2: local and registered clusters pass; on a managed cluster W2 is skipped (P16, scenario 50)', () => {
    expect(admitWrapper(mccm(['local', 'managed1']), { registeredClusters: ['managed1'] })).toEqual([]);
    expect(admitWrapper(mccm(['elsewhere']), { registeredClusters: [], managedCluster: true })).toEqual([]);
  });

  it('W3: missing secrets are listed, comma-joined in spec order (scenario 51)', () => {
    const findings = admitWrapper(mcapp(['secret1', 'secret2']), { secretsByNamespace: new Map() });
    expect(findings).toMatchObject([{ ruleId: 'W3' }]);
    expect(messages(findings)).toEqual([
      'secret(s) secret1,secret2 specified in MultiClusterApplicationConfiguration not found in namespace verrazzano-mc',
    ]);
    expect(
      messages(
        admitWrapper(mcapp(['secret1', 'secret2']), {
          secretsByNamespace: new Map([['verrazzano-mc', new Set(['secret2'])]]),
        }),
      ),
    ).toEqual([
      'secret(s) secret1 specified in MultiClusterApplicationConfiguration not found in namespace verrazzano-mc',
    ]);
  });

  it('W3: present secrets pass', () => {
    expect(
      admitWrapper(mcapp(['s1']), { secretsByNamespace: new Map([['verrazzano-mc', new Set(['s1'])]]) }),
    ).toEqual([]);
  });

  it('an object being deleted is admitted without checks (scenario 53)', () => {
    expect(admitWrapper(mccm([], { deletionTimestamp: '2024-01-01T00:00:00Z' }))).toEqual([]);
  });

  it('a wrapper in a namespace of no project is admitted (scenario 54, since v1.4.0)', () => {
    expect(admitWrapper(mccm(['local']), { projects: [] })).toEqual([]);
  });
});

describe('VerrazzanoProject webhook (spec §6.3)', () => {
  it('W4: a project outside verrazzano-mc is denied (scenario 52)', () => {
    const vp = project('p', ['a']);
    vp.metadata.namespace = 'default';
    expect(admitProject(vp)).toMatchObject([
      { ruleId: 'W4', message: 'Namespace for the resource must be "verrazzano-mc"' },
    ]);
  });

  it('W5: a project without namespaces is denied', () => {
    expect(messages(admitProject(project('p', [])))).toEqual(['One or more namespaces must be provided']);
  });

  it('W6: a NetworkPolicy in a namespace outside the project is denied', () => {
    const vp = project('p', ['a']);
    vp.spec.template.networkPolicies = [
      { metadata: { name: 'net1', namespace: 'ns1' }, spec: { podSelector: {} } },
    ];
    expect(admitProject(vp)).toMatchObject([
      { ruleId: 'W6', message: 'namespace ns1 used in NetworkPolicy net1 does not exist in project' },
    ]);
    vp.spec.template.networkPolicies = [
      { metadata: { name: 'net1', namespace: 'a' }, spec: { podSelector: {} } },
    ];
    expect(admitProject(vp)).toEqual([]);
  });

  it('W7: a namespace used by another project is denied; updating the same project passes', () => {
    const other = project('other', ['shared']);
    expect(admitProject(project('p', ['shared']), { projects: [other] })).toMatchObject([
      {
        ruleId: 'W7',
        message:
          'project namespace shared already being used by project other. projects cannot share a namespace',
      },
    ]);
    expect(admitProject(project('other', ['shared']), { projects: [other] })).toEqual([]);
    expect(
      messages(admitProject(project('p', ['x']), { projects: { error: 'connection refused' } })),
    ).toEqual(['failed to get existing Verrazzano projects: connection refused']);
  });

  it('W8: the project placement follows W1 and W2', () => {
    expect(messages(admitProject(project('p', ['a'], [])))).toEqual([
      'One or more target clusters must be provided',
    ]);
    expect(admitProject(project('p', ['a'], ['managed9']), { registeredClusters: [] })).toMatchObject([
      { ruleId: 'W8' },
    ]);
    expect(admitProject(project('p', ['a'], ['local']), { registeredClusters: [] })).toEqual([]);
    expect(
      admitProject(project('p', ['a'], ['managed9']), { registeredClusters: [], managedCluster: true }),
    ).toEqual([]);
  });
});

describe('VerrazzanoManagedCluster webhook (spec §6.4)', () => {
  const vmc = (namespace = 'verrazzano-mc', caSecret?: string): VerrazzanoManagedCluster => ({
    apiVersion: 'clusters.verrazzano.io/v1alpha1',
    kind: 'VerrazzanoManagedCluster',
    metadata: { name: 'managed1', namespace },
    spec: caSecret ? { caSecret } : {},
  });
  const installed = (
    facts: Partial<VerrazzanoInstallFacts> = {},
  ): { verrazzano: VerrazzanoInstallFacts } => ({
    verrazzano: {
      installs: [{ installComplete: true, rancherEnabled: false }],
      adminConfigMap: { found: { server: 'https://testurl' } },
      caSecret: () => ({ found: {} }),
      ...facts,
    },
  });

  it('W9: a VMC outside verrazzano-mc is denied (scenario 44)', () => {
    expect(admitManagedCluster(vmc('default'))).toMatchObject([
      { ruleId: 'W9', message: 'Namespace for the resource must be verrazzano-mc' },
    ]);
  });

  it('W10: Verrazzano must be installed and its install complete', () => {
    expect(
      messages(
        admitManagedCluster(vmc(), installed({ installs: { error: 'no matches for kind "Verrazzano"' } })),
      ),
    ).toEqual(['Verrazzano must be installed: no matches for kind "Verrazzano"']);
    expect(
      messages(
        admitManagedCluster(
          vmc(),
          installed({ installs: [{ installComplete: false, rancherEnabled: false }] }),
        ),
      ),
    ).toEqual([
      'the Verrazzano install must successfully complete (run the command "kubectl get verrazzano -A" to view the install status)',
    ]);
    expect(messages(admitManagedCluster(vmc(), installed({ installs: [] })))).toHaveLength(1);
  });

  it('W11: the CA secret and the admin ConfigMap must exist and the server URL parse (scenario 44)', () => {
    expect(
      messages(
        admitManagedCluster(
          vmc('verrazzano-mc', 'ca-secret-managed1'),
          installed({ caSecret: () => ({ notFound: true }) }),
        ),
      ),
    ).toEqual(['The CA secret ca-secret-managed1 does not exist in namespace verrazzano-mc']);
    expect(
      messages(
        admitManagedCluster(
          vmc('verrazzano-mc', 'ca'),
          installed({ caSecret: () => ({ error: 'timeout' }) }),
        ),
      ),
    ).toEqual(['Error getting the CA secret ca namespace verrazzano-mc. Error: timeout']);
    expect(messages(admitManagedCluster(vmc(), installed({ adminConfigMap: { notFound: true } })))).toEqual([
      'The ConfigMap verrazzano-admin-cluster does not exist in namespace verrazzano-mc',
    ]);
    expect(messages(admitManagedCluster(vmc(), installed({ adminConfigMap: { error: 'boom' } })))).toEqual([
      'Error getting the ConfigMap verrazzano-admin-cluster namespace verrazzano-mc. Error: boom',
    ]);
    expect(
      messages(admitManagedCluster(vmc(), installed({ adminConfigMap: { found: { server: 'not a url' } } }))),
    ).toEqual([
      'Data with key "server" contains invalid url "not a url" in the ConfigMap verrazzano-admin-cluster namespace verrazzano-mc',
    ]);
    expect(messages(admitManagedCluster(vmc(), installed({ adminConfigMap: { found: {} } })))).toHaveLength(
      1,
    );
  });

  it('W11: passes with a valid server URL, and is skipped when Rancher is enabled', () => {
    expect(admitManagedCluster(vmc('verrazzano-mc', 'ca'), installed())).toEqual([]);
    expect(
      admitManagedCluster(
        vmc(),
        installed({
          installs: [{ installComplete: true, rancherEnabled: true }],
          adminConfigMap: { notFound: true },
        }),
      ),
    ).toEqual([]);
  });
});
