import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryCluster } from '../../../src/adapters/memory/index.js';
import { readAdminFleet } from '../../../src/cli/commands/report.js';
import { reportData } from '../../../src/index.js';
import { mcapp, project, vmc } from '../../support/fleet.js';
import { FLEET, run } from './run.js';

describe('vzmc report', () => {
  it('writes one self-contained page of the fleet to stdout, the same bytes every time (P6, P7)', async () => {
    const first = await run(['report', '-f', FLEET]);
    expect(first.code).toBe(0);
    expect(first.stdout.startsWith('<!doctype html>')).toBe(true);
    expect(first.stdout).toContain("default-src 'none'");
    expect(first.stdout).toContain('project todo-list places [managed1], not managed2');
    expect(first.stdout).not.toContain('example-not-a-secret');
    expect((await run(['report', '-f', FLEET])).stdout).toBe(first.stdout);
  });

  it('--out writes the file; --title and --generated-at go on the page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vzmc-report-cli-'));
    try {
      const out = join(dir, 'fleet.html');
      const { code, stdout, stderr } = await run([
        'report',
        '-f',
        FLEET,
        '--out',
        out,
        '--title',
        'prod <fleet>',
        '--generated-at',
        '2026-12-06T00:00:00Z',
      ]);
      expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: '', stderr: `wrote ${out}\n` });
      const html = readFileSync(out, 'utf8');
      expect(html).toContain('<title>prod &#60;fleet&#62;</title>');
      expect(html).toContain('2026-12-06T00:00:00Z');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--before shows the impact of the change to the fleet shown, deletes marked, no Secret value (P6, P20)', async () => {
    const withoutTodo = ['hello-helidon', 'vmc-managed1.yaml', 'vmc-managed2.yaml'].map((f) =>
      join(FLEET, f),
    );
    const removed = await run(['report', '--before', FLEET, '--after', ...withoutTodo]);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('<h2 id="impact-h">Impact of the change</h2>');
    expect(removed.stdout).toMatch(/disappear \(DELETE\)<\/td><td>delete<\/td><td>[^<]*todo-list/);
    expect(removed.stdout).not.toContain('example-not-a-secret');
    const none = await run(['report', '--before', FLEET, '-f', FLEET]);
    expect(none.stdout).toContain('The change touches no cluster.');
    expect((await run(['report', '-f', FLEET, '--git', 'HEAD'])).stderr).toContain('--git needs --before');
  });

  it('needs exactly one of --file and --context', async () => {
    expect((await run(['report'])).stderr).toContain('give the fleet');
    expect((await run(['report', '-f', FLEET, '--context', 'admin'])).stderr).toContain(
      'give one of --file and --context',
    );
  });
});

describe('vzmc explain -o dot and -o mermaid', () => {
  it('draws the matrix for docs, deterministically (P6, P12, P15)', async () => {
    const dot = await run(['explain', '-f', FLEET, '-o', 'dot']);
    expect(dot.code).toBe(0);
    expect(dot.stdout).toMatch(/^digraph placement \{\n/);
    expect(dot.stdout).toContain('label="✗ project-placement (P12)"');
    const mermaid = await run(['explain', '-f', FLEET, '-o', 'mermaid']);
    expect(mermaid.stdout).toMatch(/^flowchart LR\n/);
    expect(mermaid.stdout).toContain('r4 -.->|"✗ project-placement (P6)"| c1');
    expect((await run(['explain', '-f', FLEET, '-o', 'mermaid'])).stdout).toBe(mermaid.stdout);
  });

  it('docs/report.md shows the Mermaid graph the command prints today', async () => {
    const doc = readFileSync('docs/report.md', 'utf8');
    const block = /```mermaid\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(block).toBe((await run(['explain', '-f', FLEET, '-o', 'mermaid'])).stdout);
  });
});

describe('vzmc report --context: the fleet as the admin holds it', () => {
  it('reads VMC state, agent contact and per-cluster statuses through a ClusterClient', async () => {
    const admin = createMemoryCluster({ name: 'admin' }).client();
    await admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'verrazzano-mc' } });
    await admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } });
    const created = await admin.create(vmc('c1'));
    await admin.updateStatus({
      ...created,
      status: { state: 'Active', lastAgentConnectTime: '2026-12-06T10:00:00Z' },
    });
    await admin.create(project('p', ['n'], ['c1']));
    const app = await admin.create(mcapp('app', 'n', ['c1']));
    await admin.updateStatus({
      ...app,
      status: { clusters: [{ name: 'c1', state: 'Failed', message: 'boom', lastUpdateTime: 't1' }] },
    });
    const data = reportData(await readAdminFleet(admin, { stderr: { write: () => true } } as never));
    expect(data.clusters.map((c) => [c.name, data.strings[c.state], data.strings[c.contact]])).toEqual([
      ['c1', 'Active', '2026-12-06T10:00:00Z'],
      ['local', undefined, undefined],
    ]);
    expect(
      data.rows.find((r) => r.n === 'app')?.s.map((i, k) => (k % 4 === 0 ? i : data.strings[i])),
    ).toEqual([0, 'Failed', 'boom', 't1']);
  });
});
