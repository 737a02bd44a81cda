/**
 * The report generator (src/report): the matrix it embeds decodes, cell by cell, to the failing gates
 * of explainPlacement; names cannot break out of the page; the same fleet gives the same bytes; and
 * no Secret data goes in.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  explainPlacement,
  fleetFromObjects,
  fleetReport,
  loadSources,
  placementDot,
  placementMatrix,
  placementMermaid,
  renderReport,
  reportData,
  type Fleet,
  type KubeObject,
  type ReportData,
} from '../../../src/index.js';
import { readManifestSources } from '../../../src/adapters/files.js';
import { REPORT_SCRIPT } from '../../../src/report/client.js';
import { REPO_ROOT } from '../../support/corpus.js';
import { mcapp, mccm, mcsecret, project, secret, vmc } from '../../support/fleet.js';

interface Decoded {
  placed: boolean;
  gates: { gate: string; ruleId: string; detail: string }[];
}
interface Decoder {
  explain(data: ReportData, row: number, col: number): Decoded;
  status(data: ReportData, row: number, col: number): { state: string; message: string; time: string } | null;
}

/** The page's own decoder, run in Node (the page part of the script returns without a document). */
const VZMC = runInNewContext(`${REPORT_SCRIPT}\nVZMC;`) as Decoder;

async function demoFleet(): Promise<Fleet> {
  const sources = await readManifestSources([join(REPO_ROOT, 'examples/fleet')]);
  return fleetFromObjects(loadSources(sources).objects.map((o) => o.object));
}

/** Every cell decodes to explainPlacement's failing gates, and placed cells to none. */
function expectMatchesExplanations(fleet: Fleet): void {
  const data = reportData(fleet);
  const matrix = placementMatrix(fleet);
  const clusters = data.clusters.map((c) => c.name);
  expect(clusters).toEqual(matrix.clusters);
  const byKey = new Map(
    matrix.resources.map((r) => [`${r.kind}/${r.metadata.namespace}/${r.metadata.name}`, r]),
  );
  expect(data.rows.length).toBe(matrix.resources.length);
  data.rows.forEach((row, r) => {
    const resource = byKey.get(`${data.kinds[row.k]}/${row.ns}/${row.n}`);
    expect(resource).toBeDefined();
    clusters.forEach((cluster, c) => {
      const want = explainPlacement(fleet, resource!, cluster);
      const got = VZMC.explain(data, r, c);
      expect({ placed: got.placed, gates: got.gates }).toEqual({
        placed: want.placed,
        gates: want.gates
          .filter((g) => !g.ok)
          .map((g) => ({ gate: g.gate, ruleId: g.ruleId, detail: g.detail })),
      });
    });
  });
}

const CLUSTERS = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'];
const NAMESPACES = ['n1', 'n2', 'n3', 'kube-system'];
const clusterList = fc.subarray([...CLUSTERS, 'local', 'ghost'], { minLength: 0, maxLength: 4 });

/** Random fleets: some registered clusters, projects over namespaces, wrappers anywhere. */
const fleets = fc
  .record({
    registered: fc.subarray(CLUSTERS, { minLength: 1 }),
    projects: fc.array(fc.record({ ns: fc.subarray(NAMESPACES, { minLength: 1 }), on: clusterList }), {
      maxLength: 3,
    }),
    wrappers: fc.array(
      fc.record({ ns: fc.constantFrom(...NAMESPACES), on: clusterList, app: fc.boolean() }),
      {
        maxLength: 6,
      },
    ),
    unmanaged: fc.boolean(),
  })
  .map(({ registered, projects, wrappers, unmanaged }) => {
    const objects: KubeObject[] = registered.map((n) => vmc(n) as unknown as KubeObject);
    projects.forEach((p, i) => {
      const vp = project(`p${i}`, p.ns, p.on);
      if (unmanaged && i === 0)
        vp.spec.template.namespaces[0]!.metadata.labels = { 'verrazzano-managed': 'false' };
      objects.push(vp);
    });
    wrappers.forEach((w, i) => objects.push(w.app ? mcapp(`w${i}`, w.ns, w.on) : mccm(`w${i}`, w.ns, w.on)));
    return fleetFromObjects(objects);
  });

describe('report data', () => {
  it('decodes, on the demo fleet, to explainPlacement cell by cell (P1, P5, P6, P7, P12, P13, P15)', async () => {
    expectMatchesExplanations(await demoFleet());
  });

  it('decodes to explainPlacement on random fleets, kube-system and unmanaged namespaces included (P5, P6, P7, U6)', () => {
    fc.assert(fc.property(fleets, expectMatchesExplanations), { numRuns: 150 });
  });

  it('stores one explanation for the clusters no placement names, not one per cell (P6)', () => {
    const names = Array.from({ length: 50 }, (_, i) => `c${i}`);
    const fleet = fleetFromObjects([
      ...names.map((n) => vmc(n) as unknown as KubeObject),
      project('p', ['n'], ['c1']),
      mcapp('app', 'n', ['c1', 'c2']),
    ]);
    const data = reportData(fleet);
    const app = data.rows.find((r) => r.n === 'app')!;
    expect(app.d).toBeGreaterThanOrEqual(0);
    expect(app.x.length / 2).toBeLessThanOrEqual(2); // c2 and local
    const c40 = data.clusters.findIndex((c) => c.name === 'c40');
    expect(VZMC.explain(data, data.rows.indexOf(app), c40).gates[0]).toEqual({
      gate: 'project-placement',
      ruleId: 'P6',
      detail: 'project p places [c1], not c40',
    });
  });

  it('carries the VMC state, the last agent contact and each wrapper status per cluster', () => {
    const app = mcapp('app', 'n', ['c1']);
    const fleet = fleetFromObjects([
      {
        ...vmc('c1'),
        status: { state: 'Active', lastAgentConnectTime: '2026-12-06T10:00:00Z' },
      },
      project('p', ['n'], ['c1']),
      {
        ...app,
        status: { clusters: [{ name: 'c1', state: 'Failed', message: 'boom', lastUpdateTime: 't1' }] },
      },
    ]);
    const data = reportData(fleet);
    expect(data.strings[data.clusters[0]!.state]).toBe('Active');
    expect(data.strings[data.clusters[0]!.contact]).toBe('2026-12-06T10:00:00Z');
    expect(
      VZMC.status(
        data,
        data.rows.findIndex((r) => r.n === 'app'),
        0,
      ),
    ).toEqual({
      state: 'Failed',
      message: 'boom',
      time: 't1',
    });
  });
});

describe('report page', () => {
  const hostile = '</script><!--<script>alert(1)</script>';
  const hostileFleet = () =>
    fleetFromObjects([
      vmc('c1'),
      project(`p${hostile}`, ['n'], ['c1']),
      mcapp(`a${hostile}\u2028`, 'n', ['c1']),
    ]);

  it('keeps names inside the data: no </script> or <!-- breaks out, and the JSON reads back', () => {
    const fleet = hostileFleet();
    const html = fleetReport(fleet, { title: `t${hostile}` });
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).not.toContain('<!--');
    expect(html).not.toContain('\u2028');
    const json = /<script type="application\/json" id="vzmc-data">(.*?)<\/script>/s.exec(html)![1]!;
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(reportData(fleet, { title: `t${hostile}` }))));
    expect(html).toContain('<title>t&#60;/script&#62;&#60;!--');
  });

  it('escapes the text of an added section (the impact slot)', () => {
    const html = renderReport(reportData(hostileFleet()), {
      impact: { id: 'impact', title: hostile, tables: [{ caption: 'c', columns: ['x'], rows: [[hostile]] }] },
    });
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).toContain('<section id="impact"');
    expect(html).toContain('<a href="#impact">');
  });

  it('is self-contained: no URL to fetch, and a CSP whose script hash is the inline script', () => {
    const html = fleetReport(hostileFleet());
    expect(html).not.toMatch(/https?:|\bsrc=|url\(|@import|<link/i);
    const script = /<script>(.*?)<\/script>/s.exec(html)![1]!;
    const hash = createHash('sha256').update(script).digest('base64');
    expect(html).toContain(`default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'`);
  });

  it('gives the same bytes for the same fleet, in any order, and a time only when given one', async () => {
    const fleet = await demoFleet();
    const shuffled: Fleet = {
      ...fleet,
      projects: [...fleet.projects].reverse(),
      wrappers: [...fleet.wrappers].reverse(),
      managedClusters: [...fleet.managedClusters].reverse(),
    };
    expect(fleetReport(shuffled)).toBe(fleetReport(fleet));
    expect(fleetReport(fleet)).not.toMatch(/20\d\d-\d\d-\d\d/);
    expect(fleetReport(fleet, { generatedAt: '2026-12-06T00:00:00Z' })).toContain('2026-12-06T00:00:00Z');
  });

  it('holds no Secret data: only names (MultiClusterSecret templates and referenced Secrets)', () => {
    const value = 'hunter2-S3CRET-value';
    const wrapped = mcsecret('db', 'n', ['c1']);
    wrapped.spec!.template.stringData = { password: value };
    const plain = secret('registry', 'n');
    plain.data = { token: Buffer.from(value).toString('base64') };
    const config = mccm('cfg', 'n', ['c1']);
    const fleet = fleetFromObjects(
      [
        vmc('c1'),
        project('p', ['n'], ['c1']),
        wrapped,
        plain,
        config,
        mcapp('a', 'n', ['c1'], { secrets: ['registry'] }),
      ].map((o) => o as unknown as KubeObject),
    );
    const html = fleetReport(fleet);
    expect(html).toContain('"n":"db"');
    for (const needle of [value, Buffer.from(value).toString('base64'), 'password', 'token'])
      expect(html).not.toContain(needle);
  });
});

describe('explain -o dot and mermaid', () => {
  async function demo() {
    const fleet = await demoFleet();
    const matrix = placementMatrix(fleet);
    return { clusters: matrix.clusters, resources: matrix.resources, decisions: [...matrix.decisions()] };
  }

  it('draws the demo matrix: placed edges solid, the rest dashed with the first failing gate (P6, P15)', async () => {
    const { clusters, resources, decisions } = await demo();
    const dot = placementDot(clusters, resources, decisions);
    expect(dot.startsWith('digraph placement {\n')).toBe(true);
    expect(dot.match(/ -> /g)).toHaveLength(resources.length * clusters.length);
    expect(dot).toContain('label="✗ project-placement (P6)"');
    expect(dot).toContain('label="✗ resource-placement (P15)"');
    const mermaid = placementMermaid(clusters, resources, decisions);
    expect(mermaid.startsWith('flowchart LR\n')).toBe(true);
    expect(mermaid.match(/==>/g)).toHaveLength(decisions.filter((d) => d.placed).length);
    expect(mermaid).toContain('-.->|"✗ project-placement (P6)"|');
    expect(placementDot(clusters, resources, decisions)).toBe(dot);
  });

  it('quotes names that would break the graph syntax', () => {
    const fleet = fleetFromObjects([vmc('c1'), project('p', ['n'], ['c1']), mcapp('a"b<c>', 'n', ['c1'])]);
    const matrix = placementMatrix(fleet);
    const args = [matrix.clusters, matrix.resources, [...matrix.decisions()]] as const;
    expect(placementDot(...args)).toContain('a\\"b<c>');
    expect(placementMermaid(...args)).toContain('a#quot;b#lt;c#gt;');
    expect(placementMermaid(...args)).not.toContain('a"b');
  });
});
