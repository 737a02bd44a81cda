/**
 * core.oam.dev/v1alpha2 ApplicationConfiguration and Component, as far as Verrazzano embeds them
 * (spec §1.3, §1.4). Workloads and traits are embedded resources whose unknown fields survive.
 * OAM status follows Verrazzano's CRDs field for field: they prune (or, strictly, refuse) any other.
 */
import { z } from 'zod';
import { EmbeddedResource, IntOrString, k8s, kindSchema } from './meta.js';

/** The API group and version of OAM kinds. */
export const OAM_API_VERSION = 'core.oam.dev/v1alpha2';

const DataInput = z.strictObject({
  /** Field paths that receive the value. */
  toFieldPaths: z.array(z.string()).optional(),
  /** Where the value comes from. */
  valueFrom: z
    .strictObject({
      /** The name of the data output that provides the value. */
      dataOutputName: z.string(),
    })
    .optional(),
});

const DataOutput = z.strictObject({
  /** The output's name. */
  name: z.string().optional(),
  /** The field path that holds the value. */
  fieldPath: z.string().optional(),
  /** Conditions the output must meet before it is ready. */
  conditions: z
    .array(
      z.strictObject({
        /** The comparison operator. */
        op: z.string(),
        /** The field path to compare. */
        fieldPath: z.string().optional(),
        /** The value to compare with. */
        value: z.string().optional(),
        /** Compare with the value at this field path instead of `value`. */
        valueFrom: z
          .strictObject({
            /** The field path to read. */
            fieldPath: z.string(),
          })
          .optional(),
      }),
    )
    .optional(),
});

/** A trait attached to a component of an application configuration. */
export const ComponentTrait = z.strictObject({
  /** The trait object (an embedded resource, e.g. an IngressTrait). */
  trait: EmbeddedResource,
  /** Inputs of the trait. */
  dataInputs: z.array(DataInput).optional(),
  /** Outputs of the trait. */
  dataOutputs: z.array(DataOutput).optional(),
});

/** One component entry of an application configuration. */
export const ApplicationConfigurationComponent = z.strictObject({
  /** The Component to instantiate, by name. */
  componentName: z.string().optional(),
  /** A Component revision to instantiate (exclusive with `componentName`). */
  revisionName: z.string().optional(),
  /** Inputs of the component. */
  dataInputs: z.array(DataInput).optional(),
  /** Outputs of the component. */
  dataOutputs: z.array(DataOutput).optional(),
  /** Values for the component's parameters. */
  parameterValues: z
    .array(
      z.strictObject({
        /** The parameter's name. */
        name: z.string(),
        /** Its value. */
        value: IntOrString,
      }),
    )
    .optional(),
  /** Scopes the component belongs to. */
  scopes: z
    .array(
      z.strictObject({
        /** The scope object. */
        scopeRef: z.strictObject({
          /** API version of the scope. */
          apiVersion: z.string(),
          /** Kind of the scope. */
          kind: z.string(),
          /** Name of the scope. */
          name: z.string(),
          /** UID of the scope. */
          uid: z.string().optional(),
        }),
      }),
    )
    .optional(),
  /** Traits attached to the component. */
  traits: z.array(ComponentTrait).optional(),
});
/** One component entry of an application configuration. */
export type ApplicationConfigurationComponent = z.infer<typeof ApplicationConfigurationComponent>;

/** The spec of an OAM ApplicationConfiguration. */
export const ApplicationConfigurationSpec = z.strictObject({
  /** The components of the application. */
  components: z.array(ApplicationConfigurationComponent),
});
/** The spec of an OAM ApplicationConfiguration. */
export type ApplicationConfigurationSpec = z.infer<typeof ApplicationConfigurationSpec>;

/** The spec of an OAM Component. */
export const ComponentSpec = z.strictObject({
  /** The workload (an embedded resource with apiVersion and kind). */
  workload: EmbeddedResource,
  /** Parameters the workload takes. */
  parameters: z
    .array(
      z.strictObject({
        /** The parameter's name. */
        name: z.string(),
        /** The workload fields the parameter sets. */
        fieldPaths: z.array(z.string()),
        /** Whether a value is required. */
        required: k8s(z.boolean(), { default: false }).optional(),
        /** A description. */
        description: z.string().optional(),
      }),
    )
    .optional(),
});
/** The spec of an OAM Component. */
export type ComponentSpec = z.infer<typeof ComponentSpec>;

/** A condition the OAM runtime reports (crossplane-runtime's Condition). */
const OamCondition = z.strictObject({
  /** The condition type, e.g. `Synced`. */
  type: z.string(),
  /** `True`, `False` or `Unknown`. */
  status: z.string(),
  /** When the status last changed. */
  lastTransitionTime: k8s(z.string(), { format: 'date-time' }),
  /** A one-word reason. */
  reason: z.string(),
  /** Details. */
  message: z.string().optional(),
});

/** A reference to an object the OAM runtime created or uses. */
const OamObjectRef = z.strictObject({
  /** API version of the referent. */
  apiVersion: z.string(),
  /** Kind of the referent. */
  kind: z.string(),
  /** Name of the referent. */
  name: z.string(),
  /** UID of the referent. */
  uid: z.string().optional(),
});

/** The OAM runtime's status of an ApplicationConfiguration. */
const ApplicationConfigurationStatus = z.strictObject({
  /** Conditions of the application. */
  conditions: z.array(OamCondition).optional(),
  /** Data dependencies not yet satisfied. */
  dependency: z
    .strictObject({
      /** The unsatisfied dependencies. */
      unsatisfied: z
        .array(
          z.strictObject({
            /** The object that provides the data. */
            from: OamObjectRef.extend({
              /** The field path of the data. */
              fieldPath: z.string().optional(),
            }),
            /** Why the dependency is unsatisfied. */
            reason: z.string(),
            /** The object that needs the data. */
            to: OamObjectRef.extend({
              /** The field paths that receive the data. */
              fieldPaths: z.array(z.string()).optional(),
            }),
          }),
        )
        .optional(),
    })
    .optional(),
  /** Workloads of earlier component revisions, kept during a rollout. */
  historyWorkloads: z
    .array(
      z.strictObject({
        /** The component revision. */
        revision: z.string().optional(),
        /** The workload. */
        workloadRef: OamObjectRef.optional(),
      }),
    )
    .optional(),
  /** The generation the status describes. */
  observedGeneration: k8s(z.number().int(), { format: 'int64' }).optional(),
  /** The application's state. */
  status: z.string().optional(),
  /** One entry per component's workload. */
  workloads: z
    .array(
      z.strictObject({
        /** The component. */
        componentName: z.string().optional(),
        /** The component revision. */
        componentRevisionName: z.string().optional(),
        /** The scopes the workload is in. */
        scopes: z
          .array(
            z.strictObject({
              /** The scope. */
              scopeRef: OamObjectRef,
              /** Its state. */
              status: z.string().optional(),
            }),
          )
          .optional(),
        /** The workload's state. */
        status: z.string().optional(),
        /** The workload's traits. */
        traits: z
          .array(
            z.strictObject({
              /** Details. */
              message: z.string().optional(),
              /** The trait's state. */
              status: z.string().optional(),
              /** The trait. */
              traitRef: OamObjectRef,
            }),
          )
          .optional(),
        /** The workload. */
        workloadRef: OamObjectRef.optional(),
      }),
    )
    .optional(),
});

/** The OAM runtime's status of a Component. */
const ComponentStatus = z.strictObject({
  /** Conditions of the Component. */
  conditions: z.array(OamCondition).optional(),
  /** The latest ComponentRevision. */
  latestRevision: z
    .strictObject({
      /** The revision's name. */
      name: z.string(),
      /** The revision number. */
      revision: k8s(z.number().int(), { format: 'int64' }),
    })
    .optional(),
  /** The generation the status describes. */
  observedGeneration: k8s(z.number().int(), { format: 'int64' }).optional(),
});

/** An OAM ApplicationConfiguration. */
export const ApplicationConfiguration = kindSchema(OAM_API_VERSION, 'ApplicationConfiguration', {
  /** The application's spec. */
  spec: ApplicationConfigurationSpec.optional(),
  /** The OAM runtime's status. */
  status: ApplicationConfigurationStatus.optional(),
});
/** An OAM ApplicationConfiguration. */
export type ApplicationConfiguration = z.infer<typeof ApplicationConfiguration>;

/** An OAM Component. */
export const Component = kindSchema(OAM_API_VERSION, 'Component', {
  /** The Component's spec. */
  spec: ComponentSpec.optional(),
  /** The OAM runtime's status. */
  status: ComponentStatus.optional(),
});
/** An OAM Component. */
export type Component = z.infer<typeof Component>;
