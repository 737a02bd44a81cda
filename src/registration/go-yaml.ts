/**
 * YAML the way Verrazzano's Go code writes it (sigs.k8s.io/yaml over go-yaml v2): keys sorted,
 * block style, sequence items at the same indentation as their parent key, strings plain unless
 * they need quotes. Used for the agent kubeconfig and the registration manifest, so that their
 * bytes look like what Verrazzano produces, and are the same on every run. A string is written plain
 * only if it reads back as itself by the readers' scalar table (`manifest/yaml-scalars.ts`). The emitter
 * is vzmc's own, not the `yaml` package's: for the same value that package writes other bytes (a
 * `|-` block for a multi-line string, `a"b`, `it's`, `é` and `x!` plain where `goYaml` quotes them,
 * the key `y` unquoted), and the registration manifest's bytes are pinned by tests.
 */
import { readsBackAsItself } from '../manifest/yaml-scalars.js';

const PLAIN_SAFE = /^[A-Za-z0-9_./=+-][A-Za-z0-9 _./:=+@-]*$/;

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (typeof value !== 'string') return JSON.stringify(value);
  const text = value;
  if (text === '') return '""';
  // Go's emitter quotes a leading `-` followed by a blank or the end (a block sequence indicator)
  // and a `:` followed by one (yaml_emitter_analyze_scalar); so does this.
  const indicator = /^-( |$)/.test(text) || text.includes(': ') || text.endsWith(':');
  if (PLAIN_SAFE.test(text) && !text.endsWith(' ') && !indicator && readsBackAsItself(text)) return text;
  return JSON.stringify(text);
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function emit(value: unknown, indent: string, lines: string[]): void {
  if (isMap(value)) {
    for (const key of Object.keys(value).sort()) {
      const child = value[key];
      if (child === undefined) continue;
      if ((isMap(child) && Object.keys(child).length > 0) || (Array.isArray(child) && child.length > 0)) {
        lines.push(`${indent}${scalar(key)}:`);
        emit(child, Array.isArray(child) ? indent : `${indent}  `, lines);
      } else {
        lines.push(
          `${indent}${scalar(key)}: ${isMap(child) ? '{}' : Array.isArray(child) ? '[]' : scalar(child)}`,
        );
      }
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const nested: string[] = [];
      emit(item, `${indent}  `, nested);
      if (isMap(item) && nested.length > 0) {
        nested[0] = `${indent}- ${nested[0]!.slice(indent.length + 2)}`;
        lines.push(...nested);
      } else {
        lines.push(`${indent}- ${scalar(item)}`);
      }
    }
    return;
  }
  lines.push(`${indent}${scalar(value)}`);
}

/**
 * Serializes a JSON-like value as go-yaml v2 would after sigs.k8s.io/yaml's JSON round trip.
 *
 * @example
 * goYaml({ b: 1, a: [{ y: 2, x: 'v' }] }) //=> 'a:\n- x: v\n  y: 2\nb: 1\n'
 */
export function goYaml(value: unknown): string {
  const lines: string[] = [];
  emit(value, '', lines);
  return `${lines.join('\n')}\n`;
}
