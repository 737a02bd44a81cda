/**
 * `vzmc report` in a real browser: Debian's chromium, driven by playwright-core. The demo fleet's
 * page shows every cell with the explanation `vzmc explain` gives, reachable by keyboard and by
 * mouse, loads nothing from the network, prints as a table, and a fleet of 2,000 clusters × 5,000
 * resources becomes interactive without freezing. Saves docs/images/report.png.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  explainPlacement,
  fleetFromObjects,
  fleetReport,
  loadSources,
  reportData,
  type Fleet,
  type KubeObject,
  type PlacedResource,
} from '../../src/index.js';
import { readManifestSources } from '../../src/adapters/files.js';
import { bigFleet } from '../support/big-fleet.js';
import { launchChromium } from '../support/chromium.js';
import { REPO_ROOT } from '../support/corpus.js';

const DIR = mkdtempSync(join(tmpdir(), 'vzmc-report-'));

/**
 * The demo fleet (examples/fleet) with the statuses its agents would report: VMC states, contact
 * times and per-cluster wrapper states, set here so the page has some to show.
 */
async function demoFleet(): Promise<Fleet> {
  const objects = loadSources(await readManifestSources([join(REPO_ROOT, 'examples/fleet')])).objects.map(
    (o) => o.object,
  );
  const when = '2026-12-06T09:30:00Z';
  const status = (o: KubeObject): KubeObject => {
    const name = o.metadata.name;
    if (o.kind === 'VerrazzanoManagedCluster')
      return { ...o, status: { state: 'Active', lastAgentConnectTime: when } };
    const states: Record<string, [string, string][]> = {
      'hello-helidon': [
        ['managed1', 'Succeeded'],
        ['managed2', 'Failed'],
      ],
      'hello-helidon-greeting': [
        ['managed1', 'Succeeded'],
        ['managed2', 'Succeeded'],
      ],
      'todo-app': [['managed1', 'Succeeded']],
    };
    if (!o.kind.startsWith('MultiCluster') || !states[name ?? '']) return o;
    const clusters = states[name ?? '']!.map(([cluster, state]) => ({
      name: cluster,
      state,
      ...(state === 'Failed' ? { message: 'the application configuration failed to deploy' } : {}),
      lastUpdateTime: when,
    }));
    return { ...o, status: { clusters } };
  };
  return fleetFromObjects(objects.map(status));
}

let context: BrowserContext;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ context, close } = await launchChromium({ width: 1100, height: 640 }));
}, 180_000);

afterAll(async () => {
  await close?.();
  rmSync(DIR, { recursive: true, force: true });
});

/** Opens a page from a file, recording every request but the file and every console error. */
async function open(
  html: string,
  name: string,
): Promise<{ page: Page; external: string[]; errors: string[] }> {
  const file = join(DIR, name);
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const page = await context.newPage();
  const external: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => {
    if (r.url() !== url && !r.url().startsWith(`${url}#`)) external.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  return { page, external, errors };
}

const activeId = (page: Page) =>
  page.evaluate<string>('document.activeElement ? document.activeElement.id : ""');
const tipText = (page: Page) => page.locator('#tip').innerText();

describe('vzmc report in Chromium', () => {
  it('shows each cell of the demo fleet with the gates of vzmc explain, by keyboard (P5, P6, P7, P12, P13, P15)', async () => {
    const fleet = await demoFleet();
    const data = reportData(fleet);
    const { page, external, errors } = await open(fleetReport(fleet), 'demo.html');
    const resources = new Map<string, PlacedResource>(
      [...fleet.projects, ...fleet.wrappers].map((r) => [
        `${r.kind}/${r.metadata.namespace}/${r.metadata.name}`,
        r,
      ]),
    );
    // Every group is unfolded on a small fleet: a project row, then its rows.
    const display = data.groups.flatMap((g, gi) => [
      -1 - gi,
      ...Array.from({ length: g.end - g.start }, (_, k) => g.start + k),
    ]);
    await page.locator('#collapse-all').focus();
    await page.keyboard.press('Tab');
    for (let d = 0; d < display.length; d++) {
      for (let c = 0; c < data.clusters.length; c++) {
        expect(await activeId(page)).toBe(`cell-${d}-${c}`);
        await expect.poll(() => page.locator('#tip').isVisible()).toBe(true);
        const cell = page.locator(`#cell-${d}-${c}`);
        const item = display[d]!;
        const cluster = data.clusters[c]!.name;
        if (item < 0) {
          const group = data.groups[-1 - item]!;
          const placed = data.rows.slice(group.start, group.end).filter((row) => row.p.includes(c)).length;
          expect(await cell.innerText()).toContain(`${placed}/${group.end - group.start}`);
          expect(await tipText(page)).toContain(`project ${group.name} on ${cluster}: ${placed} of`);
        } else {
          const row = data.rows[item]!;
          const decision = explainPlacement(
            fleet,
            resources.get(`${data.kinds[row.k]}/${row.ns}/${row.n}`)!,
            cluster,
          );
          const tip = await tipText(page);
          expect(tip).toContain(`${row.ns}/${row.n} on ${cluster}`);
          const failing = decision.gates.filter((g) => !g.ok);
          if (decision.placed) {
            expect(await cell.innerText()).toMatch(/^(✓|!)/);
            expect(tip).toContain('every gate holds');
          } else {
            expect(await cell.innerText()).toBe(`✗ ${failing[0]!.ruleId}`);
            expect(await cell.getAttribute('aria-label')).toContain(`not placed, ${failing[0]!.gate} fails`);
            for (const g of failing) expect(tip).toContain(`✗ ${g.gate} ${g.ruleId}: ${g.detail}`);
          }
        }
        await page.keyboard.press(c + 1 < data.clusters.length ? 'ArrowRight' : 'ArrowDown');
        if (c + 1 === data.clusters.length) await page.keyboard.press('Home');
      }
    }
    expect(await page.locator('#clusters-body tr').count()).toBe(data.clusters.length);
    expect(await page.locator('#clusters-body').innerText()).toContain('Active');
    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the explanation on hover, folds a project with Enter, and prints as a table', async () => {
    const { page } = await open(fleetReport(await demoFleet()), 'demo-hover.html');
    const todoApp = page.locator('.cell[aria-label^="mcappconf todo-list/todo-app on managed2"]');
    await todoApp.hover();
    await expect.poll(() => tipText(page)).toContain('project todo-list places [managed1], not managed2');
    const rows = Number(await page.locator('#grid-body').getAttribute('aria-rowcount'));
    await page.locator('#cell-0-0').focus();
    await page.keyboard.press('Enter');
    expect(Number(await page.locator('#grid-body').getAttribute('aria-rowcount'))).toBe(rows - 3);
    expect(await activeId(page)).toBe('cell-0-0');
    await page.emulateMedia({ media: 'print' });
    await page.evaluate('window.vzmcReport.printTable()');
    expect(await page.locator('.grid').isVisible()).toBe(false);
    expect(await page.locator('#print-matrix table tbody tr').count()).toBe(7);
    await page.close();
  });

  it('saves the screenshot of the demo fleet for the docs', async () => {
    const { page } = await open(
      fleetReport(await demoFleet(), { title: 'vzmc fleet report: examples/fleet' }),
      'demo-shot.html',
    );
    await page.locator('.cell[aria-label^="mcappconf todo-list/todo-app on managed2"]').focus();
    await expect.poll(() => page.locator('#tip').isVisible()).toBe(true);
    mkdirSync(join(REPO_ROOT, 'docs/images'), { recursive: true });
    await page.screenshot({ path: join(REPO_ROOT, 'docs/images/report.png') });
    await page.close();
  });

  it('renders 2,000 clusters × 5,000 resources and stays interactive', async () => {
    const started = performance.now();
    const html = fleetReport(bigFleet(2000, 5000));
    const generated = performance.now() - started;
    const t0 = Date.now();
    const { page, errors } = await open(html, 'large.html');
    const ready = Date.now() - t0;
    const inPage = await page.evaluate<{ readyAt: number; scriptMs: number }>('window.vzmcReport');
    // Interactive: keyboard moves across the virtualised grid, and a project unfolds.
    await page.locator('#collapse-all').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('End');
    expect(await activeId(page)).toBe('cell-0-2000'); // 2,000 managed clusters and local
    await page.keyboard.press('PageDown');
    await expect.poll(() => page.locator('#tip').isVisible()).toBe(true);
    const t1 = Date.now();
    await page.keyboard.press('Enter');
    const unfold = Date.now() - t1;
    await page.evaluate(
      '(() => { const el = document.getElementById("grid-body"); el.scrollTo(el.scrollWidth, el.scrollHeight); })()',
    );
    await expect.poll(() => page.locator('.cell[aria-colindex="2001"]').count()).toBeGreaterThan(1);
    console.log(
      `report of 2,000 clusters × 5,000 resources: ${(html.length / 1e6).toFixed(1)} MB generated in ${generated.toFixed(0)} ms; ` +
        `ready ${ready} ms after opening a tab (in the page: ready at ${inPage.readyAt.toFixed(0)} ms, script ${inPage.scriptMs.toFixed(0)} ms); ` +
        `a project unfolds in ${unfold} ms`,
    );
    expect(ready).toBeLessThan(10_000);
    expect(errors).toEqual([]);
    await page.close();
  });
});
