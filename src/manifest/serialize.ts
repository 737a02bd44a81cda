/**
 * Deterministic serialization. The same value always gives the same bytes, and whatever vzmc
 * writes, vzmc (and kubectl) read back as the same value: any string that YAML 1.1 would resolve
 * to something else (`yes`, `010`, `1_000`, `~`) is quoted.
 *
 * It uses the `yaml` package, not js-yaml (which reads): js-yaml 5's `dump` writes other bytes for
 * the same value (`1.e+21` for `1e+21`, `-0.0` for `-0`, `"tab\there"`, `"12:30"`, `"\n"` for `|+`,
 * `"="` for `=`), and the bytes vzmc writes are pinned by tests. See `yaml.ts` for the whole choice.
 */
import { Document, Scalar, visit } from 'yaml';
import { readsBackAsItself } from './yaml-scalars.js';

/** Options for {@link toYaml}. */
export interface ToYamlOptions {
  /** Sort mapping keys. Default: keep the value's own key order (which vzmc builds deterministically). */
  readonly sortKeys?: boolean;
}

/** Serializes one value as a YAML document (without a leading `---`). */
export function toYamlDocument(value: unknown, options: ToYamlOptions = {}): string {
  const doc = new Document(value, {
    aliasDuplicateObjects: false,
    sortMapEntries: options.sortKeys ?? false,
  });
  visit(doc, {
    Scalar(_key, node: Scalar) {
      // By the readers' scalar table: `yes`, `010` or `<<` (a merge key) would read back as something else.
      if (typeof node.value === 'string' && !node.type && !readsBackAsItself(node.value)) {
        node.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
  return doc.toString({ lineWidth: 0, minContentWidth: 0, indentSeq: true });
}

/**
 * Serializes values as a multi-document YAML stream, each document preceded by `---`.
 *
 * @example
 * toYaml([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo', labels: { flag: 'yes' } } }])
 * //=> '---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n  labels:\n    flag: "yes"\n'
 */
export function toYaml(values: readonly unknown[], options: ToYamlOptions = {}): string {
  return values.map((value) => `---\n${toYamlDocument(value, options)}`).join('');
}

/** Serializes a value as JSON with two-space indentation and a final newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
