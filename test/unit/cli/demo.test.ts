/**
 * `vzmc demo` in memory (issue #11): by default on vzmc's own example fleet, found in the package
 * whatever the working directory; with --examples on Verrazzano's originals. Both runs make the
 * same checks, with the names read from their inputs.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { castOf } from '../../../src/cli/demo/cast.js';
import { demoInputs, ownFleetDir, packageRoot } from '../../../src/cli/demo/inputs.js';
import { REPO_ROOT, describeWithCorpus, examplePath, fleetPath } from '../../support/corpus.js';
import { run } from './run.js';

const checks = (stdout: string) => stdout.split('\n').filter((line) => /^[✓✗] /.test(line));

/** The checks both inputs share, with `todo` the ToDo app's name and `ns` its namespace. */
const sharedChecks = (todo: string, ns: string) => [
  '✓ ToDo runs on managed1',
  '✓ ToDo is not on managed2 (its placement does not name it)',
  "✓ ToDo's Secrets are copied to managed1 with it (P10)",
  '✓ hello-helidon runs on managed1',
  '✓ hello-helidon runs on managed2',
  '✓ hello-helidon is not unwrapped on the admin (no local in its placement, P15)',
  '✓ MultiClusterApplicationConfiguration hello-helidon is Succeeded on every placed cluster',
  `✓ MultiClusterApplicationConfiguration ${todo} is Succeeded on every placed cluster`,
  '✓ VMC managed1 is Active',
  '✓ VMC managed2 is Active',
  '✓ hello-helidon is unwrapped on the admin (P15, P19)',
  '✓ hello-helidon left managed1',
  '✓ hello-helidon left managed2',
  '✓ hello-helidon left the admin again',
  '✓ hello-helidon is back on managed1',
  '✓ hello-helidon is back on managed2',
  '✓ ToDo is gone from managed1',
  "✓ ToDo's Secrets are gone from managed1 (P23)",
  '✓ hello-helidon is gone from managed1',
  '✓ hello-helidon is gone from managed2',
  `✓ the namespace ${ns} stays on managed1 (P25)`,
  "✓ managed1's agent deregistered: its agent and registration Secrets are gone (D2)",
  "✓ managed2's agent deregistered: its agent and registration Secrets are gone (D2)",
];

describe('the demo inputs', () => {
  it('the own fleet is found from the module, in src/ or in dist/, never from the working directory', () => {
    expect(packageRoot()).toBe(REPO_ROOT);
    expect(packageRoot(join(REPO_ROOT, 'dist', 'cli.js'))).toBe(REPO_ROOT);
    expect(ownFleetDir()).toBe(fleetPath());
    expect(() => packageRoot('/nonexistent/dist/cli.js')).toThrow('no vzmc package.json above');
  });

  it("the cast comes from the own fleet's files: ToDo app, its namespace and Secrets, hello-helidon on both clusters", async () => {
    const cast = castOf(await demoInputs(undefined));
    expect(cast.todoApp).toEqual({
      kind: 'MultiClusterApplicationConfiguration',
      namespace: 'todo-list',
      name: 'todo-app',
      clusters: ['managed1'],
      secrets: ['todo-registry-credentials', 'todo-db-credentials'],
    });
    expect(cast.helidonApp).toMatchObject({ name: 'hello-helidon', clusters: ['managed1', 'managed2'] });
    expect(cast.widened).toEqual([]);
    expect(cast.helidonConfigMaps).toEqual([
      {
        kind: 'MultiClusterConfigMap',
        namespace: 'hello-helidon',
        name: 'hello-helidon-greeting',
        clusters: ['managed1', 'managed2'],
      },
    ]);
    expect(cast.toAdminPatch).toEqual({ spec: { placement: { clusters: [{ name: 'local' }] } } });
  });

  it('--examples on a folder without todo-list/ and hello-helidon/ is a usage error that says what it needs', async () => {
    const { code, stderr } = await run(['demo', '--examples', '/nonexistent/examples']);
    expect(code).toBe(2);
    expect(stderr).toContain(
      "/nonexistent/examples is not Verrazzano's examples folder: --examples needs the folder holding todo-list/ and hello-helidon/",
    );
  });
});

describe("vzmc demo on vzmc's example fleet (the default)", () => {
  it('every check passes, the ConfigMap of the MultiClusterConfigMap included (U1, P15, P19, P20, P26)', async () => {
    const { code, stdout } = await run(['demo']);
    expect(stdout).toContain(`Inputs: vzmc's example fleet, ${fleetPath()}\n`);
    const shared = sharedChecks('todo-app', 'todo-list');
    const configMap = 'ConfigMap hello-helidon/hello-helidon-greeting';
    expect(checks(stdout)).toEqual([
      ...shared.slice(0, 6),
      `✓ ${configMap} is unwrapped on managed1 and managed2 only (U1)`,
      ...shared.slice(6, 8),
      '✓ MultiClusterConfigMap hello-helidon-greeting is Succeeded on every placed cluster',
      ...shared.slice(8, 13),
      `✓ ${configMap} is unwrapped on the admin only (P15, P19, P20)`,
      ...shared.slice(13, 16),
      `✓ ${configMap} is unwrapped on managed1 and managed2 only (P15, P19)`,
      ...shared.slice(16, 20),
      `✓ ${configMap} is on no cluster (P20, P26)`,
      ...shared.slice(20),
    ]);
    expect(stdout).not.toContain('widens');
    expect(stdout).toContain('\nThe demo finished: every check passed.\n');
    expect(code).toBe(0);
  });

  it('prints no Secret data: neither the sample password nor the registry config', async () => {
    const { stdout } = await run(['demo']);
    expect(stdout).not.toContain('example-not-a-secret');
    expect(stdout).not.toContain(Buffer.from('example-not-a-secret').toString('base64'));
    expect(stdout).not.toContain('eyJhdXRocyI6');
  });
});

describeWithCorpus("vzmc demo --examples on Verrazzano's originals", () => {
  it('widens hello-helidon to both clusters, and makes every check the own fleet makes but the ConfigMap ones', async () => {
    const { code, stdout } = await run(['demo', '--examples', examplePath()]);
    expect(stdout).toContain(`Inputs: Verrazzano's examples, ${examplePath()} (the ToDo registry Secret's`);
    expect(stdout).toContain(
      'The input places MultiClusterApplicationConfiguration hello-helidon/hello-helidon on managed1 and VerrazzanoProject verrazzano-mc/hello-helidon on managed1; the demo widens them to managed1 + managed2',
    );
    expect(checks(stdout)).toEqual(sharedChecks('todo-appconf', 'mc-todo-list'));
    expect(stdout).toContain('\nThe demo finished: every check passed.\n');
    expect(code).toBe(0);
  });
});
