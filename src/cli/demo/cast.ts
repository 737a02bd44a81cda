/**
 * Who plays which part in the demo, read from its inputs rather than assumed: the ToDo
 * MultiClusterApplicationConfiguration, its namespace and Secrets, the Helidon application and the
 * MultiClusterConfigMaps. The same story then runs on vzmc's own fleet and on Verrazzano's examples.
 */
import { applyMergePatch } from '../../internal/merge-patch.js';
import type { KubeObject } from '../../model/meta.js';
import { CliError } from '../shared/io.js';
import type { DemoInputs } from './inputs.js';
import { MANAGED, type ObjectName } from './session.js';

/** A wrapper of the inputs, with the clusters its placement names. */
export interface PlacedObject extends ObjectName {
  readonly kind: string;
  readonly clusters: readonly string[];
}

/** The parts of the demo, as its inputs define them. */
export interface DemoCast {
  /** The ToDo objects, as given. */
  readonly todo: readonly KubeObject[];
  /** The Helidon objects, placed on both managed clusters. */
  readonly helidon: readonly KubeObject[];
  /** The Helidon objects whose placement the demo widened to both managed clusters. */
  readonly widened: readonly PlacedObject[];
  /** The ToDo MultiClusterApplicationConfiguration and the Secrets its `spec.secrets` lists. */
  readonly todoApp: PlacedObject & { readonly secrets: readonly string[] };
  /** The Helidon MultiClusterApplicationConfiguration (after widening). */
  readonly helidonApp: PlacedObject;
  /** The Helidon MultiClusterConfigMaps (after widening): they move with the application. */
  readonly helidonConfigMaps: readonly PlacedObject[];
  /** The merge patch that moves hello-helidon to the admin. */
  readonly toAdminPatch: unknown;
}

const APP = 'MultiClusterApplicationConfiguration';

/** The cluster names of an object's `spec.placement`. */
export function placementOf(object: KubeObject): string[] {
  const spec = object.spec as { placement?: { clusters?: { name?: string }[] } } | undefined;
  return (spec?.placement?.clusters ?? []).map((c) => c.name ?? '');
}

function placed(object: KubeObject): PlacedObject {
  return {
    kind: object.kind,
    namespace: object.metadata.namespace ?? '',
    name: object.metadata.name ?? '',
    clusters: placementOf(object),
  };
}

function theApp(objects: readonly KubeObject[], folder: string): KubeObject {
  const apps = objects.filter((o) => o.kind === APP);
  if (apps.length !== 1) {
    throw new CliError(
      `the demo needs exactly one ${APP} in ${folder}/; it has ${apps.length === 0 ? 'none' : apps.length}`,
    );
  }
  return apps[0]!;
}

const placesExactlyManaged = (object: KubeObject) => {
  const clusters = new Set(placementOf(object));
  return clusters.size === MANAGED.length && MANAGED.every((c) => clusters.has(c));
};

/** Reads the cast from the inputs; Helidon objects placed elsewhere are widened to both managed clusters. */
export function castOf(inputs: DemoInputs): DemoCast {
  const both = { spec: { placement: { clusters: MANAGED.map((name) => ({ name })) } } };
  const widened: PlacedObject[] = [];
  const helidon = inputs.helidon.map((o) => {
    if (placementOf(o).length === 0 || placesExactlyManaged(o)) return o;
    widened.push(placed(o));
    return applyMergePatch(o, both) as KubeObject;
  });
  const todoApp = theApp(inputs.todo, 'todo-list');
  const secrets = (todoApp.spec as { secrets?: string[] } | undefined)?.secrets ?? [];
  return {
    todo: inputs.todo,
    helidon,
    widened,
    todoApp: { ...placed(todoApp), secrets },
    helidonApp: placed(theApp(helidon, 'hello-helidon')),
    helidonConfigMaps: helidon.filter((o) => o.kind === 'MultiClusterConfigMap').map(placed),
    toAdminPatch: inputs.toAdminPatch,
  };
}
