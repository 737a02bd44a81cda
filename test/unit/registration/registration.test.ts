import { describe, expect, it } from 'vitest';
import {
  REGISTRATION_KEYS,
  agentReport,
  deregistrationPlan,
  formatIssues,
  loadText,
  managedClusterClusterRole,
  registrationManifest,
  renderRegistration,
  toIssues,
  validateRegistration,
  vmcState,
  type VerrazzanoManagedCluster,
} from '../../../src/index.js';
import { deepFreeze, project } from '../../support/fleet.js';
import { TEST_CA_PEM } from '../../support/pki.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXRva2Vu.signature-with_chars';
const vmc = (name = 'managed1', namespace = 'verrazzano-mc'): VerrazzanoManagedCluster =>
  deepFreeze({
    apiVersion: 'clusters.verrazzano.io/v1alpha1',
    kind: 'VerrazzanoManagedCluster',
    metadata: { name, namespace },
  });
const inputs = { adminServer: 'https://admin.example.com:6443', adminCaBundle: TEST_CA_PEM, token: TOKEN };
const b64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

describe('renderRegistration (spec §4.2, scenario 42)', () => {
  const objects = renderRegistration(vmc(), inputs);

  it('names every admin object after the cluster, in verrazzano-mc', () => {
    expect([
      objects.serviceAccount.metadata.name,
      objects.tokenSecret.metadata.name,
      objects.roleBinding.metadata.name,
      objects.agentSecret.metadata.name,
      objects.registrationSecret.metadata.name,
      objects.manifestSecret.metadata.name,
    ]).toEqual([
      'verrazzano-cluster-managed1',
      'verrazzano-cluster-managed1-token',
      'verrazzano-cluster-managed1',
      'verrazzano-cluster-managed1-agent',
      'verrazzano-cluster-managed1-registration',
      'verrazzano-cluster-managed1-manifest',
    ]);
    expect(objects.tokenSecret).toMatchObject({
      type: 'kubernetes.io/service-account-token',
      metadata: { annotations: { 'kubernetes.io/service-account.name': 'verrazzano-cluster-managed1' } },
    });
    expect(objects.roleBinding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'verrazzano-managed-cluster',
    });
    expect(objects.roleBinding.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'verrazzano-cluster-managed1', namespace: 'verrazzano-mc' },
    ]);
    expect(objects.vmcSpec).toEqual({
      serviceAccount: 'verrazzano-cluster-managed1',
      managedClusterManifestSecret: 'verrazzano-cluster-managed1-manifest',
    });
  });

  it('§4.3 / scenario 43: the agent kubeconfig has cluster admin, user mcAgent, context defaultContext, sorted keys, no apiVersion', () => {
    const kubeconfig = b64(objects.agentSecret.data!['admin-kubeconfig']!);
    expect(kubeconfig).toBe(
      [
        'clusters:',
        '- cluster:',
        `    certificate-authority-data: ${Buffer.from(TEST_CA_PEM).toString('base64')}`,
        '    server: https://admin.example.com:6443',
        '  name: admin',
        'contexts:',
        '- context:',
        '    cluster: admin',
        '    user: mcAgent',
        '  name: defaultContext',
        'current-context: defaultContext',
        'users:',
        '- name: mcAgent',
        '  user:',
        `    token: ${TOKEN}`,
        '',
      ].join('\n'),
    );
    expect(b64(objects.agentSecret.data!['managed-cluster-name']!)).toBe('managed1');
  });

  it('§4.5: the registration Secret has exactly the 15 keys', () => {
    expect(Object.keys(objects.registrationSecret.data!)).toEqual([...REGISTRATION_KEYS]);
    expect(b64(objects.registrationSecret.data!['managed-cluster-name']!)).toBe('managed1');
    expect(b64(objects.registrationSecret.data!['ca-bundle']!)).toBe(TEST_CA_PEM);
    expect(b64(objects.registrationSecret.data!['oidc-provider']!)).toBe('keycloak');
  });

  it('§4.4, D3: the manifest is a warning comment, the verrazzano-system Namespace (for bare clusters), then the agent Secret then the registration Secret, in verrazzano-system, metadata reduced to name and namespace', () => {
    const manifest = b64(objects.manifestSecret.data!.yaml!);
    expect(manifest).toBe(registrationManifest(objects.agentSecret, objects.registrationSecret));
    const [header, ...docs] = manifest.split('---\n');
    // D3: a comment first, warning against deregistering with kubectl delete -f.
    expect(header).toContain('Do NOT kubectl delete -f this file: it lists Namespace verrazzano-system');
    expect(
      header
        ?.split('\n')
        .filter(Boolean)
        .every((l) => l.startsWith('# ')),
    ).toBe(true);
    expect(docs).toHaveLength(3);
    expect(docs[0]).toBe('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: verrazzano-system\n');
    docs.shift();
    const loaded = loadText(manifest, 'manifest.yaml').objects.map((o) => o.object);
    expect(loaded.map((o) => [o.kind, o.metadata])).toEqual([
      ['Namespace', { name: 'verrazzano-system' }],
      ['Secret', { name: 'verrazzano-cluster-agent', namespace: 'verrazzano-system' }],
      ['Secret', { name: 'verrazzano-cluster-registration', namespace: 'verrazzano-system' }],
    ]);
    expect(docs[0]!.startsWith('apiVersion: v1\ndata:\n  admin-kubeconfig: ')).toBe(true);
    expect(
      docs[0]!.endsWith(
        'kind: Secret\nmetadata:\n  name: verrazzano-cluster-agent\n  namespace: verrazzano-system\ntype: Opaque\n',
      ),
    ).toBe(true);
  });

  it('the manifest is byte-identical across runs with the same inputs', () => {
    const again = renderRegistration(vmc(), { ...inputs, token: () => TOKEN });
    expect(again.manifestSecret.data!.yaml).toBe(objects.manifestSecret.data!.yaml);
  });

  it('sets controller owner references only when the VMC has a uid', () => {
    expect(objects.agentSecret.metadata.ownerReferences).toBeUndefined();
    const owned = renderRegistration(
      { ...vmc(), metadata: { name: 'managed1', namespace: 'verrazzano-mc', uid: 'u-1' } },
      inputs,
    );
    expect(owned.agentSecret.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'clusters.verrazzano.io/v1alpha1',
        kind: 'VerrazzanoManagedCluster',
        name: 'managed1',
        uid: 'u-1',
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
  });

  it('the ClusterRole grants reads on MC kinds, status writes, Component and Secret reads, and nothing on pods', () => {
    const role = managedClusterClusterRole();
    const resources = role.rules!.flatMap((r) => r.resources ?? []);
    expect(resources).toContain('verrazzanomanagedclusters/status');
    expect(resources).not.toContain('pods');
    expect(role.rules![0]!.verbs).toEqual(['get', 'list', 'watch']);
  });
});

describe('validateRegistration (W9–W11, and what Verrazzano should have rejected)', () => {
  const messages = (
    v: VerrazzanoManagedCluster,
    i: { adminServer: string; adminCaBundle: string; token?: string },
    allowInsecureHttp = false,
  ) => validateRegistration(v, i, { allowInsecureHttp }).map((f) => f.message);

  it('accepts a good registration', () => {
    expect(validateRegistration(vmc(), inputs)).toEqual([]);
  });

  it('W9: a VMC outside verrazzano-mc', () => {
    expect(messages(vmc('managed1', 'default'), inputs)).toEqual([
      'Namespace for the resource must be verrazzano-mc',
    ]);
  });

  it('B33: the name local is reserved; an invalid DNS label is rejected', () => {
    expect(messages(vmc('local'), inputs)).toEqual([
      'the name "local" is reserved for the admin cluster itself',
    ]);
    expect(messages(vmc('Managed_1'), inputs)[0]).toMatch(
      /^Invalid value: "Managed_1": a lowercase RFC 1123 label must consist of/,
    );
  });

  it('a malformed server URL, and http:// without an explicit opt-in', () => {
    expect(messages(vmc(), { ...inputs, adminServer: 'not a url' })).toEqual([
      'invalid admin server URL "not a url": invalid URI for request',
    ]);
    expect(messages(vmc(), { ...inputs, adminServer: 'https://host:port' })).toEqual([
      'invalid admin server URL "https://host:port": invalid port ":port" after host',
    ]);
    expect(messages(vmc(), { ...inputs, adminServer: 'http://admin:6443' })).toEqual([
      'the admin server URL "http://admin:6443" is not https: the agent\'s token would travel in clear text (allow it explicitly to go on)',
    ]);
    expect(messages(vmc(), { ...inputs, adminServer: 'http://admin:6443' }, true)).toEqual([]);
  });

  it('a CA file that is not PEM', () => {
    expect(messages(vmc(), { ...inputs, adminCaBundle: 'hello' })).toEqual([
      'the CA bundle is not PEM: no "-----BEGIN CERTIFICATE-----" block',
    ]);
    expect(
      messages(vmc(), {
        ...inputs,
        adminCaBundle: '-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n',
      }),
    ).toEqual(['the CA bundle holds a RSA PRIVATE KEY block; only CERTIFICATE blocks belong there']);
  });

  it('never puts the token in a message', () => {
    const findings = validateRegistration(vmc('local'), { ...inputs, adminServer: 'nope' });
    expect(formatIssues(toIssues(vmc('local'), findings))).not.toContain(TOKEN);
  });
});

describe('VMC state (§5.6, scenario 46) with an injected clock', () => {
  const now = new Date('2026-11-27T10:00:00Z');
  it('a fresh connect with an empty state → Pending; next evaluation → Active; the Unix epoch → Inactive', () => {
    expect(vmcState(now, '2026-11-27T10:00:00Z', '')).toBe('Pending');
    expect(vmcState(now, '2026-11-27T10:00:00Z', 'Pending')).toBe('Active');
    expect(vmcState(now, '1970-01-01T00:00:00Z', 'Active')).toBe('Inactive');
  });
  it('Inactive exactly from 60 s; no connect time leaves the state unchanged', () => {
    expect(vmcState(now, '2026-11-27T09:59:01Z', 'Active')).toBe('Active');
    expect(vmcState(now, '2026-11-27T09:59:00Z', 'Active')).toBe('Inactive');
    expect(vmcState(now, undefined, 'Whatever')).toBe('Whatever');
  });
});

describe('agent report (§4.6, scenario 47)', () => {
  const now = new Date('2026-11-27T10:00:00.900Z');
  it('sets the connect time, apiUrl, hosts and versions', () => {
    const status = agentReport(
      { state: 'Active', prometheusHost: 'old-prom' },
      {
        ingressHosts: {
          verrazzanoIngress: 'v.example.com',
          prometheus: 'prom.example.com',
          thanosQueryStore: 'thanos.example.com',
        },
        kubernetesVersion: 'v1.34.4',
        verrazzanoVersion: '1.7.1',
      },
      now,
    );
    expect(status).toEqual({
      state: 'Active',
      lastAgentConnectTime: '2026-11-27T10:00:00Z',
      apiUrl: 'https://v.example.com',
      prometheusHost: 'prom.example.com',
      thanosQueryStore: 'thanos.example.com',
      kubernetes: { version: 'v1.34.4' },
      verrazzano: { version: '1.7.1' },
    });
  });
  it('never clears prometheusHost; clears apiUrl and thanosQueryStore when their ingress is absent', () => {
    const status = agentReport(
      { state: 'Active', prometheusHost: 'kept', thanosQueryStore: 'old', apiUrl: 'https://old' },
      { ingressHosts: {}, kubernetesVersion: 'v1' },
      now,
    );
    expect(status).toMatchObject({
      prometheusHost: 'kept',
      thanosQueryStore: '',
      apiUrl: '',
      verrazzano: { version: '' },
    });
  });
});

describe('deregistration (D1, D2, B18)', () => {
  it('removes the admin objects, the leaked bindings nobody asks for, and only the two Secrets on the managed side', () => {
    const plan = deregistrationPlan(
      'managed1',
      [project('kept', ['still'], ['managed1']), project('moved', ['gone'], ['local'])],
      ['gone', 'still', 'orphan'],
    );
    expect(plan.managed.map((s) => `${s.namespace}/${s.name}`)).toEqual([
      'verrazzano-system/verrazzano-cluster-agent',
      'verrazzano-system/verrazzano-cluster-registration',
    ]);
    expect(plan.admin.filter((s) => s.ruleId === 'B18').map((s) => `${s.namespace}/${s.name}`)).toEqual([
      'gone/verrazzano-cluster-managed1',
      'orphan/verrazzano-cluster-managed1',
    ]);
    expect(plan.keptBindings).toEqual([{ namespace: 'still', project: 'kept' }]);
    expect(plan.admin.filter((s) => s.ruleId === 'D1').map((s) => `${s.kind}/${s.name}`)).toEqual([
      'ServiceAccount/verrazzano-cluster-managed1',
      'Secret/verrazzano-cluster-managed1-token',
      'RoleBinding/verrazzano-cluster-managed1',
      'Secret/verrazzano-cluster-managed1-agent',
      'Secret/verrazzano-cluster-managed1-registration',
      'Secret/verrazzano-cluster-managed1-manifest',
      'Secret/ca-secret-managed1',
    ]);
  });
});
