/**
 * M5 (spec §10.2, D1): the admin pass's planning of the federation cleanup when a VMC is deleted,
 * after Verrazzano's `reconcileManagedClusterDelete` (vmc_controller.go l.522–536), which edits the
 * scrape configs, the Thanos endpoints and the CA Secret before the finalizer goes (l.138–152).
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/index.js';
import { federationCleanupActions } from '../../../src/sync-plan/admin-federation.js';
import { vmcFinalizerActions } from '../../../src/sync-plan/admin-vmc.js';
import { toYamlDocument } from '../../../src/manifest/serialize.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const unb64 = (text: string | undefined) => Buffer.from(text ?? '', 'base64').toString('utf8');
const NS = 'verrazzano-monitoring';

const job = (name: string) => ({
  job_name: name,
  scheme: 'https',
  static_configs: [{ targets: [`prometheus.${name}.example.com`], labels: { verrazzano_cluster: name } }],
});
const endpoint = (name: string) => ({
  targets: [`thanos.${name}.example.com:443`],
  labels: { verrazzano_cluster: name },
});

const caCerts = (data: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'managed-cluster-ca-certs', namespace: NS, resourceVersion: '11' },
  data,
});
const scrapeConfigs = (jobsText: string, extra: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'additional-scrape-configs', namespace: NS, resourceVersion: '12' },
  data: { jobs: b64(jobsText), ...extra },
});
const thanos = (text: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'verrazzano-thanos-endpoints', namespace: NS, resourceVersion: '13' },
  data: { 'servicediscovery.yml': text },
});

/** The three objects, each holding entries of managed1, managed2 and a hand-written one. */
const federation = (): KubeObject[] => [
  caCerts({ 'ca-managed1': b64('PEM1'), 'ca-managed2': b64('PEM2'), 'ca-extra': b64('X') }),
  scrapeConfigs(toYamlDocument([job('managed1'), job('hand-written'), job('managed2')]), {
    other: b64('kept'),
  }),
  thanos(toYamlDocument([endpoint('managed1'), endpoint('managed2')])),
];

const vmc = (name: string, deleting: boolean): KubeObject => ({
  apiVersion: 'clusters.verrazzano.io/v1alpha1',
  kind: 'VerrazzanoManagedCluster',
  metadata: {
    name,
    namespace: 'verrazzano-mc',
    uid: `uid-${name}`,
    finalizers: ['managedcluster.verrazzano.io'],
    ...(deleting ? { deletionTimestamp: '2026-11-27T10:00:00Z' } : {}),
  },
});

type DataObject = KubeObject & { data?: Record<string, string> };

describe('federationCleanupActions (M5)', () => {
  it("M5: a deleted cluster's CA key, scrape job and Thanos endpoint leave; the other clusters' entries and other keys stay", () => {
    const cleanups = federationCleanupActions(['managed1'], federation());
    expect(
      cleanups.map((c) => `${c.action.op} ${c.action.kind} ${c.action.name} ${c.action.ruleId}`),
    ).toEqual([
      'replace Secret managed-cluster-ca-certs M5',
      'replace Secret additional-scrape-configs M5',
      'replace ConfigMap verrazzano-thanos-endpoints M5',
    ]);
    expect(cleanups.every((c) => c.clusters.join() === 'managed1')).toBe(true);
    const [ca, scrape, sd] = cleanups.map((c) => c.action.body as DataObject);
    expect(Object.keys(ca!.data ?? {})).toEqual(['ca-managed2', 'ca-extra']);
    expect(ca!.data?.['ca-managed2']).toBe(b64('PEM2'));
    const jobs = unb64(scrape!.data?.jobs);
    expect(jobs).toBe(toYamlDocument([job('hand-written'), job('managed2')]));
    expect(scrape!.data?.other).toBe(b64('kept'));
    expect(sd!.data?.['servicediscovery.yml']).toBe(toYamlDocument([endpoint('managed2')]));
  });

  it('M5: each write carries the resourceVersion it was planned from, and its patch names only the changed keys', () => {
    const [ca, scrape, sd] = federationCleanupActions(['managed1'], federation()).map((c) => c.action);
    expect(ca?.preconditions).toEqual({ resourceVersion: '11' });
    expect(ca?.body?.metadata.resourceVersion).toBe('11');
    expect(ca?.patch).toEqual([{ op: 'remove', path: '/data/ca-managed1' }]);
    expect(scrape?.patch?.map((p) => `${p.op} ${p.path}`)).toEqual(['replace /data/jobs']);
    expect(sd?.patch?.map((p) => `${p.op} ${p.path}`)).toEqual(['replace /data/servicediscovery.yml']);
  });

  it('M5: absent objects, and objects without an entry of the deleted cluster, get no action', () => {
    expect(federationCleanupActions(['managed1'], [])).toEqual([]);
    expect(federationCleanupActions(['managed3'], federation())).toEqual([]);
    expect(federationCleanupActions([], federation())).toEqual([]);
    // Only the CA Secret exists: only it is written, nothing is created.
    const only = federationCleanupActions(['managed1'], [federation()[0]!]);
    expect(only.map((c) => c.action.name)).toEqual(['managed-cluster-ca-certs']);
  });

  it('M5: same-named objects in another namespace are not federation objects', () => {
    const elsewhere = federation().map((o) => ({ ...o, metadata: { ...o.metadata, namespace: 'other' } }));
    expect(federationCleanupActions(['managed1'], elsewhere)).toEqual([]);
  });

  it('M5: several VMCs deleted at once share one write per object', () => {
    const cleanups = federationCleanupActions(['managed2', 'managed1'], federation());
    expect(cleanups.map((c) => c.clusters)).toEqual([
      ['managed1', 'managed2'],
      ['managed1', 'managed2'],
      ['managed1', 'managed2'],
    ]);
    const [ca, scrape, sd] = cleanups.map((c) => c.action.body as DataObject);
    expect(Object.keys(ca!.data ?? {})).toEqual(['ca-extra']);
    expect(unb64(scrape!.data?.jobs)).toBe(toYamlDocument([job('hand-written')]));
    expect(sd!.data?.['servicediscovery.yml']).toBe(toYamlDocument([]));
  });

  it('M5: scrape configs that are not a YAML list block the write (Verrazzano errors on them and keeps the finalizer)', () => {
    const broken = [scrapeConfigs('jobs: [unclosed')];
    const [cleanup] = federationCleanupActions(['managed1'], broken);
    expect(cleanup?.action.blocked).toMatch(/not a YAML list/);
    expect(cleanup?.action.body).toBeUndefined();
    expect(cleanup?.clusters).toEqual(['managed1']);
    // An empty or null jobs key holds no job: nothing to do.
    expect(federationCleanupActions(['managed1'], [scrapeConfigs('')])).toEqual([]);
    expect(federationCleanupActions(['managed1'], [scrapeConfigs('null\n')])).toEqual([]);
  });

  it('M5: an unparseable Thanos endpoints file is left alone, as Verrazzano does (sync_thanos.go l.104–109)', () => {
    expect(federationCleanupActions(['managed1'], [thanos('- targets: [unclosed')])).toEqual([]);
    expect(federationCleanupActions(['managed1'], [thanos('a: map')])).toEqual([]);
  });

  it('M5: Thanos entries keep their own fields; only the deleted cluster’s entries go', () => {
    const odd = { targets: ['x:443'], labels: { verrazzano_cluster: 'managed2', team: 'a' }, extra: 1 };
    const [cleanup] = federationCleanupActions(
      ['managed1'],
      [thanos(toYamlDocument([endpoint('managed1'), odd]))],
    );
    expect((cleanup?.action.body as DataObject).data?.['servicediscovery.yml']).toBe(toYamlDocument([odd]));
  });

  it('M5: the same input gives byte-identical actions (determinism)', () => {
    const a = JSON.stringify(federationCleanupActions(['managed2', 'managed1'], federation()));
    const b = JSON.stringify(federationCleanupActions(['managed1', 'managed2'], [...federation()].reverse()));
    expect(a).toBe(b);
  });
});

describe('vmcFinalizerActions with federation (D1, M5)', () => {
  it('M5: the finalizer of a deleted VMC depends on the writes that remove its entries; a live VMC causes none', () => {
    const actions = vmcFinalizerActions([vmc('managed1', true), vmc('managed2', false)], [], federation());
    const replaces = actions.filter((a) => a.op === 'replace');
    expect(replaces.map((a) => a.key)).toEqual([
      'admin:/Secret/verrazzano-monitoring/managed-cluster-ca-certs',
      'admin:/Secret/verrazzano-monitoring/additional-scrape-configs',
      'admin:/ConfigMap/verrazzano-monitoring/verrazzano-thanos-endpoints',
    ]);
    const finalize = actions.find((a) => a.op === 'finalize');
    expect(finalize).toMatchObject({ name: 'managed1', finalizer: { present: false } });
    expect(finalize?.dependsOn).toEqual(replaces.map((a) => a.key).sort());
  });

  it('M5: a deleted VMC without entries has a finalizer removal that waits on nothing of the federation', () => {
    const actions = vmcFinalizerActions([vmc('managed3', true)], [], federation());
    expect(actions.map((a) => a.op)).toEqual(['finalize']);
    expect(actions[0]?.dependsOn).toEqual([]);
  });

  it('M5: a deleted VMC that no longer holds the finalizer triggers no cleanup (Verrazzano reconciles only with it)', () => {
    const gone = {
      ...vmc('managed1', true),
      metadata: { ...vmc('managed1', true).metadata, finalizers: [] },
    };
    expect(vmcFinalizerActions([gone], [], federation())).toEqual([]);
  });
});
