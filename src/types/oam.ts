/**
 * core.oam.dev/v1alpha2 ApplicationConfiguration and Component, as far as Verrazzano embeds them
 * (spec §1.3, §1.4). Workloads and traits are embedded resources whose unknown fields survive.
 * OAM status is kept as free-form data, so live objects round-trip.
 */
import { z } from 'zod';
import { EmbeddedResource, FreeForm, IntOrString, k8s, kindSchema } from './meta.js';

/** The API group and version of OAM kinds. */
export const OAM_API_VERSION = 'core.oam.dev/v1alpha2';

const DataInput = z.strictObject({
  toFieldPaths: z.array(z.string()).optional(),
  valueFrom: z.strictObject({ dataOutputName: z.string() }).optional(),
});

const DataOutput = z.strictObject({
  name: z.string().optional(),
  fieldPath: z.string().optional(),
  conditions: z
    .array(
      z.strictObject({
        op: z.string(),
        fieldPath: z.string().optional(),
        value: z.string().optional(),
        valueFrom: z.strictObject({ fieldPath: z.string() }).optional(),
      }),
    )
    .optional(),
});

/** A trait attached to a component of an application configuration. */
export const ComponentTrait = z.strictObject({
  trait: EmbeddedResource,
  dataInputs: z.array(DataInput).optional(),
  dataOutputs: z.array(DataOutput).optional(),
});

/** One component entry of an application configuration. */
export const ApplicationConfigurationComponent = z.strictObject({
  componentName: z.string().optional(),
  revisionName: z.string().optional(),
  dataInputs: z.array(DataInput).optional(),
  dataOutputs: z.array(DataOutput).optional(),
  parameterValues: z.array(z.strictObject({ name: z.string(), value: IntOrString })).optional(),
  scopes: z
    .array(
      z.strictObject({
        scopeRef: z.strictObject({
          apiVersion: z.string(),
          kind: z.string(),
          name: z.string(),
          uid: z.string().optional(),
        }),
      }),
    )
    .optional(),
  traits: z.array(ComponentTrait).optional(),
});
/** One component entry of an application configuration. */
export type ApplicationConfigurationComponent = z.infer<typeof ApplicationConfigurationComponent>;

/** The spec of an OAM ApplicationConfiguration. */
export const ApplicationConfigurationSpec = z.strictObject({
  components: z.array(ApplicationConfigurationComponent),
});
/** The spec of an OAM ApplicationConfiguration. */
export type ApplicationConfigurationSpec = z.infer<typeof ApplicationConfigurationSpec>;

/** The spec of an OAM Component. */
export const ComponentSpec = z.strictObject({
  workload: EmbeddedResource,
  parameters: z
    .array(
      z.strictObject({
        name: z.string(),
        fieldPaths: z.array(z.string()),
        required: k8s(z.boolean(), { default: false }).optional(),
        description: z.string().optional(),
      }),
    )
    .optional(),
});
/** The spec of an OAM Component. */
export type ComponentSpec = z.infer<typeof ComponentSpec>;

/** An OAM ApplicationConfiguration. */
export const ApplicationConfiguration = kindSchema(OAM_API_VERSION, 'ApplicationConfiguration', {
  spec: ApplicationConfigurationSpec.optional(),
  status: FreeForm.optional(),
});
/** An OAM ApplicationConfiguration. */
export type ApplicationConfiguration = z.infer<typeof ApplicationConfiguration>;

/** An OAM Component. */
export const Component = kindSchema(OAM_API_VERSION, 'Component', {
  spec: ComponentSpec.optional(),
  status: FreeForm.optional(),
});
/** An OAM Component. */
export type Component = z.infer<typeof Component>;
