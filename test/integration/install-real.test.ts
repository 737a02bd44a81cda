/**
 * What `vzmc install admin`, `vzmc install agent --cluster managed1` and the step-2 registration
 * manifest (`vzmc register managed1 …`) print, on real API servers (issue #12, item 5 and its
 * acceptance "Every Install manifest is accepted by a server-side dry run"):
 * - each manifest is accepted whole by `kubectl apply --server-side --dry-run=server`, and the dry
 *   run writes nothing; the same path refuses a manifest with an unknown field or an invalid value,
 *   so acceptance is not vacuous;
 * - applied for real (the registration manifest on a bare cluster), each ServiceAccount's own token
 *   (TokenRequest, `kubectl create token`) gets what the code needs, no wildcard, and no way up:
 *   binding cluster-admin is refused, while binding a role the install grants `bind` on is not.
 * The two clusters are this file's own (contexts admin and managed1). Needs `npm run build` first.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestClusters, type TestClusters } from '../../src/testing.js';
import { createShell, describeResult, runOk, type LineResult, type Shell } from '../support/cli-shell.js';
import { TEST_CA_PEM } from '../support/pki.js';

/** A made-up admin token for the registration manifest: it is only applied, never used. */
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.aW5zdGFsbC1yZWFs.c2lnbmF0dXJl';
const SYSTEM = 'verrazzano-system';

let clusters: TestClusters | undefined;
let shell: Shell;
/** The three manifests: the command line that prints each. */
let lines: Record<'admin' | 'agent' | 'registration', string>;

beforeAll(async () => {
  clusters = await startTestClusters({ clusters: ['install-admin', 'install-managed'] });
  shell = await createShell(clusters.clusters, ['admin', 'managed1']);
  writeFileSync(join(shell.cwd, 'token'), `${TOKEN}\n`);
  writeFileSync(join(shell.cwd, 'ca.pem'), TEST_CA_PEM);
  const server = clusters.cluster('install-admin').server;
  lines = {
    admin: 'vzmc install admin',
    agent: 'vzmc install agent --cluster managed1',
    registration: `vzmc register managed1 --admin-server ${server} --ca-file ca.pem --token-file token`,
  };
}, 300_000);

afterAll(async () => {
  shell?.remove();
  await clusters?.stop();
});

/** Runs a line and expects exit 0; returns stdout. */
const ok = (line: string): Promise<string> => runOk(shell, line);

/** Runs a line and expects it to fail; returns the result. */
async function refused(line: string): Promise<LineResult> {
  const result = await shell.run(line);
  expect(result.code, describeResult(line, result)).not.toBe(0);
  return result;
}

interface Doc {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
}

/** The objects a manifest line prints. */
async function docsOf(line: string): Promise<Doc[]> {
  return (loadAll(await ok(line)) as (Doc | null)[]).filter((d): d is Doc => d !== null);
}

describe('vzmc install manifests on a server-side dry run', () => {
  it('each manifest is accepted whole, object by object, and the dry run writes nothing', async () => {
    // A dry run creates nothing, so objects in a namespace the manifest itself declares would meet
    // "namespace not found": the declared namespaces are created first, and nothing else.
    const all = await Promise.all(Object.values(lines).map(docsOf));
    const namespaces = [
      ...new Set(all.flat().flatMap((d) => (d.kind === 'Namespace' ? [d.metadata.name] : []))),
    ];
    expect(namespaces.sort()).toEqual(['verrazzano-mc', SYSTEM]);
    await ok(
      `kubectl --context admin create namespace ${namespaces.join(' && kubectl --context admin create namespace ')}`,
    );
    for (const [half, line] of Object.entries(lines)) {
      const docs = await docsOf(line);
      const out = await ok(`${line} | kubectl --context admin apply --server-side --dry-run=server -f -`);
      const applied = out.trim().split('\n');
      expect(applied, half).toHaveLength(docs.length);
      for (const [i, doc] of docs.entries()) {
        expect(applied[i], half).toMatch(
          new RegExp(`^\\S+/${doc.metadata.name} serverside-applied \\(server dry run\\)$`),
        );
      }
    }
    const left = await ok(
      `kubectl --context admin get serviceaccounts,secrets,roles,rolebindings,deployments -n ${SYSTEM} -o name; kubectl --context admin get clusterroles,clusterrolebindings -o name | grep -E 'vzmc|verrazzano' || true`,
    );
    expect(left.trim()).toBe('');
  });

  it('the same path refuses a manifest with an unknown field, and one with an invalid value', async () => {
    await ok(
      `${lines.admin} | sed 's/^\\( *\\)readOnlyRootFilesystem: true$/&\\n\\1readOnlyRootFilesystems: true/' > unknown-field.yaml`,
    );
    await ok(`${lines.agent} | sed 's/^\\( *\\)replicas: 2$/\\1replicas: -1/' > invalid-value.yaml`);
    // The edits took, so what the server refuses is exactly them.
    expect(readFileSync(join(shell.cwd, 'unknown-field.yaml'), 'utf8')).toContain(
      'readOnlyRootFilesystems: true',
    );
    expect(readFileSync(join(shell.cwd, 'invalid-value.yaml'), 'utf8')).toContain('replicas: -1');
    const dryRun = 'kubectl --context admin apply --server-side --dry-run=server -f';
    const unknown = await refused(`${dryRun} unknown-field.yaml`);
    expect(unknown.stderr).toContain('securityContext.readOnlyRootFilesystems: field not declared in schema');
    const invalid = await refused(`${dryRun} invalid-value.yaml`);
    expect(invalid.stderr).toContain('spec.replicas: Invalid value: -1');
  });
});

describe('vzmc install applied, as each ServiceAccount', () => {
  it('the registration manifest applies on a bare cluster, then both installs apply for real', async () => {
    await refused(`kubectl --context managed1 get namespace ${SYSTEM}`);
    for (const context of ['admin', 'managed1'])
      await ok(`vzmc crds | kubectl --context ${context} apply --server-side -f -`);
    const steps: [string, string][] = [
      ['managed1', lines.registration],
      ['managed1', lines.agent],
      ['admin', lines.admin],
    ];
    for (const [context, line] of steps) {
      const docs = await docsOf(line);
      const out = await ok(`${line} | kubectl --context ${context} apply --server-side -f -`);
      expect(out.match(/ serverside-applied$/gm), out).toHaveLength(docs.length);
    }
    // Each ServiceAccount's own bound token, as a context of its own; the token is never printed.
    for (const [context, sa] of [
      ['admin', 'vzmc-admin'],
      ['managed1', 'vzmc-agent'],
    ] as const) {
      await ok(
        `kubectl config set-credentials ${sa} --token="$(kubectl --context ${context} -n ${SYSTEM} create token ${sa} --duration=10m)" >/dev/null && kubectl config set-context ${sa} --cluster=${context} --user=${sa} >/dev/null`,
      );
      const who = await ok(`kubectl --context ${sa} auth whoami -o jsonpath='{.status.userInfo.username}'`);
      expect(who).toBe(`system:serviceaccount:${SYSTEM}:${sa}`);
    }
  });

  it('the admin ServiceAccount may do what vzmc admin does (P13, P15, V2, D1, M5), nothing wildcard', async () => {
    expect(
      await canI('vzmc-admin', [
        `list verrazzanoprojects.clusters.verrazzano.io -n verrazzano-mc`,
        `watch verrazzanomanagedclusters.clusters.verrazzano.io -n verrazzano-mc`,
        `watch multiclusterapplicationconfigurations.clusters.verrazzano.io -A`,
        `patch namespaces`,
        `patch rolebindings.rbac.authorization.k8s.io -n app`,
        `bind clusterroles.rbac.authorization.k8s.io/verrazzano-managed-cluster`,
        `update multiclustercomponents.clusters.verrazzano.io -n app --subresource=status`,
        `update verrazzanomanagedclusters.clusters.verrazzano.io -n verrazzano-mc --subresource=status`,
        `delete serviceaccounts -n verrazzano-mc`,
        `create leases.coordination.k8s.io -n ${SYSTEM}`,
        `update leases.coordination.k8s.io/vzmc-admin -n ${SYSTEM}`,
        // M5: the federation entries of a deleted VMC, by name only.
        `update secrets/managed-cluster-ca-certs -n verrazzano-monitoring`,
        `update configmaps/verrazzano-thanos-endpoints -n verrazzano-monitoring`,
        // No wildcard, and nothing a controller of its kind has no use for.
        `* * -A`,
        `* secrets -A`,
        `update secrets/verrazzano-prom-internal -n ${SYSTEM}`,
        `list * -A`,
        `update leases.coordination.k8s.io/vzmc-agent -n ${SYSTEM}`,
        `delete namespaces`,
        `create pods -n app`,
        `create serviceaccounts/token -n ${SYSTEM}`,
        `escalate clusterroles.rbac.authorization.k8s.io`,
        `update clusterroles.rbac.authorization.k8s.io/vzmc-admin`,
        `bind clusterroles.rbac.authorization.k8s.io/cluster-admin`,
        `impersonate users`,
      ]),
    ).toEqual([...Array<string>(13).fill('yes'), ...Array<string>(12).fill('no')]);
    await expectNoWildcardRules('admin', 'vzmc-admin');
  });

  it('the agent ServiceAccount may do what vzmc sync does (D2, P25, P28), nothing wildcard, and reads no Secret by name outside its own two', async () => {
    expect(
      await canI('vzmc-agent', [
        `list configmaps -A`,
        `patch applicationconfigurations.core.oam.dev -n app`,
        `delete components.core.oam.dev -n app`,
        `patch verrazzanoprojects.clusters.verrazzano.io -n verrazzano-mc`,
        `get secrets/verrazzano-cluster-agent -n ${SYSTEM}`,
        `update secrets/verrazzano-cluster-registration -n ${SYSTEM}`,
        `bind clusterroles.rbac.authorization.k8s.io/view`,
        // The project's verrazzano-cluster-<C> bindings are made on managed clusters too (V2).
        `bind clusterroles.rbac.authorization.k8s.io/verrazzano-managed-cluster`,
        `get ingresses.networking.k8s.io/verrazzano-ingress -n ${SYSTEM}`,
        `update leases.coordination.k8s.io/vzmc-agent -n ${SYSTEM}`,
        `* * -A`,
        `* secrets -A`,
        `get secrets -n kube-system`,
        `get secrets/verrazzano-cluster-other -n ${SYSTEM}`,
        `watch secrets -A`,
        `delete namespaces`,
        `delete rolebindings.rbac.authorization.k8s.io -n app`,
        `create pods -n app`,
        `create serviceaccounts/token -n ${SYSTEM}`,
        `bind clusterroles.rbac.authorization.k8s.io/cluster-admin`,
        `impersonate serviceaccounts -n ${SYSTEM}`,
      ]),
    ).toEqual([...Array<string>(10).fill('yes'), ...Array<string>(11).fill('no')]);
    await expectNoWildcardRules('managed1', 'vzmc-agent');
    // A real read: a Secret of another namespace is Forbidden; its own is there.
    await ok(
      `kubectl --context managed1 -n kube-system create secret generic probe --from-literal=k=v >/dev/null`,
    );
    const other = await refused(`kubectl --context vzmc-agent -n kube-system get secret probe -o name`);
    expect(other.stderr).toContain('forbidden');
    expect(
      await ok(`kubectl --context vzmc-agent -n ${SYSTEM} get secret verrazzano-cluster-agent -o name`),
    ).toBe('secret/verrazzano-cluster-agent\n');
  });

  for (const [context, sa] of [
    ['admin', 'vzmc-admin'],
    ['managed1', 'vzmc-agent'],
  ] as const) {
    it(`${sa} cannot bind cluster-admin, by ClusterRoleBinding or RoleBinding, though it may bind view (V2)`, async () => {
      const crb = await refused(
        `kubectl --context ${sa} create clusterrolebinding ${sa}-up --clusterrole=cluster-admin --serviceaccount=${SYSTEM}:${sa}`,
      );
      expect(crb.stderr).toContain('forbidden');
      writeFileSync(
        join(shell.cwd, `${sa}-cluster-admin.yaml`),
        roleBinding(`${sa}-up`, 'cluster-admin', sa),
      );
      writeFileSync(join(shell.cwd, `${sa}-view.yaml`), roleBinding(`${sa}-view`, 'view', sa));
      const rb = await refused(`kubectl --context ${sa} apply --server-side -f ${sa}-cluster-admin.yaml`);
      expect(rb.stderr).toMatch(
        /forbidden: user "system:serviceaccount:verrazzano-system:[^"]+" .* is attempting to grant RBAC permissions not currently held/,
      );
      // The same write with a role the install lets it bind goes through: the refusal is the escalation check.
      expect(await ok(`kubectl --context ${sa} apply --server-side -f ${sa}-view.yaml`)).toContain(
        'serverside-applied',
      );
      await refused(`kubectl --context ${context} -n default get rolebinding ${sa}-up`);
      await refused(`kubectl --context ${context} get clusterrolebinding ${sa}-up`);
    });
  }
});

/** `kubectl auth can-i` for each query, as the context, all at once; the answers in order ('yes' or 'no'). */
async function canI(context: string, queries: readonly string[]): Promise<string[]> {
  const asks = queries.map((q, i) => {
    const words = q.split(' ').map((w) => (w === '*' ? `'*'` : w));
    return `(kubectl --context ${context} auth can-i ${words.join(' ')} > "$d/${i}" 2>/dev/null || true) &`;
  });
  const files = queries.map((_q, i) => `"$d/${i}"`).join(' ');
  const out = await ok(`d=$(mktemp -d); ${asks.join(' ')} wait && cat ${files} && rm -r "$d"`);
  const answers = out.trim().split('\n');
  expect(answers, `answers to ${queries.length} queries`).toHaveLength(queries.length);
  return answers;
}

/** Every rule of the ServiceAccount's Roles and ClusterRole, as the server holds them, names no `*`. */
async function expectNoWildcardRules(context: string, sa: string): Promise<void> {
  const roles = JSON.parse(
    await ok(
      `kubectl --context ${context} get clusterroles,roles -A -l app.kubernetes.io/name=${sa} -o json`,
    ),
  ) as { items: { rules: Record<string, string[] | undefined>[] }[] };
  expect(roles.items.length).toBeGreaterThanOrEqual(2);
  const rules = roles.items.flatMap((r) => r.rules);
  expect(rules.length).toBeGreaterThan(5);
  for (const rule of rules) {
    for (const field of ['apiGroups', 'resources', 'verbs', 'resourceNames']) {
      expect(rule[field] ?? [], JSON.stringify(rule)).not.toContain('*');
    }
  }
}

/** A RoleBinding in `default` of `role` to the ServiceAccount, as YAML. */
function roleBinding(name: string, role: string, sa: string): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${name}
  namespace: default
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: ${role}
subjects:
  - kind: ServiceAccount
    name: ${sa}
    namespace: ${SYSTEM}
`;
}
