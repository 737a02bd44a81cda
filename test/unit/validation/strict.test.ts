/**
 * validate as strict as the API server's strict field validation (`kubectl apply
 * --validate=strict`, `fieldValidation=Strict`): unknown fields are errors wherever the server
 * decodes into typed structs or a CRD schema prunes, including `metadata` of every object and of
 * embedded resources; preserve-unknown-fields subtrees stay unchecked. The same verdicts are
 * proven against a real kube-apiserver in test/integration/strict-validation-real.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { IssueCode, type Issue } from '../../../src/model/index.js';
import { loadText } from '../../../src/manifest/index.js';
import { validateObject } from '../../../src/validation/index.js';

const validate = (text: string): Issue[] => {
  const { objects, issues } = loadText(text, 'x.yaml');
  expect(issues).toEqual([]);
  return validateObject(objects[0]!.object);
};
const errors = (text: string) =>
  validate(text)
    .filter((i) => i.severity === 'error')
    .map((i) => [i.code, i.path.join('.'), i.hint]);

const secret = (metadata: string, rest = '') =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: demo\n${metadata}${rest}`;
const mcac = (traitOrTemplate: string) => `apiVersion: clusters.verrazzano.io/v1alpha1
kind: MultiClusterApplicationConfiguration
metadata: {name: app, namespace: demo}
spec:
  placement: {clusters: [{name: managed1}]}
  template:
${traitOrTemplate}`;
const trait = (lines: string) =>
  mcac(`    spec:
      components:
      - componentName: c
        traits:
        - trait:
            apiVersion: oam.verrazzano.io/v1alpha1
            kind: IngressTrait
${lines}`);

describe('unknown fields in metadata are errors, with a suggestion where a field is close', () => {
  it('metadata.lables → did you mean `labels`?, at the key', () => {
    const issues = validate(secret('  lables:\n    app: x\n'));
    expect(issues).toMatchObject([
      {
        code: IssueCode.UnknownField,
        severity: 'error',
        path: ['metadata', 'lables'],
        message: 'unknown field "lables"',
        hint: 'did you mean `labels`?',
        source: { file: 'x.yaml', line: 6, column: 3 },
      },
    ]);
  });

  it('in every known kind, core and custom', () => {
    for (const head of [
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns1\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: d\n',
      'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n  namespace: d\n',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np\n  namespace: d\n',
      'apiVersion: clusters.verrazzano.io/v1alpha1\nkind: VerrazzanoManagedCluster\nmetadata:\n  name: m\n  namespace: verrazzano-mc\n',
      'apiVersion: core.oam.dev/v1alpha2\nkind: ApplicationConfiguration\nmetadata:\n  name: a\n  namespace: d\n',
    ]) {
      expect(errors(`${head}  anotations: {a: b}\n`), head).toEqual([
        [IssueCode.UnknownField, 'metadata.anotations', 'did you mean `annotations`?'],
      ]);
    }
  });

  it('inside ownerReferences and managedFields, and for fields Kubernetes removed (clusterName)', () => {
    expect(
      errors(
        secret(
          '  ownerReferences:\n  - {apiVersion: v1, kind: ConfigMap, name: o, uid: "1", controler: true}\n  managedFields:\n  - {manager: m, operaton: Apply}\n  clusterName: x\n',
        ),
      ),
    ).toEqual([
      [IssueCode.UnknownField, 'metadata.ownerReferences.0.controler', 'did you mean `controller`?'],
      [IssueCode.UnknownField, 'metadata.managedFields.0.operaton', 'did you mean `operation`?'],
      [
        IssueCode.UnknownField,
        'metadata.clusterName',
        'remove the field: the API server refuses it with strict field validation',
      ],
    ]);
  });

  it('every field of a live object is known: uid, resourceVersion, generation, timestamps, managedFields', () => {
    expect(
      errors(
        secret(
          '  uid: 0d4c\n  resourceVersion: "12"\n  generation: 1\n  creationTimestamp: "2026-01-01T00:00:00Z"\n  selfLink: /x\n  managedFields:\n  - {manager: kubectl, operation: Apply, apiVersion: v1, time: "2026-01-01T00:00:00Z", fieldsType: FieldsV1, fieldsV1: {"f:data": {}}}\n',
        ),
      ),
    ).toEqual([]);
  });

  it('a timestamp that is not RFC 3339 is refused, as the server fails to parse it', () => {
    expect(errors(secret('  creationTimestamp: yesterday\n'))).toEqual([
      [
        IssueCode.InvalidValue,
        'metadata.creationTimestamp',
        'write it as 2006-01-02T15:04:05Z, or leave it out: the server sets it',
      ],
    ]);
  });
});

describe('unknown fields in the core kinds, top level and nested', () => {
  it('Secret stringData misspelt', () => {
    expect(errors(secret('', 'strinData:\n  k: v\n'))).toEqual([
      [IssueCode.UnknownField, 'strinData', 'did you mean `stringData`?'],
    ]);
  });

  it('RoleBinding subjects[0], ServiceAccount secrets[0], Namespace status', () => {
    expect(
      errors(
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: rb, namespace: d}\nsubjects:\n- {kind: User, name: u, nmaespace: x}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\n',
      ),
    ).toEqual([[IssueCode.UnknownField, 'subjects.0.nmaespace', 'did you mean `namespace`?']]);
    expect(
      errors(
        'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa, namespace: d}\nsecrets:\n- {name: x, fieldPth: y}\n',
      ),
    ).toEqual([[IssueCode.UnknownField, 'secrets.0.fieldPth', 'did you mean `fieldPath`?']]);
    expect(
      errors(
        'apiVersion: v1\nkind: Namespace\nmetadata: {name: ns1}\nstatus:\n  phase: Active\n  conditions:\n  - {type: X, status: "True", reasn: r}\n',
      ),
    ).toEqual([[IssueCode.UnknownField, 'status.conditions.0.reasn', 'did you mean `reason`?']]);
  });

  it('NetworkPolicy has no status field since Kubernetes 1.28', () => {
    expect(
      errors(
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: d}\nspec: {podSelector: {}}\nstatus: {}\n',
      ),
    ).toEqual([
      [
        IssueCode.UnknownField,
        'status',
        'remove the field: the API server refuses it with strict field validation',
      ],
    ]);
  });
});

describe('custom resources: the CRD schema decides, preserve-unknown-fields subtrees stay unchecked', () => {
  it('§1.3: an unknown field in a wrapper spec and in its template metadata (EmbeddedObjectMeta)', () => {
    expect(
      errors(
        mcac('    metadata:\n      lables: {a: b}\n    spec: {components: []}\n').replace(
          'spec:\n  placement',
          'spec:\n  placment: {}\n  placement',
        ),
      ),
    ).toEqual([
      [IssueCode.UnknownField, 'spec.template.metadata.lables', 'did you mean `labels`?'],
      [IssueCode.UnknownField, 'spec.placment', 'did you mean `placement`?'],
    ]);
  });

  it('§1.3, §1.4: the spec of an embedded workload or trait is free-form', () => {
    expect(errors(trait('            spce: {anything: [1, {deep: true}]}\n'))).toEqual([]);
  });

  it('§1.3: the metadata of an embedded trait is ObjectMeta, decoded and validated strictly', () => {
    expect(errors(trait('            metadata: {lables: {a: b}}\n'))).toEqual([
      [
        IssueCode.UnknownField,
        'spec.template.spec.components.0.traits.0.trait.metadata.lables',
        'did you mean `labels`?',
      ],
    ]);
    expect(
      errors(trait('            metadata: {namespace: Bad_NS, labels: {a: "b c"}, name: Any_Case.ok}\n')).map(
        ([code, path]) => [code, path],
      ),
    ).toEqual([
      [IssueCode.InvalidName, 'spec.template.spec.components.0.traits.0.trait.metadata.namespace'],
      [IssueCode.InvalidLabelValue, 'spec.template.spec.components.0.traits.0.trait.metadata.labels.a'],
    ]);
  });

  it('§1.4: an embedded workload needs a kind that is a DNS-1035 label in any case', () => {
    const component = (kind: string) =>
      `apiVersion: core.oam.dev/v1alpha2\nkind: Component\nmetadata: {name: c, namespace: d}\nspec:\n  workload: {apiVersion: apps/v1, kind: "${kind}"}\n`;
    expect(errors(component('VerrazzanoHelidonWorkload'))).toEqual([]);
    expect(errors(component('Helidon_Workload')).map(([code, path]) => [code, path])).toEqual([
      [IssueCode.InvalidValue, 'spec.workload.kind'],
    ]);
  });

  it('§1.8: VerrazzanoProject namespace metadata keeps unknown fields (preserve-unknown-fields)', () => {
    expect(
      errors(
        'apiVersion: clusters.verrazzano.io/v1alpha1\nkind: VerrazzanoProject\nmetadata: {name: p, namespace: verrazzano-mc}\nspec:\n  placement: {clusters: [{name: managed1}]}\n  template:\n    namespaces:\n    - metadata: {name: demo, lables: {a: b}}\n',
      ),
    ).toEqual([]);
  });

  it("OAM status follows Verrazzano's CRDs: an unknown status field is refused", () => {
    const appconfig = (status: string) =>
      `apiVersion: core.oam.dev/v1alpha2\nkind: ApplicationConfiguration\nmetadata: {name: a, namespace: d}\nspec: {components: []}\nstatus:\n${status}`;
    expect(
      errors(
        appconfig(
          '  observedGeneration: 2\n  conditions:\n  - {type: Synced, status: "True", reason: ReconcileSuccess, lastTransitionTime: "2026-01-01T00:00:00Z"}\n  workloads:\n  - componentName: c\n    workloadRef: {apiVersion: apps/v1, kind: Deployment, name: c}\n',
        ),
      ),
    ).toEqual([]);
    expect(errors(appconfig('  anything: {x: 1}\n'))).toEqual([
      [
        IssueCode.UnknownField,
        'status.anything',
        'remove the field: the API server refuses it with strict field validation',
      ],
    ]);
  });
});

describe('nulls, as the server reads them', () => {
  it('a null optional field is as if absent (Go leaves the zero value; CRDs prune the null)', () => {
    expect(errors(secret('  labels: null\n', 'type: ~\n'))).toEqual([]);
  });

  it('a null required field is missing, and a null list item is a type error', () => {
    expect(
      errors(
        'apiVersion: clusters.verrazzano.io/v1alpha1\nkind: VerrazzanoProject\nmetadata: {name: p, namespace: verrazzano-mc}\nspec:\n  placement: {clusters: [null]}\n  template: null\n',
      ).map(([code, path]) => [code, path]),
    ).toEqual([
      [IssueCode.InvalidType, 'spec.placement.clusters.0'],
      [IssueCode.Required, 'spec.template'],
    ]);
  });
});
