/** Output of objects: complete manifests for machines, tables without Secret data for people. */
import { type KubeObject } from '../../model/index.js';
import { holdsSecretData, redactSecretData, toJson, toYaml, toYamlDocument } from '../../manifest/index.js';
import { formatTable } from './table.js';

/** A manifest stream: YAML documents, or a JSON `List`; Secret data kept unless `redact`. */
export function manifests(objects: readonly KubeObject[], format: 'yaml' | 'json', redact: boolean): string {
  const items = redact ? objects.map(redactSecretData) : [...objects];
  return format === 'json' ? toJson({ apiVersion: 'v1', kind: 'List', items }) : toYaml(items);
}

/** A data document (a report, a plan) as JSON or one YAML document. */
export function dataDocument(value: unknown, format: 'json' | 'yaml'): string {
  return format === 'json' ? toJson(value) : toYamlDocument(value);
}

/** What a table says about an object's data: the keys of a Secret (never values), the size of others. */
export function dataColumn(object: KubeObject): string {
  const o = object as KubeObject & {
    data?: Record<string, unknown>;
    stringData?: Record<string, unknown>;
    spec?: { template?: { data?: Record<string, unknown> } };
  };
  const data =
    o.data ?? o.stringData ?? (o.kind === 'MultiClusterSecret' ? o.spec?.template?.data : undefined);
  if (!data) return '';
  const keys = Object.keys(data).sort();
  if (keys.length === 0) return '';
  return holdsSecretData(object) ? `${keys.join(',')} (redacted)` : keys.join(',');
}

/** One row per object: KIND, NAMESPACE, NAME, DATA and any extra columns. */
export function objectTable(
  objects: readonly KubeObject[],
  extra: {
    readonly headers: readonly string[];
    readonly cells: (object: KubeObject, i: number) => string[];
  } = {
    headers: [],
    cells: () => [],
  },
): string {
  return formatTable([
    ['KIND', 'NAMESPACE', 'NAME', 'DATA', ...extra.headers],
    ...objects.map((o, i) => [
      o.kind,
      o.metadata.namespace ?? '',
      o.metadata.name ?? '',
      dataColumn(o),
      ...extra.cells(o, i),
    ]),
  ]);
}

/** `-n`: the objects in `namespace`, and the Namespace itself. */
export function inNamespace(
  namespace: string | undefined,
): (o: { kind: string; metadata: { name?: string | undefined; namespace?: string | undefined } }) => boolean {
  if (namespace === undefined) return () => true;
  return (o) =>
    o.metadata.namespace === namespace || (o.kind === 'Namespace' && o.metadata.name === namespace);
}
