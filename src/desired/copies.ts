/**
 * The agent's copies (spec §3.6): what a managed cluster holds of the admin's objects. Copies keep
 * the admin object's namespace and name (P8). Local status is never copied (C1).
 *
 * vzmc applies these with server-side apply, so fields other managers own (for example labels a
 * user added on the managed cluster) survive, where Verrazzano's agent replaces or keeps labels
 * wholesale (B29); and the set of app configs using a Secret or Component is kept in an annotation
 * instead of a comma-joined label that no API server accepts (B1). See docs/deviations.md.
 */
import type { Secret } from '../model/core.js';
import type { KubeObject } from '../model/meta.js';
import { Namespaces, VerrazzanoLabels } from '../model/names.js';
import type { Component } from '../model/oam.js';
import type { MultiClusterWrapper, VerrazzanoProject } from '../model/verrazzano.js';
import { markedAnnotations, markedLabels, sourceRef } from '../unwrap/markers.js';
import { secretData } from '../unwrap/unwrap.js';
import { cloneJson } from '../internal/clone.js';

/** The VerrazzanoProject copy on a managed cluster: placement, template, admin labels plus verrazzano-managed. */
export function copyProject(project: VerrazzanoProject): VerrazzanoProject {
  return {
    apiVersion: project.apiVersion,
    kind: project.kind,
    metadata: {
      name: project.metadata.name ?? '',
      namespace: Namespaces.VerrazzanoMc,
      labels: markedLabels({ ...project.metadata.labels, [VerrazzanoLabels.Managed]: 'true' }),
      annotations: markedAnnotations(withoutLastApplied(project.metadata.annotations), sourceRef(project)),
    },
    spec: {
      placement: cloneJson(project.spec.placement),
      template: cloneJson(project.spec.template),
    },
  };
}

/**
 * A wrapper's copy on a managed cluster: placement and template, the admin's labels, and
 * `verrazzano-managed=true` except on MultiClusterSecret copies, which Verrazzano never labels (B14).
 * A MultiClusterApplicationConfiguration copy has no `spec.secrets` (C2, B24).
 */
export function copyWrapper<W extends MultiClusterWrapper>(wrapper: W): W {
  const labels =
    wrapper.kind === 'MultiClusterSecret'
      ? { ...wrapper.metadata.labels }
      : { ...wrapper.metadata.labels, [VerrazzanoLabels.Managed]: 'true' };
  const spec = wrapper.spec
    ? { placement: cloneJson(wrapper.spec.placement), template: cloneJson(wrapper.spec.template) }
    : undefined;
  const copy = {
    apiVersion: wrapper.apiVersion,
    kind: wrapper.kind,
    metadata: {
      name: wrapper.metadata.name ?? '',
      namespace: wrapper.metadata.namespace ?? '',
      labels: markedLabels(labels),
      annotations: markedAnnotations(undefined, sourceRef(wrapper)),
    },
    ...(spec ? { spec } : {}),
  };
  return copy as W;
}

/**
 * kubectl's last-applied annotation holds the whole object as JSON, Secret data included, in clear
 * text for `stringData`. Copies never carry it (a deviation; see docs/deviations.md).
 */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function withoutLastApplied(
  annotations: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  return Object.fromEntries(Object.entries(annotations ?? {}).filter(([key]) => key !== LAST_APPLIED));
}

/** The labels and annotations of a Secret or Component the agent copies for MC app configs. */
function dependentMetadata(
  source: KubeObject,
  cluster: string,
  appConfigs: readonly string[],
): { labels: Record<string, string>; annotations: Record<string, string> } {
  return {
    labels: markedLabels({
      ...source.metadata.labels,
      [VerrazzanoLabels.ManagedCluster]: cluster,
      [VerrazzanoLabels.Managed]: 'true',
    }),
    annotations: markedAnnotations(
      {
        ...withoutLastApplied(source.metadata.annotations),
        [VerrazzanoLabels.McAppConfigs]: [...appConfigs].sort().join(','),
      },
      sourceRef(source),
    ),
  };
}

/**
 * A Secret listed in `spec.secrets` of MC app configs placed on `cluster` (P10): type, immutable
 * and data (stringData folded into data, as the server stores it), with the agent's labels.
 */
export function copySecret(secret: Secret, cluster: string, appConfigs: readonly string[]): Secret {
  const copy: Secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: secret.metadata.name ?? '',
      namespace: secret.metadata.namespace ?? '',
      ...dependentMetadata(secret, cluster, appConfigs),
    },
    type: secret.type === undefined || secret.type === '' ? 'Opaque' : secret.type,
  };
  const data = secretData(secret.data, secret.stringData);
  if (data) copy.data = data;
  if (secret.immutable !== undefined) copy.immutable = secret.immutable;
  return copy;
}

/** An OAM Component referenced by `componentName` of MC app configs placed on `cluster` (P11). */
export function copyComponent(
  component: Component,
  cluster: string,
  appConfigs: readonly string[],
): Component {
  const copy: Component = {
    apiVersion: component.apiVersion,
    kind: 'Component',
    metadata: {
      name: component.metadata.name ?? '',
      namespace: component.metadata.namespace ?? '',
      ...dependentMetadata(component, cluster, appConfigs),
    },
  };
  if (component.spec) copy.spec = cloneJson(component.spec);
  return copy;
}
