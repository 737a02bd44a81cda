/**
 * Issue 14 item 6: which clusters are registered. Verrazzano's webhook gets VMC
 * `verrazzano-mc/<name>` (W2, `validateTargetClustersExist`), and its controllers watch only that
 * namespace, so a VMC anywhere else registers nothing. `vzmc validate`, `explain` and `render` must
 * agree on this for the same files.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../cli/run.js';

const fleetYaml = (vmcNamespace: string | undefined) => `
apiVersion: clusters.verrazzano.io/v1alpha1
kind: VerrazzanoManagedCluster
metadata:
  name: managed1
${vmcNamespace === undefined ? '' : `  namespace: ${vmcNamespace}\n`}spec: {}
---
apiVersion: clusters.verrazzano.io/v1alpha1
kind: VerrazzanoProject
metadata:
  name: app
  namespace: verrazzano-mc
spec:
  template:
    namespaces:
      - metadata:
          name: app
  placement:
    clusters:
      - name: managed1
---
apiVersion: clusters.verrazzano.io/v1alpha1
kind: MultiClusterConfigMap
metadata:
  name: settings
  namespace: app
spec:
  template:
    data:
      greeting: hello
  placement:
    clusters:
      - name: managed1
`;

const verdicts = async (vmcNamespace: string | undefined) => {
  const stdin = fleetYaml(vmcNamespace);
  const validate = await run(['validate', '-f', '-', '-o', 'json'], stdin);
  const explain = await run(
    ['explain', '-f', '-', '--resource', 'mccm/app/settings', '--cluster', 'managed1', '-o', 'json'],
    stdin,
  );
  const render = await run(['render', '-f', '-', '--cluster', 'managed1', '-o', 'json'], stdin);
  const issues = JSON.parse(validate.stdout).issues as { ruleId?: string; message: string }[];
  const decision = JSON.parse(explain.stdout).decisions[0] as {
    placed: boolean;
    gates: { gate: string; ok: boolean }[];
  };
  const rendered = JSON.parse(render.stdout) as { items?: { kind: string }[] } | { kind: string }[];
  const kinds = (Array.isArray(rendered) ? rendered : (rendered.items ?? [])).map((o) => o.kind);
  return { issues, decision, kinds, codes: [validate.code, explain.code, render.code] };
};

describe('registered clusters: only VMCs in verrazzano-mc (issue 14 item 6)', () => {
  it('W2, P1: a VMC in verrazzano-mc registers managed1 for validate, explain and render alike', async () => {
    const { issues, decision, kinds } = await verdicts('verrazzano-mc');
    expect(issues.filter((i) => i.ruleId === 'W2' || i.ruleId === 'W8')).toEqual([]);
    expect(decision.placed).toBe(true);
    expect(kinds).toContain('MultiClusterConfigMap');
    expect(kinds).toContain('ConfigMap');
  });

  it.each([['default'], [undefined]])(
    'W2, W9, P1: a VMC in namespace %s registers nothing: validate rejects the placement, explain fails the gate, render gives nothing',
    async (namespace) => {
      const { issues, decision, kinds } = await verdicts(namespace);
      const messages = issues.map((i) => `${i.ruleId ?? ''} ${i.message}`);
      expect(messages).toContain('W9 Namespace for the resource must be verrazzano-mc');
      expect(messages.some((m) => m.startsWith('W2 ') && m.includes('managed1 is not registered'))).toBe(
        true,
      );
      expect(messages.some((m) => m.startsWith('W8 ') && m.includes('managed1 is not registered'))).toBe(
        true,
      );
      expect(decision.placed).toBe(false);
      expect(decision.gates.find((g) => !g.ok)?.gate).toBe('cluster-registered');
      expect(kinds).toEqual([]);
    },
  );
});
