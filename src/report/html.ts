/**
 * The report page: one self-contained HTML document (inline styles and script, no URL anywhere, a
 * Content-Security-Policy that forbids every fetch), data in, string out. The same data and sections
 * give the same bytes.
 */
import { sha256Hex } from '../internal/sha256.js';
import type { Fleet } from '../placement/fleet.js';
import { REPORT_SCRIPT, REPORT_STYLE } from './client.js';
import { reportData, type ReportData, type ReportOptions, type ReportSection } from './model.js';

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON that is safe inside `<script type="application/json">`: no `<`, `>` or `&` (so no
 * `</script>` or `<!--`), and no U+2028/U+2029. `JSON.parse` reads the escapes back.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const hexToBase64 = (hex: string): string => {
  const bytes = hex.match(/../g)?.map((h) => String.fromCharCode(parseInt(h, 16))) ?? [];
  return btoa(bytes.join(''));
};

/** The script's CSP source: its SHA-256, so no other inline script or handler can run. */
const SCRIPT_HASH = `'sha256-${hexToBase64(sha256Hex(REPORT_SCRIPT))}'`;

/** A static section (e.g. the impact of a change), server-rendered as tables. */
function sectionHtml(section: ReportSection): string {
  const id = section.id.replace(/[^a-z0-9-]/g, '-');
  const tables = section.tables.map(
    (t) =>
      `<table><caption>${escapeHtml(t.caption)}</caption><thead><tr>${t.columns
        .map((c) => `<th scope="col">${escapeHtml(c)}</th>`)
        .join('')}</tr></thead><tbody>${t.rows
        .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`,
  );
  return `<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${escapeHtml(section.title)}</h2>${
    section.summary ? `<p>${escapeHtml(section.summary)}</p>` : ''
  }${tables.join('\n')}</section>`;
}

const MATRIX = `<section id="matrix" aria-labelledby="matrix-h">
<h2 id="matrix-h">Placement matrix</h2>
<p class="legend">Each cell: <span class="ok">✓ placed</span><span class="no">✗ not placed, with the rule of the first failing gate</span><span class="fail">! placed, status Failed</span><span class="part">… pending, or some of a project placed</span>. A project row counts its resources placed on the cluster.</p>
<div class="controls"><button type="button" id="expand-all">Unfold every project</button><button type="button" id="collapse-all">Fold every project</button><span id="summary" aria-live="polite"></span></div>
<div class="grid"><div class="corner">Project / resource</div>
<div class="colhead" id="grid-colhead" aria-hidden="true"><div></div></div>
<div class="rowhead" id="grid-rowhead" aria-hidden="true"><div></div></div>
<div class="body" id="grid-body" role="grid" aria-label="Placement matrix: projects and wrappers by cluster" aria-describedby="grid-help"><div id="grid-body-sizer"></div></div></div>
<p class="help" id="grid-help">Tab into the matrix; arrow keys, Home, End, Page Up and Page Down move between cells; the explanation of the focused cell shows beside it; Enter on a project row unfolds or folds it.</p>
<div id="tip" role="tooltip" hidden></div>
<div id="print-matrix" class="print-only"></div>
</section>`;

const CLUSTERS = `<section id="clusters" aria-labelledby="clusters-h">
<h2 id="clusters-h">Clusters</h2>
<table><caption>Each cluster's VMC state, last agent contact, resources placed, and the per-cluster statuses its resources carry</caption>
<thead><tr><th scope="col">Cluster</th><th scope="col">VMC state</th><th scope="col">Last agent contact</th><th scope="col">Placed</th><th scope="col">Statuses</th></tr></thead>
<tbody id="clusters-body"></tbody></table>
</section>`;

/** Sections the report can hold beside the matrix and clusters. */
export interface ReportSections {
  /** The impact of a change (`vzmc impact`), when given. */
  readonly impact?: ReportSection;
}

/**
 * The report page for report data.
 *
 * @example
 * const html = renderReport(reportData(fleet));
 * html.startsWith('<!doctype html>') //=> true
 */
export function renderReport(data: ReportData, sections: ReportSections = {}): string {
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src ${SCRIPT_HASH}; base-uri 'none'; form-action 'none'`;
  const meta = [data.source, data.generatedAt].filter((s) => s !== undefined && s !== '');
  const extra = sections.impact ? [sections.impact] : [];
  const nav = [['matrix', 'Placement matrix'], ['clusters', 'Clusters'], ...extra.map((s) => [s.id, s.title])]
    .map(([id, title]) => `<a href="#${escapeHtml(id ?? '')}">${escapeHtml(title ?? '')}</a>`)
    .join(' · ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(data.title)}</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(data.title)}</h1><p class="meta">${escapeHtml(meta.join(' · '))} · ${data.clusters.length} clusters, ${data.rows.length} projects and wrappers</p></header>
<nav aria-label="Sections">${nav}</nav>
<main>
<noscript><p>This report draws its matrix and clusters table with its inline script: allow scripts for this file.</p></noscript>
${MATRIX}
${CLUSTERS}
${extra.map(sectionHtml).join('\n')}
</main>
<script type="application/json" id="vzmc-data">${scriptSafeJson(data)}</script>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}

/**
 * The report of a fleet: {@link reportData}, then {@link renderReport}.
 *
 * @example
 * await writeFile('fleet.html', fleetReport(fleet, { title: 'production' }));
 */
export function fleetReport(fleet: Fleet, options: ReportOptions & ReportSections = {}): string {
  return renderReport(reportData(fleet, options), options.impact ? { impact: options.impact } : {});
}
