/**
 * `vzmc validate` is as strict as the API server: for a set of manifests, each with one mistake
 * (a typo in metadata, in a Secret's or ConfigMap's fields, in nested core fields, in Verrazzano
 * specs, in embedded resources, in preserve-unknown-fields subtrees), vzmc's verdict (error or
 * not, and the field path) agrees with a server-side dry-run create with `fieldValidation=Strict`,
 * which is what `kubectl apply --dry-run=server --validate=strict` asks for.
 *
 * The manifest's YAML bytes are sent as they are (`application/yaml`), so the server decodes them
 * itself, duplicate keys included; kubectl would first re-read them with go-yaml, which keeps the
 * last of two duplicate keys silently.
 *
 * Two clusters are started here, one with vzmc's generated CRDs and one with Verrazzano's (read in
 * place from the reference corpus): they carry the same names, and the verdict must hold for both.
 */
import { request } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createK8sClusterClient, type K8sClusterClient } from '../../src/k8s.js';
import {
  KINDS,
  formatIssue,
  formatPath,
  generateCrds,
  loadSources,
  loadText,
  readManifestSources,
  validateManifests,
  type CustomResourceDefinition,
  type Issue,
} from '../../src/index.js';
import { installCrds } from '../../src/agent-entry.js';
import { startTestClusters, type TestCluster, type TestClusters } from '../../src/testing/harness/index.js';
import { corpusDir, corpusReference, describeWithCorpus } from '../support/corpus.js';

const MANAGER = 'vzmc-strict-validation';
const NS = 'demo';
const MC = 'verrazzano-mc';

interface CrdSet {
  readonly title: string;
  readonly cluster: string;
  readonly crds: () => Promise<CustomResourceDefinition[]>;
}

const VZMC_SET: CrdSet = {
  title: "vzmc's CRDs",
  cluster: 'strict-vzmc',
  crds: () => Promise.resolve(generateCrds()),
};
const VERRAZZANO_SET: CrdSet = {
  title: "Verrazzano's CRDs",
  cluster: 'strict-verrazzano',
  crds: async () =>
    loadSources(await readManifestSources([join(corpusDir(), 'crds')])).objects.map(
      (o) => o.object as unknown as CustomResourceDefinition,
    ),
};
/** Verrazzano's half needs the corpus; without it, it is reported below (skipped, or failed in CI). */
const CORPUS_PRESENT = corpusReference().present;
const CRD_SETS: readonly CrdSet[] = CORPUS_PRESENT ? [VZMC_SET, VERRAZZANO_SET] : [VZMC_SET];

// --- The manifests: one valid base per kind, then one mistake at a time ---------------------------

const BASES = {
  Secret: `apiVersion: v1
kind: Secret
metadata:
  name: s
  namespace: demo
  labels:
    app: todo
type: Opaque
stringData:
  password: not-base64
`,
  ConfigMap: `apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
  namespace: demo
data:
  key: value
`,
  Namespace: `apiVersion: v1
kind: Namespace
metadata:
  name: team
`,
  ServiceAccount: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: sa
  namespace: demo
secrets:
- name: token
`,
  RoleBinding: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: rb
  namespace: demo
subjects:
- kind: User
  name: alice
  apiGroup: rbac.authorization.k8s.io
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
`,
  ClusterRole: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: reader
rules:
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get, list]
`,
  NetworkPolicy: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: np
  namespace: demo
spec:
  podSelector: {}
  ingress:
  - ports:
    - port: 80
`,
  MultiClusterApplicationConfiguration: `apiVersion: clusters.verrazzano.io/v1alpha1
kind: MultiClusterApplicationConfiguration
metadata:
  name: app
  namespace: demo
spec:
  placement:
    clusters:
    - name: managed1
  template:
    metadata:
      labels:
        app: todo
    spec:
      components:
      - componentName: todo
        traits:
        - trait:
            apiVersion: oam.verrazzano.io/v1alpha1
            kind: IngressTrait
            metadata:
              name: todo-ingress
            spec:
              rules:
              - paths:
                - path: /todo
`,
  MultiClusterConfigMap: `apiVersion: clusters.verrazzano.io/v1alpha1
kind: MultiClusterConfigMap
metadata:
  name: mccm
  namespace: demo
spec:
  placement:
    clusters:
    - name: managed1
  template:
    data:
      key: value
`,
  MultiClusterSecret: `apiVersion: clusters.verrazzano.io/v1alpha1
kind: MultiClusterSecret
metadata:
  name: mcs
  namespace: demo
spec:
  placement:
    clusters:
    - name: managed1
  template:
    stringData:
      password: plain
`,
  VerrazzanoProject: `apiVersion: clusters.verrazzano.io/v1alpha1
kind: VerrazzanoProject
metadata:
  name: todo
  namespace: verrazzano-mc
spec:
  placement:
    clusters:
    - name: managed1
  template:
    namespaces:
    - metadata:
        name: demo
    networkPolicies:
    - metadata:
        name: allow
        namespace: demo
      spec:
        podSelector: {}
    security:
      projectAdminSubjects:
      - kind: Group
        name: admins
`,
  VerrazzanoManagedCluster: `apiVersion: clusters.verrazzano.io/v1alpha1
kind: VerrazzanoManagedCluster
metadata:
  name: managed1
  namespace: verrazzano-mc
spec:
  description: the first managed cluster
`,
  Component: `apiVersion: core.oam.dev/v1alpha2
kind: Component
metadata:
  name: todo
  namespace: demo
spec:
  workload:
    apiVersion: core.oam.dev/v1alpha2
    kind: ContainerizedWorkload
    metadata:
      name: todo
    spec:
      containers:
      - name: todo
        image: todo:1
  parameters:
  - name: image
    fieldPaths: ['spec.containers[0].image']
`,
  ApplicationConfiguration: `apiVersion: core.oam.dev/v1alpha2
kind: ApplicationConfiguration
metadata:
  name: todo
  namespace: demo
spec:
  components:
  - componentName: todo
`,
} as const;
type BaseKind = keyof typeof BASES;

/** One manifest: a base with one change (`find` replaced by `put`), and what vzmc and the server say. */
interface Case {
  readonly name: string;
  readonly kind: BaseKind;
  readonly find: string;
  readonly put: string;
  /** vzmc's verdict, which the server must share: the error paths, or none. */
  readonly errors: readonly string[];
  /** The server names no field for this mistake (only the verdict is compared). */
  readonly serverNamesNoField?: boolean;
  /** A duplicate YAML key: the server names the line, not the field. */
  readonly duplicateKeyLine?: number;
}

const change = (kind: BaseKind, find: string, put: string) => {
  const text = BASES[kind];
  if (!text.includes(find)) throw new Error(`${kind}: ${JSON.stringify(find)} is not in the base`);
  return text.replace(find, put);
};

const CASES: readonly Case[] = [
  // metadata, of every kind
  {
    name: 'Secret metadata.lables',
    kind: 'Secret',
    find: '  labels:',
    put: '  lables:',
    errors: ['metadata.lables'],
  },
  {
    name: 'ConfigMap metadata.anotations',
    kind: 'ConfigMap',
    find: '  name: cm\n',
    put: '  name: cm\n  anotations: {a: b}\n',
    errors: ['metadata.anotations'],
  },
  {
    name: 'Namespace (cluster-scoped) metadata.lables',
    kind: 'Namespace',
    find: '  name: team\n',
    put: '  name: team\n  lables: {a: b}\n',
    errors: ['metadata.lables'],
  },
  {
    name: 'custom resource metadata.lables (MultiClusterApplicationConfiguration)',
    kind: 'MultiClusterApplicationConfiguration',
    find: '  name: app\n',
    put: '  name: app\n  lables: {a: b}\n',
    errors: ['metadata.lables'],
  },
  {
    name: 'VerrazzanoProject metadata.finalizer',
    kind: 'VerrazzanoProject',
    find: '  name: todo\n',
    put: '  name: todo\n  finalizer: [x]\n',
    errors: ['metadata.finalizer'],
  },
  {
    name: 'metadata.ownerReferences[0].controler',
    kind: 'Secret',
    find: '  name: s\n',
    put: '  name: s\n  ownerReferences:\n  - {apiVersion: v1, kind: ConfigMap, name: "o", uid: "1", controler: true}\n',
    errors: ['metadata.ownerReferences[0].controler'],
  },
  {
    name: 'metadata.clusterName, a field Kubernetes removed',
    kind: 'ConfigMap',
    find: '  name: cm\n',
    put: '  name: cm\n  clusterName: east\n',
    errors: ['metadata.clusterName'],
  },
  {
    name: 'metadata.creationTimestamp that is not a time',
    kind: 'ConfigMap',
    find: '  name: cm\n',
    put: '  name: cm\n  creationTimestamp: yesterday\n',
    errors: ['metadata.creationTimestamp'],
    serverNamesNoField: true,
  },
  {
    name: 'metadata.name twice (duplicate YAML key)',
    kind: 'ConfigMap',
    find: '  namespace: demo\n',
    put: '  namespace: demo\n  name: cm2\n',
    errors: ['metadata.name'],
    duplicateKeyLine: 6,
  },
  {
    name: 'Secret type twice (duplicate YAML key)',
    kind: 'Secret',
    find: 'type: Opaque\n',
    put: 'type: Opaque\ntype: Opaque\n',
    errors: ['type'],
    duplicateKeyLine: 9,
  },
  // top-level fields of Secret and ConfigMap
  { name: 'Secret strinData', kind: 'Secret', find: 'stringData:', put: 'strinData:', errors: ['strinData'] },
  {
    name: 'ConfigMap binaryDta',
    kind: 'ConfigMap',
    find: '\ndata:\n',
    put: '\nbinaryDta:\n  k: dg==\ndata:\n',
    errors: ['binaryDta'],
  },
  {
    name: 'ConfigMap immutible',
    kind: 'ConfigMap',
    find: '\ndata:\n',
    put: '\nimmutible: true\ndata:\n',
    errors: ['immutible'],
  },
  {
    name: 'ConfigMap data value that is a number',
    kind: 'ConfigMap',
    find: 'key: value',
    put: 'key: 1',
    errors: ['data.key'],
  },
  // nested core fields
  {
    name: 'RoleBinding subjects[0].nmaespace',
    kind: 'RoleBinding',
    find: '  name: alice\n',
    put: '  name: alice\n  nmaespace: demo\n',
    errors: ['subjects[0].nmaespace'],
  },
  {
    name: 'RoleBinding roleRef.apigroup (case)',
    kind: 'RoleBinding',
    find: '  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole',
    put: '  apigroup: rbac.authorization.k8s.io\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole',
    errors: ['roleRef.apigroup'],
  },
  {
    name: 'ClusterRole rules[0].verb',
    kind: 'ClusterRole',
    find: '  verbs: [get, list]',
    put: '  verbs: [get, list]\n  verb: watch',
    errors: ['rules[0].verb'],
  },
  {
    name: 'NetworkPolicy spec.ingress[0].ports[0].prot',
    kind: 'NetworkPolicy',
    find: '    - port: 80',
    put: '    - port: 80\n      prot: TCP',
    errors: ['spec.ingress[0].ports[0].prot'],
  },
  {
    name: 'NetworkPolicy status (gone since Kubernetes 1.28)',
    kind: 'NetworkPolicy',
    find: '    - port: 80\n',
    put: '    - port: 80\nstatus: {}\n',
    errors: ['status'],
  },
  {
    name: 'ServiceAccount secrets[0].fieldPth',
    kind: 'ServiceAccount',
    find: '- name: token',
    put: '- name: token\n  fieldPth: x',
    errors: ['secrets[0].fieldPth'],
  },
  {
    name: 'Namespace status.phse',
    kind: 'Namespace',
    find: '  name: team\n',
    put: '  name: team\nstatus:\n  phse: Active\n',
    errors: ['status.phse'],
  },
  // Verrazzano custom resource specs
  {
    name: 'MultiClusterApplicationConfiguration spec.placment',
    kind: 'MultiClusterApplicationConfiguration',
    find: '  template:\n    metadata:',
    put: '  placment: {}\n  template:\n    metadata:',
    errors: ['spec.placment'],
  },
  {
    name: 'MultiClusterApplicationConfiguration spec.template.metadata.lables',
    kind: 'MultiClusterApplicationConfiguration',
    find: '      labels:\n        app: todo',
    put: '      lables:\n        app: todo',
    errors: ['spec.template.metadata.lables'],
  },
  {
    name: 'MultiClusterApplicationConfiguration status.stat',
    kind: 'MultiClusterApplicationConfiguration',
    find: '                - path: /todo\n',
    put: '                - path: /todo\nstatus:\n  stat: x\n',
    errors: ['status.stat'],
  },
  {
    name: 'MultiClusterConfigMap spec.template.dta',
    kind: 'MultiClusterConfigMap',
    find: '    data:',
    put: '    dta:',
    errors: ['spec.template.dta'],
  },
  {
    name: 'MultiClusterSecret spec.template.strinData',
    kind: 'MultiClusterSecret',
    find: '    stringData:',
    put: '    strinData:',
    errors: ['spec.template.strinData'],
  },
  {
    name: 'VerrazzanoProject spec.template.namespaces[0].specs',
    kind: 'VerrazzanoProject',
    find: '        name: demo\n    networkPolicies',
    put: '        name: demo\n      specs: {}\n    networkPolicies',
    errors: ['spec.template.namespaces[0].specs'],
  },
  {
    name: 'VerrazzanoProject spec.template.security.projectAdminSubjects[0].nmae',
    kind: 'VerrazzanoProject',
    find: '        name: admins',
    put: '        name: admins\n        nmae: x',
    errors: ['spec.template.security.projectAdminSubjects[0].nmae'],
  },
  {
    name: 'VerrazzanoManagedCluster spec.descripton',
    kind: 'VerrazzanoManagedCluster',
    find: '  description:',
    put: '  descripton:',
    errors: ['spec.descripton'],
  },
  {
    name: 'Component spec.parameters[0].fieldPath',
    kind: 'Component',
    find: '    fieldPaths:',
    put: '    fieldPaths: []\n    fieldPath:',
    errors: ['spec.parameters[0].fieldPath'],
  },
  {
    name: 'ApplicationConfiguration spec.components[0].componentNme',
    kind: 'ApplicationConfiguration',
    find: '  - componentName: todo',
    put: '  - componentName: todo\n    componentNme: x',
    errors: ['spec.components[0].componentNme'],
  },
  {
    name: "ApplicationConfiguration status.anything (OAM status as Verrazzano's CRD types it)",
    kind: 'ApplicationConfiguration',
    find: '  - componentName: todo\n',
    put: '  - componentName: todo\nstatus:\n  anything: x\n',
    errors: ['status.anything'],
  },
  // preserve-unknown-fields subtrees: kept, not checked
  {
    name: 'a trait spec with any fields (preserve-unknown-fields)',
    kind: 'MultiClusterApplicationConfiguration',
    find: '            spec:\n              rules:',
    put: '            spce: {x: 1}\n            spec:\n              rules:',
    errors: [],
  },
  {
    name: 'a workload spec with any fields, ObjectMeta-like ones too',
    kind: 'Component',
    find: '    spec:\n      containers:',
    put: '    spec:\n      template:\n        metadata:\n          lables: {a: b}\n      containers:',
    errors: [],
  },
  {
    name: 'VerrazzanoProject namespace metadata.lables (preserve-unknown-fields)',
    kind: 'VerrazzanoProject',
    find: '        name: demo\n    networkPolicies',
    put: '        name: demo\n        lables: {a: b}\n    networkPolicies',
    errors: [],
  },
  {
    name: 'VerrazzanoProject NetworkPolicy metadata.lables (preserve-unknown-fields)',
    kind: 'VerrazzanoProject',
    find: '        name: allow\n',
    put: '        name: allow\n        lables: {a: b}\n',
    errors: [],
  },
  // embedded resources: free-form body, but metadata is ObjectMeta
  {
    name: 'trait metadata.lables',
    kind: 'MultiClusterApplicationConfiguration',
    find: '              name: todo-ingress',
    put: '              name: todo-ingress\n              lables: {a: b}',
    errors: ['spec.template.spec.components[0].traits[0].trait.metadata.lables'],
  },
  {
    name: 'workload metadata.anotations',
    kind: 'Component',
    find: '    metadata:\n      name: todo',
    put: '    metadata:\n      name: todo\n      anotations: {a: b}',
    errors: ['spec.workload.metadata.anotations'],
  },
  {
    name: 'trait metadata.namespace that is not a DNS label',
    kind: 'MultiClusterApplicationConfiguration',
    find: '              name: todo-ingress',
    put: '              name: todo-ingress\n              namespace: Bad_NS',
    errors: ['spec.template.spec.components[0].traits[0].trait.metadata.namespace'],
  },
  {
    name: 'workload metadata.labels value with a space',
    kind: 'Component',
    find: '    metadata:\n      name: todo',
    put: '    metadata:\n      name: todo\n      labels: {a: "b c"}',
    errors: ['spec.workload.metadata.labels.a'],
  },
  {
    name: 'workload metadata.labels value that is a number',
    kind: 'Component',
    find: '    metadata:\n      name: todo',
    put: '    metadata:\n      name: todo\n      labels: {a: 1}',
    errors: ['spec.workload.metadata.labels.a'],
  },
  {
    name: 'trait kind that is not a DNS-1035 label',
    kind: 'MultiClusterApplicationConfiguration',
    find: '            kind: IngressTrait',
    put: '            kind: Ingress_Trait',
    errors: ['spec.template.spec.components[0].traits[0].trait.kind'],
  },
  {
    name: 'trait metadata.name in any case (a path segment, not a DNS name)',
    kind: 'MultiClusterApplicationConfiguration',
    find: '              name: todo-ingress',
    put: '              name: Todo_Ingress',
    errors: [],
  },
  // nulls
  {
    name: 'metadata.labels: null is as if absent',
    kind: 'Secret',
    find: '  labels:\n    app: todo\n',
    put: '  labels: null\n',
    errors: [],
  },
  {
    name: 'VerrazzanoManagedCluster spec.description: null is pruned',
    kind: 'VerrazzanoManagedCluster',
    find: '  description: the first managed cluster',
    put: '  description: null',
    errors: [],
  },
];

// --- The server's verdict ------------------------------------------------------------------------

interface ServerVerdict {
  readonly status: number;
  readonly message: string;
  /** The fields the server names, in vzmc's path notation. */
  readonly fields: readonly string[];
  /** For a duplicate YAML key: the line the server names. */
  readonly line?: number;
}

/** POSTs the YAML as is, `dryRun=All&fieldValidation=Strict`; nothing is stored. */
function dryRunCreate(cluster: TestCluster, kind: BaseKind, yaml: string): Promise<ServerVerdict> {
  const info = KINDS[kind];
  const base = info.group === '' ? `/api/${info.version}` : `/apis/${info.group}/${info.version}`;
  const namespace = kind === 'VerrazzanoProject' || kind === 'VerrazzanoManagedCluster' ? MC : NS;
  const path = `${base}${info.namespaced ? `/namespaces/${namespace}` : ''}/${info.plural}?dryRun=All&fieldValidation=Strict`;
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, cluster.server),
      {
        method: 'POST',
        ca: cluster.caPem,
        timeout: 30_000,
        headers: { authorization: `Bearer ${cluster.token}`, 'content-type': 'application/yaml' },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          resolve(verdictOf(res.statusCode ?? 0, body));
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`dry-run create of ${kind} timed out`)));
    req.on('error', reject);
    req.end(yaml);
  });
}

interface Status {
  kind?: string;
  message?: string;
  details?: { causes?: { field?: string }[] };
}

/** The fields a Status names: strict decoding errors, field causes, or the path before "Invalid value". */
function verdictOf(status: number, body: string): ServerVerdict {
  const parsed = JSON.parse(body) as Status;
  if (parsed.kind !== 'Status') return { status, message: '', fields: [] };
  const message = parsed.message ?? '';
  const fields = new Set<string>();
  for (const m of message.matchAll(/(?:unknown|duplicate) field "([^"]+)"/g)) fields.add(m[1]!);
  for (const cause of parsed.details?.causes ?? []) if (cause.field) fields.add(cause.field);
  const invalid = /([\w.[\]]+): Invalid value:/.exec(message);
  if (fields.size === 0 && invalid) fields.add(invalid[1]!);
  const goField = /Go struct field \w+\.([\w.]+) of type/.exec(message);
  if (fields.size === 0 && goField) fields.add(goField[1]!);
  const line = /line (\d+): key "[^"]+" already set in map/.exec(message);
  return { status, message, fields: [...fields], ...(line ? { line: Number(line[1]) } : {}) };
}

/** `a.b` names `a.b.c` and `a.b[0]`, not `a.bc`. */
const names = (server: string, vzmc: string) =>
  vzmc === server || vzmc.startsWith(`${server}.`) || vzmc.startsWith(`${server}[`);

// --- The run -------------------------------------------------------------------------------------

let clusters: TestClusters | undefined;
let startError: unknown;
const clients: K8sClusterClient[] = [];

beforeAll(async () => {
  try {
    clusters = await startTestClusters({ clusters: CRD_SETS.map((s) => s.cluster) });
    for (const set of CRD_SETS) {
      const cluster = clusters.cluster(set.cluster);
      const client = createK8sClusterClient({
        kubeconfig: { file: cluster.kubeconfigPath },
        name: set.cluster,
        timeoutMs: 30_000,
      });
      clients.push(client);
      await installCrds(client, await set.crds(), { fieldManager: MANAGER });
      for (const name of [NS, MC])
        await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    }
  } catch (error) {
    // Kept, not thrown: each test then fails with this message instead of being skipped.
    startError = error;
  }
});

afterAll(async () => {
  for (const client of clients) client.close();
  await clusters?.stop();
});

function cluster(set: CrdSet): TestCluster {
  if (clusters === undefined || startError !== undefined) {
    throw new Error(
      `the clusters for the strict-validation tests did not start: ${startError instanceof Error ? startError.message : String(startError)}`,
      { cause: startError },
    );
  }
  return clusters.cluster(set.cluster);
}

/** vzmc validate's errors for one manifest, as the CLI computes them. */
function vzmcErrors(yaml: string): Issue[] {
  const report = validateManifests(loadText(yaml, 'manifest.yaml'), { registeredClusters: ['managed1'] });
  return report.issues.filter((i) => i.severity === 'error');
}

describe('vzmc validate agrees with a server-side dry-run create with fieldValidation=Strict', () => {
  it('the cases are single mistakes on manifests vzmc accepts as they are', () => {
    for (const [kind, text] of Object.entries(BASES))
      expect(vzmcErrors(text).map(formatIssue), kind).toEqual([]);
    for (const c of CASES) {
      const errors = vzmcErrors(change(c.kind, c.find, c.put));
      expect(
        errors.map((i) => formatPath(i.path)),
        c.name,
      ).toEqual(c.errors);
      // Each error sits inside the file, on the line of the field it names.
      for (const issue of errors)
        expect(issue.source?.line, `${c.name}: ${formatIssue(issue)}`).toBeGreaterThan(0);
    }
  });

  for (const set of CRD_SETS) {
    describe(`under ${set.title}`, () => {
      it('accepts every base manifest, as vzmc does', async () => {
        const refused: string[] = [];
        for (const [kind, text] of Object.entries(BASES)) {
          const verdict = await dryRunCreate(cluster(set), kind as BaseKind, text);
          if (verdict.status >= 300) refused.push(`${kind}: ${verdict.status} ${verdict.message}`);
        }
        expect(refused).toEqual([]);
      });

      it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
        const yaml = change(c.kind, c.find, c.put);
        const verdict = await dryRunCreate(cluster(set), c.kind, yaml);
        const ours = vzmcErrors(yaml);
        const said = `server ${verdict.status}: ${verdict.message}\nvzmc: ${ours.map(formatIssue).join('\n')}`;
        // The verdict: refused by both, or accepted by both.
        expect(verdict.status >= 400, said).toBe(ours.length > 0);
        if (ours.length === 0) return;
        expect(verdict.status, said).toBeLessThan(500);
        if (c.duplicateKeyLine !== undefined) {
          expect(verdict.line, said).toBe(c.duplicateKeyLine);
          expect(
            ours.map((i) => [i.code, i.source?.line]),
            said,
          ).toEqual([['yaml/duplicate-key', verdict.line]]);
          return;
        }
        if (c.serverNamesNoField) {
          expect(verdict.fields, said).toEqual([]);
          return;
        }
        // The path: every field the server names is one vzmc names (or a parent of it, where vzmc also
        // names the map key), and every error of vzmc's is under a field the server names.
        const paths = ours.map((i) => formatPath(i.path));
        expect(verdict.fields.length, said).toBeGreaterThan(0);
        for (const field of verdict.fields)
          expect(
            paths.some((p) => names(field, p)),
            said,
          ).toBe(true);
        for (const path of paths)
          expect(
            verdict.fields.some((f) => names(f, path)),
            said,
          ).toBe(true);
      });
    });
  }
});

if (!CORPUS_PRESENT) describeWithCorpus(`under ${VERRAZZANO_SET.title}`, () => undefined);
