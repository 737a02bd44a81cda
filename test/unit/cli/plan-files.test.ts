/**
 * `vzmc plan` on files (issue 14 item 9): live objects exported without `metadata.managedFields`
 * (`kubectl get -o yaml`) make the plan unverified, never converged, in every output format; with
 * them (`--show-managed-fields`) the plan sees what was removed, as before.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/index.js';
import { converged, stripped, withoutPolicies } from '../../support/policies-removed.js';
import { run } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'vzmc-plan-files-'));
const file = (name: string, objects: readonly KubeObject[]) => {
  const path = join(dir, name);
  // As kubectl prints several kinds: one List.
  writeFileSync(path, dump({ apiVersion: 'v1', kind: 'List', items: objects }));
  return path;
};
const adminFile = file('admin.yaml', withoutPolicies());
const withFields = file('live-show-managed-fields.yaml', converged().local);
const withoutFields = file('live.yaml', stripped(converged().local));
const plan = (local: string, ...extra: string[]) =>
  run(['plan', '--cluster', 'm1', '--admin', adminFile, '--local', local, ...extra]);

interface PlanDocument {
  state: string;
  actions: { op: string; kind: string; namespace: string; name: string }[];
  warnings?: {
    code: string;
    message: string;
    objects: { kind: string; namespace: string; name: string }[];
  }[];
}

describe('vzmc plan on files without managedFields (issue 14 item 9)', () => {
  it('P22, V4: with --show-managed-fields output, the removed NetworkPolicy shows: the project copy is updated and the policy deleted', async () => {
    const { code, stdout, stderr } = await plan(withFields, '--exit-code');
    expect([code, stderr]).toEqual([1, '']);
    expect(stdout).toContain('~ update VerrazzanoProject verrazzano-mc/p');
    expect(stdout).toContain('    - /spec/template/networkPolicies');
    expect(stdout).toContain('- delete NetworkPolicy app/deny-all');
    expect(stdout).not.toContain('managedFields');
  });

  it('P22, V4, P20: from plain kubectl get -o yaml, text never says converged: it warns for how many objects and how to fix it', async () => {
    const { code, stdout } = await plan(withoutFields);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('Plan for m1: 0 to create, 0 to update, 0 to delete, 0 status updates');
    expect(lines[1]).toMatch(
      /^ {2}! removed fields cannot be detected for \d+ live objects: they carry no metadata\.managedFields .*; export the live objects with kubectl get --show-managed-fields -o yaml$/,
    );
    expect(stdout).toContain(
      '  (nothing to do that vzmc can see: not known to have converged, see the warning above)',
    );
    expect(stdout).not.toContain('the cluster has converged');
    expect(stdout).toContain(
      "? not vzmc's: NetworkPolicy app/deny-all: it carries vzmc.dev/managed=true but no metadata.managedFields",
    );
  });

  it('P22, V4, P20: --exit-code exits 2 on an unverified plan (it cannot say there are no differences), never 0', async () => {
    expect((await plan(withoutFields, '--exit-code')).code).toBe(2);
  });

  it.each(['json', 'yaml'])(
    'P22, V4, P20: -o %s carries the note: state unverified, warnings NoManagedFields naming the objects, and a warning on stderr',
    async (format) => {
      const { code, stdout, stderr } = await plan(withoutFields, '-o', format);
      expect(code).toBe(0);
      const document = (format === 'json' ? JSON.parse(stdout) : load(stdout)) as PlanDocument;
      expect(document.state).toBe('unverified');
      expect(document.actions).toEqual([]);
      expect(document.warnings).toHaveLength(1);
      const [warning] = document.warnings!;
      expect(warning!.code).toBe('NoManagedFields');
      expect(warning!.message).toContain(
        `removed fields cannot be detected for ${warning!.objects.length} live objects`,
      );
      expect(warning!.message).toContain('kubectl get --show-managed-fields -o yaml');
      expect(warning!.objects.map((o) => `${o.kind} ${o.namespace}/${o.name}`)).toEqual(
        expect.arrayContaining(['VerrazzanoProject verrazzano-mc/p', 'NetworkPolicy app/deny-all']),
      );
      expect(stderr).toBe(`vzmc: warning: ${warning!.message}\n`);
    },
  );

  it('-n keeps the warning for the objects of that namespace, with their count; none outside', async () => {
    const app = JSON.parse((await plan(withoutFields, '-o', 'json', '-n', 'app')).stdout) as PlanDocument;
    const objects = app.warnings?.[0]?.objects ?? [];
    expect(objects.length).toBeGreaterThan(0);
    expect(objects.every((o) => o.namespace === 'app' || (o.kind === 'Namespace' && o.name === 'app'))).toBe(
      true,
    );
    expect(app.warnings?.[0]?.message).toContain(`for ${objects.length} live objects`);
    const elsewhere = await plan(withoutFields, '-o', 'json', '-n', 'elsewhere', '--exit-code');
    expect(elsewhere.code).toBe(0);
    const document = JSON.parse(elsewhere.stdout) as PlanDocument;
    expect(document.state).toBe('converged');
    expect('warnings' in document).toBe(false);
  });

  it('objects with managedFields: json as before, no warnings, state pending', async () => {
    const { stdout, stderr } = await plan(withFields, '-o', 'json');
    const document = JSON.parse(stdout) as PlanDocument;
    expect(document.state).toBe('pending');
    expect('warnings' in document).toBe(false);
    expect(stderr).toBe('');
  });
});
