/**
 * A small validator for CRD structural schemas, used to check objects against vzmc's generated
 * CRDs and Verrazzano's real ones without an API server (the real-server suite proves the rest).
 * It reports type errors, missing required fields and fields the server would prune.
 */
import type { JSONSchemaProps } from '../../src/model/index.js';

export interface SchemaProblem {
  readonly path: string;
  readonly problem: string;
}

const typeOf = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'array'
      : Number.isInteger(value)
        ? 'integer'
        : typeof value;

export function checkAgainstSchema(value: unknown, schema: JSONSchemaProps, path = ''): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  if (value === null) {
    if (!schema.nullable) out.push({ path, problem: 'null is not allowed' });
    return out;
  }
  if (schema['x-kubernetes-int-or-string']) {
    if (typeof value !== 'string' && !Number.isInteger(value))
      out.push({ path, problem: 'expected int or string' });
    return out;
  }
  const actual = typeOf(value);
  if (schema.type) {
    const ok =
      schema.type === actual || (schema.type === 'number' && (actual === 'integer' || actual === 'number'));
    if (!ok) {
      out.push({ path, problem: `expected ${schema.type}, got ${actual}` });
      return out;
    }
  }
  if (schema.enum && !schema.enum.includes(value))
    out.push({ path, problem: `not one of ${JSON.stringify(schema.enum)}` });
  if (schema.format === 'byte' && typeof value === 'string' && !/^[A-Za-z0-9+/\r\n]*={0,2}$/.test(value)) {
    out.push({ path, problem: 'not base64' });
  }
  if (actual === 'array' && schema.items) {
    (value as unknown[]).forEach((item, i) =>
      out.push(...checkAgainstSchema(item, schema.items!, `${path}[${i}]`)),
    );
  }
  if (actual === 'object') {
    const obj = value as Record<string, unknown>;
    if (schema['x-kubernetes-embedded-resource']) {
      for (const key of ['apiVersion', 'kind']) {
        if (typeof obj[key] !== 'string')
          out.push({ path: `${path}.${key}`, problem: 'required by an embedded resource' });
      }
    }
    for (const key of schema.required ?? []) {
      if (!(key in obj)) out.push({ path: `${path}.${key}`, problem: 'required' });
    }
    for (const [key, child] of Object.entries(obj)) {
      const childPath = `${path}.${key}`;
      // The API server owns the schema of the root metadata.
      if (path === '' && key === 'metadata') continue;
      if (schema.properties?.[key]) out.push(...checkAgainstSchema(child, schema.properties[key], childPath));
      else if (schema.additionalProperties)
        out.push(...checkAgainstSchema(child, schema.additionalProperties, childPath));
      else if (!schema['x-kubernetes-preserve-unknown-fields'])
        out.push({ path: childPath, problem: 'would be pruned' });
    }
  }
  return out;
}

/** Structural-schema rules (apiextensions validation of openAPIV3Schema), as far as vzmc's generator can break them. */
export function structuralProblems(schema: JSONSchemaProps, path = '', root = true): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const exempt = schema['x-kubernetes-int-or-string'] || schema['x-kubernetes-preserve-unknown-fields'];
  if (!schema.type && !exempt) out.push({ path, problem: 'type is missing' });
  if (schema.properties && schema.additionalProperties)
    out.push({ path, problem: 'properties and additionalProperties together' });
  if (schema.anyOf && !schema['x-kubernetes-int-or-string'])
    out.push({ path, problem: 'anyOf outside int-or-string' });
  if (schema['x-kubernetes-embedded-resource'] && schema.type !== 'object')
    out.push({ path, problem: 'embedded resource must be an object' });
  if (root) {
    const meta = schema.properties?.metadata;
    if (meta && (meta.properties || meta.type !== 'object'))
      out.push({ path: '.metadata', problem: 'metadata may only be {type: object}' });
  }
  for (const [key, child] of Object.entries(schema.properties ?? {}))
    out.push(...structuralProblems(child, `${path}.${key}`, false));
  if (schema.items) out.push(...structuralProblems(schema.items, `${path}[]`, false));
  if (schema.additionalProperties)
    out.push(...structuralProblems(schema.additionalProperties, `${path}{}`, false));
  return out;
}
