/**
 * Issue 13 item 3, "nothing secret in any output": a fleet whose every Secret value, token,
 * password and key holds one unique marker, and the ways that marker could show up in output
 * (as is, and base64-encoded at each of the three byte alignments).
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';

/** The marker: in no example, no default, no fixture. */
export const MARKER = 'vzmcSECRETmarker7f3a9c';

const b64 = (text: string) => Buffer.from(text).toString('base64');

/** The marker's base64 at each alignment, without the groups a neighbour byte changes. */
export const MARKER_FORMS: readonly string[] = [
  MARKER,
  ...[0, 1, 2].map((k) => {
    const encoded = b64(`${'\0'.repeat(k)}${MARKER}`);
    return encoded.slice(k === 0 ? 0 : 4, -4);
  }),
];

/** The forms of the marker found in `text`. */
export function markerHits(text: string): string[] {
  return MARKER_FORMS.filter((form) => text.includes(form));
}

/** A kubeconfig whose token, password and client key all hold the marker (`caData`: base64 PEM). */
export function markerKubeconfig(server: string, caData = b64('not a CA'), extra = ''): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: c',
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority-data: ${caData}`,
    'contexts:',
    '- name: ctx',
    '  context: {cluster: c, user: u}',
    'current-context: ctx',
    'users:',
    '- name: u',
    '  user:',
    `    token: ${MARKER}-token`,
    `    password: ${MARKER}-password`,
    `    client-key-data: ${b64(`${MARKER}-client-key`)}`,
    extra,
  ].join('\n');
}

/** A MultiClusterSecret with the marker in data, stringData and its last-applied annotation. */
function markerMultiClusterSecret(): Record<string, unknown> {
  const object = {
    apiVersion: 'clusters.verrazzano.io/v1alpha1',
    kind: 'MultiClusterSecret',
    metadata: { name: 'marker-mcs', namespace: 'todo-list' },
    spec: {
      template: {
        type: 'Opaque',
        data: { key: b64(`${MARKER}-mcs-data`) },
        stringData: { plain: `${MARKER}-mcs-stringData` },
      },
      placement: { clusters: [{ name: 'managed1' }, { name: 'managed2' }] },
    },
  };
  const annotations = {
    'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(object),
  };
  return { ...object, metadata: { ...object.metadata, annotations } };
}

/**
 * The example fleet copied to a fresh directory, its Secrets' values replaced by the marker and a
 * MultiClusterSecret added. Returns the directory.
 */
export function markerFleet(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vzmc-marker-'));
  cpSync('examples/fleet', dir, { recursive: true });
  const db = join(dir, 'todo-list', 'db-secret.yaml');
  writeFileSync(db, readFileSync(db, 'utf8').replace('example-not-a-secret', `${MARKER}-db`));
  const registry = join(dir, 'todo-list', 'registry-secret.yaml');
  const docker = b64(JSON.stringify({ auths: { 'registry.example.com': { auth: b64(`ci:${MARKER}`) } } }));
  writeFileSync(registry, readFileSync(registry, 'utf8').replace(/(\.dockerconfigjson: )\S+/, `$1${docker}`));
  writeFileSync(join(dir, 'todo-list', 'marker-mcs.json'), JSON.stringify(markerMultiClusterSecret()));
  // `vzmc demo --examples` takes the patch that moves hello-helidon to the admin from beside it.
  cpSync(
    'examples/patches/patch-change-placement-to-admin.yaml',
    join(dir, 'hello-helidon', 'patch-change-placement-to-admin.yaml'),
  );
  return dir;
}

/** Every leaf command of the CLI (its full path after the program name) with its `-o` formats. */
export function commandFormats(program: Command): { command: string; formats: string[] }[] {
  const out: { command: string; formats: string[] }[] = [];
  const walk = (command: Command, path: string[]) => {
    if (command.commands.length > 0) {
      for (const sub of command.commands) walk(sub, [...path, sub.name()]);
      return;
    }
    const output = command.options.find((o) => o.long === '--output');
    const formats = output?.argChoices ?? [output?.defaultValue ? String(output.defaultValue) : 'default'];
    out.push({ command: path.join(' '), formats: [...formats] });
  };
  walk(program, []);
  return out;
}
