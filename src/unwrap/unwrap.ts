/**
 * Unwrapping (spec §3.1–§3.5): what each MC wrapper becomes on a cluster where it is placed.
 *
 * U1: the name and namespace are the wrapper's; `spec.template.metadata.name/namespace` are ignored.
 * U2: labels are the template's, plus `verrazzano-managed: "true"` (which overrides a template value).
 * U3: annotations are the template's.
 * U4: no ownerReferences or finalizers; the wrapper's own labels and annotations do not propagate.
 * On top, vzmc adds its ownership markers (see markers.ts).
 */
import { utf8ToBase64 } from '../internal/base64.js';
import type { ConfigMap, Secret } from '../model/core.js';
import type { KubeObject } from '../model/meta.js';
import { VerrazzanoLabels } from '../model/names.js';
import { OAM_API_VERSION, type ApplicationConfiguration, type Component } from '../model/oam.js';
import type {
  MultiClusterApplicationConfiguration,
  MultiClusterComponent,
  MultiClusterConfigMap,
  MultiClusterSecret,
  MultiClusterWrapper,
} from '../model/verrazzano.js';
import { markedAnnotations, markedLabels, sourceRef } from './markers.js';
import { cloneJson } from '../internal/clone.js';

/** Metadata of an unwrapped object (U1–U4), with vzmc's markers. */
function unwrappedMetadata(
  wrapper: MultiClusterWrapper,
  template:
    | { labels?: Record<string, string> | undefined; annotations?: Record<string, string> | undefined }
    | undefined,
) {
  const meta: {
    name: string;
    namespace: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
  } = {
    name: wrapper.metadata.name ?? '',
    namespace: wrapper.metadata.namespace ?? '',
    labels: markedLabels({ ...template?.labels, [VerrazzanoLabels.Managed]: 'true' }),
    annotations: markedAnnotations(template?.annotations, sourceRef(wrapper)),
  };
  return meta;
}

/** MultiClusterApplicationConfiguration → core.oam.dev/v1alpha2 ApplicationConfiguration (§3.2). */
export function unwrapApplicationConfiguration(
  wrapper: MultiClusterApplicationConfiguration,
): ApplicationConfiguration {
  const template = wrapper.spec?.template;
  const object: ApplicationConfiguration = {
    apiVersion: OAM_API_VERSION,
    kind: 'ApplicationConfiguration',
    metadata: unwrappedMetadata(wrapper, template?.metadata),
  };
  if (template?.spec) object.spec = cloneJson(template.spec);
  return object;
}

/** MultiClusterComponent → core.oam.dev/v1alpha2 Component (§3.3). */
export function unwrapComponent(wrapper: MultiClusterComponent): Component {
  const template = wrapper.spec?.template;
  const object: Component = {
    apiVersion: OAM_API_VERSION,
    kind: 'Component',
    metadata: unwrappedMetadata(wrapper, template?.metadata),
  };
  if (template?.spec) object.spec = cloneJson(template.spec);
  return object;
}

/** MultiClusterConfigMap → v1 ConfigMap (§3.4): data, binaryData and immutable. */
export function unwrapConfigMap(wrapper: MultiClusterConfigMap): ConfigMap {
  const template = wrapper.spec?.template;
  const object: ConfigMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: unwrappedMetadata(wrapper, template?.metadata),
  };
  if (template?.data) object.data = { ...template.data };
  if (template?.binaryData) object.binaryData = { ...template.binaryData };
  if (template?.immutable !== undefined) object.immutable = template.immutable;
  return object;
}

/**
 * Secret data as the API server stores it: `stringData` is write-only and merged into `data`
 * (base64), overriding equal keys. Rendering it that way keeps desired and live state comparable.
 */
export function secretData(
  data: Readonly<Record<string, string>> | undefined,
  stringData: Readonly<Record<string, string>> | undefined,
): Record<string, string> | undefined {
  if (!data && !stringData) return undefined;
  const out: Record<string, string> = { ...data };
  for (const [key, value] of Object.entries(stringData ?? {})) out[key] = utf8ToBase64(value);
  return out;
}

/** MultiClusterSecret → v1 Secret (§3.5): type (the server's default is Opaque) and data. */
export function unwrapSecret(wrapper: MultiClusterSecret): Secret {
  const template = wrapper.spec?.template;
  const object: Secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: unwrappedMetadata(wrapper, template?.metadata),
    type: template?.type === undefined || template.type === '' ? 'Opaque' : template.type,
  };
  const data = secretData(template?.data, template?.stringData);
  if (data) object.data = data;
  return object;
}

/**
 * The object a wrapper unwraps into (U1–U6).
 *
 * @example
 * unwrap(todoMcAppConfig).kind //=> 'ApplicationConfiguration'
 * unwrap(todoMcAppConfig).metadata.labels //=> { 'verrazzano-managed': 'true', 'vzmc.dev/managed': 'true' }
 */
export function unwrap(wrapper: MultiClusterWrapper): KubeObject {
  switch (wrapper.kind) {
    case 'MultiClusterApplicationConfiguration':
      return unwrapApplicationConfiguration(wrapper);
    case 'MultiClusterComponent':
      return unwrapComponent(wrapper);
    case 'MultiClusterConfigMap':
      return unwrapConfigMap(wrapper);
    case 'MultiClusterSecret':
      return unwrapSecret(wrapper);
  }
}

/** The kind a wrapper kind unwraps into, with its apiVersion. */
export const UNWRAPPED_KIND = {
  /** An OAM ApplicationConfiguration (§3.2). */
  MultiClusterApplicationConfiguration: {
    /** `core.oam.dev/v1alpha2`. */
    apiVersion: OAM_API_VERSION,
    /** `ApplicationConfiguration`. */
    kind: 'ApplicationConfiguration',
  },
  /** An OAM Component (§3.3). */
  MultiClusterComponent: {
    /** `core.oam.dev/v1alpha2`. */
    apiVersion: OAM_API_VERSION,
    /** `Component`. */
    kind: 'Component',
  },
  /** A ConfigMap (§3.4). */
  MultiClusterConfigMap: {
    /** `v1`. */
    apiVersion: 'v1',
    /** `ConfigMap`. */
    kind: 'ConfigMap',
  },
  /** A Secret (§3.5). */
  MultiClusterSecret: {
    /** `v1`. */
    apiVersion: 'v1',
    /** `Secret`. */
    kind: 'Secret',
  },
} as const;
