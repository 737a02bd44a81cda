/**
 * Issue 13 item 3 on real API servers: the marker fleet (test/support/secret-marker.ts) applied on
 * the admin with client-side `kubectl apply`, so every Secret and MultiClusterSecret also carries
 * its values in `kubectl.kubernetes.io/last-applied-configuration`, as in the issue. Then `plan`
 * (every -o, from the admin context and as the agent), `admin --once` and `sync --once` (dry run and
 * real, every -o and --log-format), and plans of an update of every Secret value: no output holds
 * the marker. The clusters are this file's own. Needs `npm run build` first.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestClusters, type TestClusters } from '../../src/testing.js';
import { createShell, describeResult, runOk, type Shell } from '../support/cli-shell.js';
import { MARKER, markerFleet, markerHits } from '../support/secret-marker.js';

let clusters: TestClusters | undefined;
let shell: Shell;
let fleet: string;

beforeAll(async () => {
  clusters = await startTestClusters({ clusters: ['marker-admin', 'marker-managed'] });
  shell = await createShell(clusters.clusters, ['admin', 'managed1']);
  fleet = markerFleet();
  // A merge patch for the demo, not an object to apply.
  rmSync(join(fleet, 'hello-helidon', 'patch-change-placement-to-admin.yaml'));
  for (const context of ['admin', 'managed1']) {
    await runOk(shell, `vzmc crds | kubectl --context ${context} apply --server-side -f -`);
    await runOk(
      shell,
      `kubectl --context ${context} wait --for condition=established --timeout 60s crd -l app.kubernetes.io/managed-by=vzmc`,
    );
  }
  await runOk(shell, 'vzmc register managed1 --context admin | kubectl --context managed1 apply -f -');
  await runOk(shell, 'kubectl --context admin create namespace todo-list');
  await runOk(shell, 'kubectl --context admin create namespace hello-helidon');
  // Client-side apply: the last-applied-configuration annotation holds every Secret value again.
  await runOk(shell, `kubectl --context admin apply -R -f ${fleet}`);
}, 300_000);

afterAll(async () => {
  shell?.remove();
  if (fleet) rmSync(fleet, { recursive: true, force: true });
  await clusters?.stop();
});

/** Runs a vzmc line (any exit) and expects no form of the marker in its stdout or stderr. */
async function noMarker(line: string): Promise<string> {
  const result = await shell.run(line);
  expect(result.timedOut, describeResult(line, result)).toBe(false);
  expect(markerHits(result.stdout + result.stderr), describeResult(line, result)).toEqual([]);
  return result.stdout + result.stderr;
}

const PLANS = [
  'vzmc plan --cluster managed1 --admin-context admin --context managed1',
  'vzmc plan --cluster managed1 --as-agent --context managed1',
  'vzmc plan --cluster local --admin-context admin --context admin',
];

describe('nothing secret in any output, on real servers (issue 13 item 3)', () => {
  it('the admin holds the marker where the issue found it: in last-applied-configuration', async () => {
    const mcs = await runOk(
      shell,
      'kubectl --context admin -n todo-list get multiclustersecret marker-mcs -o json',
    );
    expect(mcs).toContain('kubectl.kubernetes.io/last-applied-configuration');
    expect(markerHits(mcs)).not.toEqual([]);
  });

  it('plan, every -o, before anything is synced', async () => {
    for (const plan of PLANS)
      for (const output of ['text', 'json', 'yaml']) {
        const out = await noMarker(`${plan} -o ${output}`);
        if (plan.includes('--admin-context admin --context managed1') && output === 'json')
          expect(out).toContain('marker-mcs');
      }
  });

  it('admin --once and sync --once, dry run and real, every -o and --log-format', async () => {
    for (const log of ['text', 'json'])
      for (const output of ['text', 'json']) {
        await noMarker(`vzmc admin --context admin --once --dry-run -o ${output} --log-format ${log}`);
        await noMarker(
          `vzmc sync --cluster managed1 --context managed1 --once --dry-run -o ${output} --log-format ${log}`,
        );
      }
    await noMarker('vzmc admin --context admin --once --log-format json -o json');
    const synced = await noMarker(
      'vzmc sync --cluster managed1 --context managed1 --once --log-format json -o json',
    );
    expect(synced).toContain('marker-mcs');
    await noMarker('vzmc admin --context admin --once --log-format text');
  });

  it('plans and syncs of an update of every Secret value (patches, old → new)', async () => {
    await runOk(
      shell,
      `kubectl --context admin -n todo-list get secret,multiclustersecret -o json | sed 's/${MARKER}/${MARKER}v2/g' | kubectl --context admin apply -f -`,
    );
    for (const plan of PLANS)
      for (const output of ['text', 'json', 'yaml']) await noMarker(`${plan} -o ${output}`);
    // The plans did update the Secrets, with patches of their values.
    expect(await noMarker(`${PLANS[0]!} -o text`)).toContain('~ update Secret todo-list/marker-mcs');
    for (const log of ['text', 'json'])
      await noMarker(
        `vzmc sync --cluster managed1 --context managed1 --once --dry-run -o json --log-format ${log}`,
      );
    await noMarker('vzmc sync --cluster managed1 --context managed1 --once --log-format text');
  });
});
