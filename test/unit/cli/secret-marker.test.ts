/**
 * Issue 13 item 3, "nothing secret in any output": every command of the CLI, with every value of its
 * `-o`, runs on a fleet whose every Secret value, token, password and client key holds one marker
 * (test/support/secret-marker.ts), and its stdout and stderr hold the marker nowhere, neither as is
 * nor base64-encoded. The exceptions are the manifests a user asks for in order to apply them
 * (`render`, `register` and `federation` with `-o yaml|json`, as `helm template`), which must hold
 * it (so the test can see it) and must not with `--redact`. The commands and formats come from the
 * CLI definitions: a new command or format fails this test until it is covered here.
 *
 * The cluster-side commands (`sync`, `admin`, `plan --as-agent|--admin-context`, `register`
 * online) run against a fake API server that serves an agent Secret holding the marker and
 * forbids the rest; their logs run in both `--log-format`s. The agent and admin controller run on
 * the in-memory fleet with both loggers too, and the errors of malformed kubeconfigs are checked.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLinesLogger, textLogger } from '../../../src/agent/logger.js';
import { adminReportJson, adminReportText } from '../../../src/cli/commands/admin.js';
import { reportJson, reportText } from '../../../src/cli/commands/sync.js';
import { buildProgram } from '../../../src/cli/program.js';
import { agentKubeconfig, loadSources, type KubeObject } from '../../../src/index.js';
import { syncAdmin } from '../../../src/agent-entry.js';
import { createK8sClusterClient } from '../../../src/k8s.js';
import { readManifestSources } from '../../../src/adapters/files.js';
import { memoryFleet } from '../../support/memory-fleet.js';
import {
  MARKER,
  commandFormats,
  markerFleet,
  markerHits,
  markerKubeconfig,
} from '../../support/secret-marker.js';
import {
  sendJson,
  startFakeApiServer,
  status,
  testCert,
  type FakeApiServer,
} from '../adapters/k8s/fake-apiserver.js';
import { run } from './run.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

/** Commands that print manifests to apply: -o yaml|json hold Secret data unless --redact. */
const MANIFESTS = new Set(['render', 'register', 'federation']);

/** Commands not run here, and why; the set is pinned below so that nothing is left out silently. */
const NOT_RUN: Record<string, string> = {
  'test-clusters up':
    'starts kube-apiservers (test/integration/harness.test.ts); prints names, servers and paths, and reads no user Secret',
  'test-clusters build': 'builds Go binaries; reads no user Secret',
};

let fake: FakeApiServer;
let dir: string;
let fleet: string;
let kubeconfig: string;
let broken: string;
let malformed: string;
let stale: string;
let oldFleet: string;

/** The agent Secret the fake serves: its kubeconfig (for the same fake) holds the marker token. */
function agentSecret(server: string, ca: string) {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'verrazzano-cluster-agent', namespace: 'verrazzano-system' },
    data: {
      'managed-cluster-name': b64('managed1'),
      'admin-kubeconfig': b64(agentKubeconfig({ server, caData: ca, token: `${MARKER}-agent-token` })),
    },
  };
}

beforeAll(async () => {
  const ca = b64(testCert().cert);
  fake = await startFakeApiServer();
  fake.handler = (request, response) => {
    if (request.pathname === '/api/v1/namespaces/verrazzano-system/secrets/verrazzano-cluster-agent')
      sendJson(response, 200, agentSecret(fake.url, ca));
    else
      sendJson(response, 403, status(403, 'Forbidden', `forbidden: ${request.method} ${request.pathname}`));
  };
  dir = mkdtempSync(join(tmpdir(), 'vzmc-marker-run-'));
  fleet = markerFleet();
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    markerKubeconfig(fake.url, ca).replace(/ {4}(password|client-key-data):.*\n/g, ''),
  );
  broken = join(dir, 'broken');
  writeFileSync(broken, markerKubeconfig(fake.url));
  malformed = join(dir, 'malformed');
  writeFileSync(malformed, `${markerKubeconfig(fake.url)}\n   token: "${MARKER}-bad\n`);
  writeFileSync(join(dir, 'token'), `${MARKER}-register-token\n`);
  writeFileSync(join(dir, 'ca.pem'), testCert().cert);
  // The fleet as it was, with older Secret values: impact's changes then name Secret data paths.
  oldFleet = join(dir, 'old-fleet');
  cpSync(fleet, oldFleet, { recursive: true });
  for (const name of readdirSync(oldFleet, { recursive: true, encoding: 'utf8' })) {
    const file = join(oldFleet, name);
    if (statSync(file).isFile())
      writeFileSync(
        file,
        readFileSync(file, 'utf8')
          .replaceAll(MARKER, `${MARKER}old`)
          .replaceAll(b64(`${MARKER}-mcs-data`), b64(`${MARKER}-old`)),
      );
  }
  // managed1 as it was: the same objects with older Secret values, so the plan updates them (patches).
  stale = join(dir, 'stale.yaml');
  const rendered = await run(['render', '-f', fleet, '--cluster', 'managed1', '-o', 'yaml']);
  writeFileSync(
    stale,
    rendered.stdout
      .replaceAll(MARKER, `${MARKER}old`)
      .replaceAll(b64(`${MARKER}-mcs-data`), b64(`${MARKER}-old`)),
  );
}, 60_000);

afterAll(async () => {
  await fake.close();
});

/** The runs of one command and format: argv lists, each run with and without --redact where it applies. */
function invocations(command: string, format: string): string[][] {
  const o = format === 'default' ? [] : ['-o', format];
  const k = ['--kubeconfig', kubeconfig];
  const offlineRegister = [
    'register',
    'managed1',
    '--admin-server',
    'https://admin.example.com:6443',
    '--ca-file',
    join(dir, 'ca.pem'),
    '--token-file',
    join(dir, 'token'),
  ];
  const table: Record<string, string[][]> = {
    crds: [['crds', ...o]],
    validate: [['validate', '-f', fleet, ...o]],
    explain: [
      ['explain', '-f', fleet, ...o],
      ['explain', '-f', fleet, '--cluster', 'managed1', ...o],
    ],
    render: [
      ['render', '-f', fleet, '--cluster', 'managed1', ...o],
      ['render', '-f', fleet, '--cluster', 'managed2', ...o],
    ],
    register: [
      [...offlineRegister, ...o],
      [...offlineRegister, '--admin-objects', ...o],
      ['register', 'managed1', ...k, ...o],
    ],
    plan: [
      ['plan', '--cluster', 'managed1', '--admin', fleet, '--local', stale, ...o],
      ['plan', '--cluster', 'managed1', '--admin', fleet, '--local', join(fleet, 'hello-helidon'), ...o],
      ['plan', '--cluster', 'local', '--admin', fleet, '--local', fleet, ...o],
      ['plan', '--cluster', 'managed1', '--as-agent', ...k, ...o],
      ['plan', '--cluster', 'managed1', '--admin-context', 'ctx', '--context', 'ctx', ...k, ...o],
      ['plan', '--cluster', 'managed1', '--admin-context', 'ctx', '--kubeconfig', malformed, ...o],
    ],
    admin: ['text', 'json'].flatMap((log) => [
      ['admin', '--once', ...k, '--log-format', log, ...o],
      ['admin', '--once', '--dry-run', ...k, '--log-format', log, ...o],
      ['admin', '--once', '--kubeconfig', broken, '--log-format', log, ...o],
    ]),
    sync: ['text', 'json'].flatMap((log) => [
      ['sync', '--cluster', 'managed1', '--once', ...k, '--log-format', log, ...o],
      ['sync', '--cluster', 'managed1', '--once', '--dry-run', ...k, '--log-format', log, ...o],
      ['sync', '--cluster', 'managed1', '--once', '--kubeconfig', broken, '--log-format', log, ...o],
      ['sync', '--cluster', 'managed1', '--once', '--kubeconfig', malformed, '--log-format', log, ...o],
    ]),
    impact: [
      ['impact', '--before', oldFleet, '--after', fleet, ...o],
      ['impact', '--before', fleet, '--after', join(fleet, 'hello-helidon'), ...o],
      ['impact', '--before', join(fleet, 'hello-helidon'), '--after', fleet, '--exit-code', ...o],
    ],
    report: [
      ['report', '-f', fleet, ...o],
      ['report', '-f', oldFleet, '--title', 'old', ...o],
      ['report', ...k, '--context', 'ctx', ...o],
    ],
    federation: [['federation', '-f', fleet, ...o]],
    'install admin': [['install', 'admin', ...o]],
    'install agent': [['install', 'agent', '--cluster', 'managed1', ...o]],
    demo: [['demo', '--examples', fleet]],
    'test-clusters down': [['test-clusters', 'down', '--state-dir', join(dir, 'no-state')]],
    completion: ['bash', 'zsh', 'fish'].map((shell) => ['completion', shell]),
  };
  const runs = table[command];
  if (runs === undefined) throw new Error(`${command} has no runs in secret-marker.test.ts: add them`);
  return runs;
}

const program = buildProgram({ stdout: { write: () => true }, stderr: { write: () => true } } as never);
const CASES = commandFormats(program).flatMap(({ command, formats }) =>
  formats.map((format) => ({ command, format })),
);

describe('nothing secret in any output (issue 13 item 3)', () => {
  it('covers every command of the CLI but the ones pinned as not run', () => {
    const names = [...new Set(CASES.map((c) => c.command))];
    expect(names.filter((n) => n in NOT_RUN).sort()).toEqual(Object.keys(NOT_RUN).sort());
    for (const name of names.filter((n) => !(n in NOT_RUN)))
      expect(() => invocations(name, 'text')).not.toThrow();
  });

  it.each(CASES.filter((c) => !(c.command in NOT_RUN)))(
    'vzmc $command -o $format prints no Secret value, token or password',
    async ({ command, format }) => {
      for (const argv of invocations(command, format)) {
        const manifest = MANIFESTS.has(command) && ['yaml', 'json'].includes(format);
        const plain = await run(argv, { env: { NO_COLOR: '1' } });
        const stderr = markerHits(plain.stderr);
        expect({ argv, stderr }).toEqual({ argv, stderr: [] });
        if (!manifest) {
          expect({ argv, stdout: markerHits(plain.stdout) }).toEqual({ argv, stdout: [] });
          continue;
        }
        const redacted = await run([...argv, '--redact'], { env: { NO_COLOR: '1' } });
        expect({ argv, redacted: markerHits(redacted.stdout + redacted.stderr) }).toEqual({
          argv,
          redacted: [],
        });
      }
    },
    120_000,
  );

  it('the manifests to apply do hold the marker (what the other runs look for is there to see)', async () => {
    const rendered = await run(['render', '-f', fleet, '--cluster', 'managed1', '-o', 'json']);
    expect(markerHits(rendered.stdout)).not.toEqual([]);
    const staleText = readFileSync(stale, 'utf8');
    expect(markerHits(staleText)).not.toEqual([]);
  });
});

describe('nothing secret in the agent’s and the admin controller’s logs and reports (issue 13 item 3)', () => {
  /** The fleet's objects, the Namespaces they live in first (kubectl's namespaces exist already). */
  async function fleetObjects(): Promise<KubeObject[]> {
    const objects = loadSources(await readManifestSources([fleet])).objects.map((o) => o.object);
    const namespaces = [...new Set(objects.map((o) => o.metadata.namespace).filter((n) => n !== undefined))];
    return [
      ...namespaces.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })),
      ...objects,
    ];
  }

  it.each(['json', 'text'] as const)(
    'in-memory fleet, %s logs: register, deploy, sync, admin pass, update, delete',
    async (format) => {
      let out = '';
      const write = (line: string) => {
        out += line;
      };
      const logger =
        format === 'json'
          ? jsonLinesLogger(write, { level: 'debug' })
          : textLogger(write, { level: 'debug' });
      const memory = memoryFleet();
      await memory.register('managed1');
      await memory.register('managed2');
      await memory.applyAdmin(await fleetObjects());
      for (const dryRun of [true, false]) {
        const pass = await syncAdmin(memory.admin.client(), { logger, dryRun, clock: () => memory.clock() });
        const report = { trigger: 'event' as const, ...pass, durationMs: 1 };
        out += JSON.stringify(adminReportJson(report, dryRun)) + adminReportText(report, dryRun, false);
        for (const cluster of ['managed1', 'managed2']) {
          const agentReport = await memory.agent(cluster, { logger, dryRun }).runOnce();
          out += JSON.stringify(reportJson(agentReport, dryRun)) + reportText(agentReport, dryRun, false);
        }
      }
      // The Secret values change on the admin: the next plans update them.
      const changed = (await fleetObjects()).map(
        (o) => JSON.parse(JSON.stringify(o).replaceAll(MARKER, `${MARKER}new`)) as KubeObject,
      );
      await memory.applyAdmin(changed);
      for (const dryRun of [true, false]) {
        const agentReport = await memory.agent('managed1', { logger, dryRun }).runOnce();
        out += JSON.stringify(reportJson(agentReport, dryRun)) + reportText(agentReport, dryRun, false);
      }
      // The runs did show Secrets: created, then updated with their new values (patches).
      expect(out).toMatch(
        /create applied kind=Secret namespace=todo-list name=marker-mcs|"msg":"create applied","kind":"Secret","namespace":"todo-list","name":"marker-mcs"/,
      );
      expect(out).toMatch(/~ update Secret todo-list\/marker-mcs/);
      expect(markerHits(out)).toEqual([]);
    },
  );

  it('an agent Secret whose admin-kubeconfig is not YAML, or not data: the report’s reason and the log quote none of it', async () => {
    const memory = memoryFleet();
    await memory.register('managed1');
    const local = memory.managed.managed1!.client();
    const key = {
      apiVersion: 'v1',
      kind: 'Secret',
      namespace: 'verrazzano-system',
      name: 'verrazzano-cluster-agent',
    };
    for (const kubeconfigText of [
      `${markerKubeconfig('https://admin:6443')}\n   token: "${MARKER}`,
      markerKubeconfig('https://admin:6443'),
      markerKubeconfig('https://admin:6443', b64('ca'), '    exec: {command: /bin/false}'),
    ]) {
      const stored = await local.get<KubeObject & { data?: Record<string, string> }>(key);
      await local.replace({ ...stored, data: { ...stored.data, 'admin-kubeconfig': b64(kubeconfigText) } });
      let log = '';
      const report = await memory.agent('managed1', { logger: jsonLinesLogger((l) => (log += l)) }).runOnce();
      expect(report.state).toBe('failed');
      expect(markerHits(JSON.stringify(report) + log + reportText(report, false, false))).toEqual([]);
    }
  });

  it('createK8sClusterClient: a malformed kubeconfig file or text fails quoting none of it', () => {
    for (const source of [{ file: malformed }, { yaml: readFileSync(malformed, 'utf8') }]) {
      let message = '';
      try {
        createK8sClusterClient({ kubeconfig: source, context: 'ctx' });
      } catch (error) {
        message = String(error) + JSON.stringify(error);
      }
      expect(message).toMatch(/invalid YAML/);
      expect(markerHits(message)).toEqual([]);
    }
  });
});
