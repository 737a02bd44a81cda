import { describe, expect, it } from 'vitest';
import { defaultImage, installManifests, rbacOf } from '../../../src/cli/install/manifests.js';
import { runCli } from '../../../src/cli/program.js';
import type { KubeObject } from '../../../src/model/meta.js';

type Any = Record<string, any>;

async function run(argv: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const io = { stdout: { write: (t: string) => void (stdout += t) }, stderr: { write: () => undefined } };
  const code = await runCli(argv, io as never);
  return { code, stdout };
}

const deployment = (objects: KubeObject[]) => objects.find((o) => o.kind === 'Deployment') as Any;

describe('vzmc install', () => {
  it.each(['admin', 'agent'] as const)(
    '%s: a hardened 2-replica Deployment with leader election and probes',
    (half) => {
      const objects = installManifests(half, { image: 'img:1', cluster: 'managed1' });
      const d = deployment(objects);
      expect(d.spec.replicas).toBe(2);
      const pod = d.spec.template.spec;
      const c = pod.containers[0];
      expect(c.image).toBe('img:1');
      expect(c.args).toContain('--leader-elect');
      expect(c.args[0]).toBe(half === 'admin' ? 'admin' : 'sync');
      expect(c.livenessProbe.httpGet.path).toBe('/healthz');
      expect(c.readinessProbe.httpGet.path).toBe('/readyz');
      expect(c.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(c.securityContext.runAsUser).toBeGreaterThan(0);
      expect(c.resources.requests).toBeDefined();
      expect(c.resources.limits).toBeDefined();
    },
  );

  it.each(['admin', 'agent'] as const)('%s: no wildcard in any rule', (half) => {
    const rbac = rbacOf(half);
    const rules = [...rbac.cluster, ...rbac.namespaced.flatMap((n) => n.rules)];
    for (const rule of rules) {
      for (const field of [rule.verbs, rule.resources, rule.apiGroups, rule.resourceNames ?? []])
        expect(field).not.toContain('*');
    }
    expect(JSON.stringify(installManifests(half, { image: 'x', cluster: 'c' }))).not.toContain('"*"');
  });

  it('namespaces: the agent gets verrazzano-system, the admin verrazzano-mc and verrazzano-system', () => {
    const names = (half: 'admin' | 'agent') =>
      installManifests(half, { image: 'x', cluster: 'c' })
        .filter((o) => o.kind === 'Namespace')
        .map((o) => o.metadata.name);
    expect(names('agent')).toEqual(['verrazzano-system']);
    expect(names('admin')).toEqual(['verrazzano-mc', 'verrazzano-system']);
  });

  it('the admin creates the ClusterRoles it binds that Verrazzano would create', () => {
    const roles = installManifests('admin', { image: 'x' })
      .filter((o) => o.kind === 'ClusterRole')
      .map((o) => o.metadata.name);
    expect(roles).toEqual(
      expect.arrayContaining([
        'verrazzano-managed-cluster',
        'verrazzano-project-admin',
        'verrazzano-project-monitor',
      ]),
    );
  });

  it('prints byte-identical YAML, a JSON List, the default image from the version and --image', async () => {
    const first = await run(['install', 'agent', '--cluster', 'managed1']);
    expect(first.code).toBe(0);
    expect((await run(['install', 'agent', '--cluster', 'managed1'])).stdout).toBe(first.stdout);
    expect(first.stdout).toContain('image: ghcr.io/vzmc/vzmc:');
    expect(first.stdout).toContain(`image: ${defaultImage('0.0.0-dev').split(':')[0]}`);
    const json = JSON.parse(
      (await run(['install', 'admin', '--image', 'r/vzmc:dev', '-o', 'json'])).stdout,
    ) as Any;
    expect(json.kind).toBe('List');
    expect(deployment(json.items).spec.template.spec.containers[0].image).toBe('r/vzmc:dev');
  });

  it('the agent needs --cluster', async () => {
    expect((await run(['install', 'agent'])).code).not.toBe(0);
  });
});
