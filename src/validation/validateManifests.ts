/**
 * Validates a set of manifests as `vzmc validate` does: each object against its schema and the
 * Kubernetes rules, then Verrazzano's admission rules with a context built from the set itself
 * (its VMCs, VerrazzanoProjects and Secrets) plus what the caller knows.
 */
import {
  admitManagedCluster,
  admitProject,
  admitWrapper,
  type AdmissionContext,
  type VerrazzanoInstallFacts,
} from './admission.js';
import { IssueCode, Severity, compareIssues, hasErrors, type Issue } from '../model/issues.js';
import { isWrapperKind, Kind, kindInfo } from '../model/kinds.js';
import type { LoadedObject, LoadResult } from '../manifest/load.js';
import type { KubeObject } from '../model/meta.js';
import { objectFindings, toIssues, type Finding } from './validate.js';
import type {
  MultiClusterWrapper,
  VerrazzanoManagedCluster,
  VerrazzanoProject,
} from '../model/verrazzano.js';

/** Options for {@link validateManifests}. */
export interface ValidateManifestsOptions {
  /** Clusters registered on the admin besides the VMCs among the manifests (W2). */
  readonly registeredClusters?: Iterable<string>;
  /** Validate as a managed cluster's webhooks would (W2 skipped). */
  readonly managedCluster?: boolean;
  /** Facts about the Verrazzano installation, for the VMC webhook (W10, W11). Absent: skipped. */
  readonly verrazzano?: VerrazzanoInstallFacts;
}

/** The outcome of validating manifests. */
export interface ValidationReport {
  /** No error-severity issue. */
  readonly valid: boolean;
  /** How many objects were read. */
  readonly objects: number;
  /** Every issue, sorted by file, line and column. */
  readonly issues: readonly Issue[];
}

/**
 * Validates loaded manifests. Load issues (bad YAML, non-objects) are included, so a
 * {@link LoadResult} can be passed as is.
 *
 * @example
 * const report = validateManifests(loadSources(sources), { registeredClusters: ['managed1'] });
 * if (!report.valid) console.error(formatIssues(report.issues));
 */
export function validateManifests(
  input: LoadResult | readonly LoadedObject[],
  options: ValidateManifestsOptions = {},
): ValidationReport {
  const loaded = 'objects' in input ? input.objects : input;
  const issues: Issue[] = 'issues' in input ? [...input.issues] : [];
  const objects = loaded.map((entry) => entry.object);
  const schemaValid = new Set<KubeObject>();
  for (const object of objects) {
    const findings = objectFindings(object);
    issues.push(...toIssues(object, findings));
    if (!findings.some((f) => f.severity === Severity.Error)) schemaValid.add(object);
  }
  issues.push(...duplicateIssues(objects));

  const context = admissionContext(objects, options);
  for (const object of objects) {
    if (!schemaValid.has(object) || !kindInfo(object.apiVersion, object.kind)) continue;
    let findings: Finding[] = [];
    if (isWrapperKind(object.kind)) {
      findings = admitWrapper(object as unknown as MultiClusterWrapper, context);
    } else if (object.kind === Kind.VerrazzanoProject) {
      findings = admitProject(object as unknown as VerrazzanoProject, context);
    } else if (object.kind === Kind.VerrazzanoManagedCluster) {
      findings = admitManagedCluster(object as unknown as VerrazzanoManagedCluster, context);
    }
    issues.push(...toIssues(object, findings));
  }
  issues.sort(compareIssues);
  return { valid: !hasErrors(issues), objects: objects.length, issues };
}

/** Builds the admission context from the manifests themselves and the caller's facts. */
export function admissionContext(
  objects: readonly KubeObject[],
  options: ValidateManifestsOptions = {},
): AdmissionContext {
  const registered = new Set(options.registeredClusters ?? []);
  const secretsByNamespace = new Map<string, Set<string>>();
  const projects: VerrazzanoProject[] = [];
  for (const object of objects) {
    const name = object.metadata.name;
    if (typeof name !== 'string') continue;
    if (
      object.kind === Kind.VerrazzanoManagedCluster &&
      object.apiVersion === 'clusters.verrazzano.io/v1alpha1'
    ) {
      // W2 gets VMC `verrazzano-mc/<name>`: a VMC elsewhere registers nothing (W9 rejects it too).
      if (object.metadata.namespace === 'verrazzano-mc') registered.add(name);
    } else if (object.kind === Kind.Secret && object.apiVersion === 'v1') {
      const namespace = object.metadata.namespace ?? '';
      let names = secretsByNamespace.get(namespace);
      if (!names) secretsByNamespace.set(namespace, (names = new Set()));
      names.add(name);
    } else if (
      object.kind === Kind.VerrazzanoProject &&
      object.apiVersion === 'clusters.verrazzano.io/v1alpha1'
    ) {
      if (object.metadata.namespace === 'verrazzano-mc')
        projects.push(object as unknown as VerrazzanoProject);
    }
  }
  const context: AdmissionContext = {
    registeredClusters: registered,
    secretsByNamespace,
    projects: projects.filter((p) => Array.isArray(p.spec?.template?.namespaces)),
    ...(options.managedCluster !== undefined ? { managedCluster: options.managedCluster } : {}),
    ...(options.verrazzano !== undefined ? { verrazzano: options.verrazzano } : {}),
  };
  return context;
}

function duplicateIssues(objects: readonly KubeObject[]): Issue[] {
  const seen = new Map<string, KubeObject>();
  const issues: Issue[] = [];
  for (const object of objects) {
    const group = object.apiVersion.includes('/')
      ? object.apiVersion.slice(0, object.apiVersion.indexOf('/'))
      : '';
    const key = `${group}|${object.kind}|${object.metadata.namespace ?? ''}|${object.metadata.name ?? ''}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, object);
      continue;
    }
    issues.push(
      ...toIssues(object, [
        {
          code: IssueCode.DuplicateObject,
          severity: Severity.Warning,
          message: 'the same object appears more than once; the last one wins',
          path: [],
        },
      ]),
    );
  }
  return issues;
}
