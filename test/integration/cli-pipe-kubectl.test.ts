/**
 * Machine output applies as `helm template` output does (issue #11, item 3): the built CLI's
 * `crds`, `register --admin-objects -o yaml|json` and `render -o yaml|json` piped into
 * `kubectl apply --server-side -f -` on real API servers. The two clusters are this file's own
 * (a fresh admin and a managed cluster, as contexts admin and managed1 of the shell's
 * kubeconfig), so nothing here meets the objects of the other files. Needs `npm run build` first.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestClusters, type TestClusters } from '../../src/testing.js';
import { TEST_CA_PEM } from '../support/pki.js';
import { REPO, createShell, describeResult, runOk, type Shell } from '../support/cli-shell.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.cGlwZS10by1rdWJlY3Rs.c2lnbmF0dXJl';

let clusters: TestClusters | undefined;
let shell: Shell;

beforeAll(async () => {
  clusters = await startTestClusters({ clusters: ['pipe-admin', 'pipe-managed'] });
  shell = await createShell(clusters.clusters, ['admin', 'managed1']);
  writeFileSync(join(shell.cwd, 'token'), `${TOKEN}\n`);
  writeFileSync(join(shell.cwd, 'ca.pem'), TEST_CA_PEM);
}, 300_000);

afterAll(async () => {
  shell?.remove();
  await clusters?.stop();
});

/** Runs a line and expects exit 0; returns stdout. */
const ok = (line: string): Promise<string> => runOk(shell, line);

const FLEET = join(REPO, 'examples', 'fleet');

describe('vzmc output | kubectl apply --server-side -f -', () => {
  it('vzmc crds installs the eight CRDs on both clusters', async () => {
    for (const context of ['admin', 'managed1']) {
      const out = await ok(`vzmc crds | kubectl --context ${context} apply --server-side -f -`);
      expect(out.match(/serverside-applied/g)).toHaveLength(8);
      await ok(
        `kubectl --context ${context} wait --for condition=established --timeout 60s crd -l app.kubernetes.io/managed-by=vzmc`,
      );
    }
  });

  it('register --admin-objects -o yaml applies on the fresh admin: Namespace, the VMC, the registration objects and the cluster namespace with its Roles (wiring cluster-namespace)', async () => {
    const admin = clusters!.cluster('pipe-admin').server;
    const register = `vzmc register managed1 --admin-server ${admin} --ca-file ca.pem --token-file token --admin-objects`;
    const out = await ok(`${register} -o yaml | kubectl --context admin apply --server-side -f -`);
    expect(out.trim().split('\n')).toEqual([
      'namespace/verrazzano-mc serverside-applied',
      'verrazzanomanagedcluster.clusters.verrazzano.io/managed1 serverside-applied',
      'serviceaccount/verrazzano-cluster-managed1 serverside-applied',
      'secret/verrazzano-cluster-managed1-token serverside-applied',
      'namespace/vzmc-cluster-managed1 serverside-applied',
      'role.rbac.authorization.k8s.io/vzmc-agent serverside-applied',
      'rolebinding.rbac.authorization.k8s.io/vzmc-agent serverside-applied',
      'role.rbac.authorization.k8s.io/vzmc-agent-managed1 serverside-applied',
      'rolebinding.rbac.authorization.k8s.io/vzmc-agent-managed1 serverside-applied',
      'configmap/vzmc-report serverside-applied',
      'secret/verrazzano-cluster-managed1-agent serverside-applied',
      'secret/verrazzano-cluster-managed1-registration serverside-applied',
      'secret/verrazzano-cluster-managed1-manifest serverside-applied',
    ]);
    // The agent Secret holds the real kubeconfig: the token went through, not a placeholder.
    const kubeconfig = await ok(
      "kubectl --context admin -n verrazzano-mc get secret verrazzano-cluster-managed1-agent -o jsonpath='{.data.admin-kubeconfig}' | base64 -d",
    );
    expect(kubeconfig).toContain(`token: ${TOKEN}`);
    expect(kubeconfig).toContain(`server: ${admin}`);
    const vmc = JSON.parse(await ok('kubectl --context admin -n verrazzano-mc get vmc managed1 -o json'));
    expect(vmc.spec).toMatchObject({
      serviceAccount: 'verrazzano-cluster-managed1',
      managedClusterManifestSecret: 'verrazzano-cluster-managed1-manifest',
    });
    // -o json is the same objects as a List: applying it again changes nothing.
    const again = await ok(`${register} -o json | kubectl --context admin apply --server-side -f -`);
    expect(again.match(/serverside-applied/g)).toHaveLength(13);
  });

  it('a --redact manifest is refused by the server (<redacted> is not base64), so it can never be applied by mistake', async () => {
    const admin = clusters!.cluster('pipe-admin').server;
    const line = `vzmc register managed1 --admin-server ${admin} --ca-file ca.pem --token-file token --admin-objects --redact | kubectl --context admin apply --server-side --dry-run=server -f -`;
    const result = await shell.run(line);
    expect(result.code, describeResult(line, result)).not.toBe(0);
    expect(result.stderr).toContain('illegal base64 data');
  });

  it('render --cluster managed1 -o yaml applies on a cluster with the CRDs, and is then exactly what the agent would write', async () => {
    const fleet = FLEET;
    const out = await ok(
      `vzmc render -f ${fleet} --cluster managed1 -o yaml | kubectl --context managed1 apply --server-side -f -`,
    );
    expect(out.match(/serverside-applied/g)).toHaveLength(29);
    const secret = await ok(
      "kubectl --context managed1 -n todo-list get secret todo-db-credentials -o jsonpath='{.data.password}' | base64 -d",
    );
    expect(secret).toBe('example-not-a-secret');
    // The plan against what kubectl applied: nothing to create, update or delete (only status reports).
    const plan = JSON.parse(
      await ok(`vzmc plan --cluster managed1 --admin ${fleet} --context managed1 -o json`),
    ) as { actions: { op: string }[] };
    expect(plan.actions.filter((a) => a.op !== 'status')).toEqual([]);
    // -o json applies too, as a List, with no change.
    const json = await ok(
      `vzmc render -f ${fleet} --cluster managed1 -o json | kubectl --context managed1 apply --server-side -f -`,
    );
    expect(json.match(/serverside-applied/g)).toHaveLength(29);
  });
});
