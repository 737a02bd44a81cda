/**
 * CustomResourceDefinitions as live objects: creating one serves its kinds (immediately
 * Established), deleting one stops serving them and removes their objects, as the apiextensions
 * controllers inside kube-apiserver do.
 */
import { generateCrds } from '../../model/crds.js';
import type { Finding } from '../../validation/validate.js';
import { isObject, type JsonObject } from './canonical.js';
import { GenerationPolicy, resourceOf, type InstallKindOptions, type Resource } from './resources.js';
import { crdFinding } from './validation.js';

/** The apiVersion of CustomResourceDefinition. */
export const CRD_API_VERSION = 'apiextensions.k8s.io/v1';

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

function names(spec: JsonObject): JsonObject {
  return isObject(spec.names) ? spec.names : {};
}

/** The CRD checks (a subset of apiextensions validation) vzmc's CRDs and tests meet. */
function crdFindings(object: unknown): Finding[] {
  if (!isObject(object)) return [];
  const out: Finding[] = [];
  const spec = isObject(object.spec) ? object.spec : {};
  const group = str(spec.group);
  const n = names(spec);
  const plural = str(n.plural);
  const name = isObject(object.metadata) ? str(object.metadata.name) : '';
  if (group === '') out.push(crdFinding(['spec', 'group'], 'Required value'));
  if (plural === '') out.push(crdFinding(['spec', 'names', 'plural'], 'Required value'));
  if (str(n.kind) === '') out.push(crdFinding(['spec', 'names', 'kind'], 'Required value'));
  if (group !== '' && plural !== '' && name !== `${plural}.${group}`) {
    out.push(
      crdFinding(
        ['metadata', 'name'],
        `Invalid value: ${JSON.stringify(name)}: must be spec.names.plural+"."+spec.group`,
      ),
    );
  }
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') {
    out.push(
      crdFinding(
        ['spec', 'scope'],
        `Unsupported value: ${JSON.stringify(spec.scope ?? '')}: supported values: "Cluster", "Namespaced"`,
      ),
    );
  }
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isObject) : [];
  if (versions.length === 0)
    out.push(
      crdFinding(
        ['spec', 'versions'],
        'Invalid value: must have exactly one version marked as storage version',
      ),
    );
  else if (versions.filter((v) => v.storage === true).length !== 1) {
    out.push(
      crdFinding(
        ['spec', 'versions'],
        'Invalid value: must have exactly one version marked as storage version',
      ),
    );
  }
  return out;
}

/** The CustomResourceDefinition kind itself. */
export function crdResource(base: Resource): Resource {
  return {
    ...base,
    generation: GenerationPolicy.Spec,
    findings: (object) => [...base.findings(object), ...crdFindings(object)],
  };
}

/** Apiextensions defaults: singular and listKind names, the None conversion. */
export function defaultCrd(object: JsonObject): void {
  if (!isObject(object.spec)) return;
  const spec = object.spec;
  const n = names(spec);
  const kind = str(n.kind);
  if (kind !== '') {
    if (str(n.singular) === '') n.singular = kind.toLowerCase();
    if (str(n.listKind) === '') n.listKind = `${kind}List`;
  }
  if (!isObject(spec.conversion)) spec.conversion = { strategy: 'None' };
}

/** The kinds a CRD serves. */
export function servedKinds(crd: JsonObject): InstallKindOptions[] {
  const spec = isObject(crd.spec) ? crd.spec : {};
  const n = names(spec);
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isObject) : [];
  return versions
    .filter((v) => v.served === true)
    .map((v) => ({
      apiVersion: `${str(spec.group)}/${str(v.name)}`,
      kind: str(n.kind),
      plural: str(n.plural),
      namespaced: spec.scope === 'Namespaced',
      statusSubresource: isObject(v.subresources) && isObject(v.subresources.status),
      custom: true,
    }));
}

/** The resources a CRD installs. */
export function resourcesOf(crd: JsonObject): Resource[] {
  const name = isObject(crd.metadata) ? str(crd.metadata.name) : '';
  return servedKinds(crd).map((kind) => resourceOf(kind, name));
}

/** The status the apiextensions controllers write: names accepted, established. */
export function establishedStatus(crd: JsonObject, now: string): JsonObject {
  const spec = isObject(crd.spec) ? crd.spec : {};
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isObject) : [];
  const storage = versions.find((v) => v.storage === true);
  return {
    acceptedNames: JSON.parse(JSON.stringify(names(spec))) as JsonObject,
    conditions: [
      {
        type: 'NamesAccepted',
        status: 'True',
        reason: 'NoConflicts',
        message: 'no conflicts found',
        lastTransitionTime: now,
      },
      {
        type: 'Established',
        status: 'True',
        reason: 'InitialNamesAccepted',
        message: 'the initial names have been accepted',
        lastTransitionTime: now,
      },
    ],
    storedVersions: storage ? [str(storage.name)] : [],
  };
}

/** vzmc's own CRDs, as plain objects. */
export function vzmcCrds(): JsonObject[] {
  return generateCrds().map((crd) => JSON.parse(JSON.stringify(crd)) as JsonObject);
}
