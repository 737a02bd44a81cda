/**
 * The script and styles of the report page, as strings. The script reads the embedded JSON (see
 * model.ts) and renders only what is on screen: a grid whose rows and columns are virtualised, with
 * projects folded into one aggregate row each when the fleet is large. `VZMC` holds the pure part
 * (a cell's explanation and status from the data), which the unit tests run in Node; the rest runs
 * only in a browser.
 */

/** The pure decoding, shared by the page and the tests. No DOM. */
const DECODE = String.raw`
var VZMC = (function () {
  'use strict';
  function str(data, i) { return i < 0 ? '' : data.strings[i]; }
  function has(sorted, v) {
    var lo = 0, hi = sorted.length - 1;
    while (lo <= hi) { var mid = (lo + hi) >> 1; if (sorted[mid] === v) return true; if (sorted[mid] < v) lo = mid + 1; else hi = mid - 1; }
    return false;
  }
  function explanationIndex(row, col) {
    for (var i = 0; i < row.x.length; i += 2) if (row.x[i] === col) return row.x[i + 1];
    return row.d;
  }
  /** The failing gates of a cell: [] when placed. */
  function explain(data, r, col) {
    var row = data.rows[r];
    if (has(row.p, col)) return { placed: true, gates: [] };
    var e = data.expl[explanationIndex(row, col)] || [];
    var gates = [];
    for (var i = 0; i < e.length; i += 4)
      gates.push({ gate: data.gates[e[i]], ruleId: str(data, e[i + 1]), detail: str(data, e[i + 2]) + (e[i + 3] ? data.clusters[col].name : '') });
    return { placed: false, gates: gates };
  }
  /** The status entry a row carries for a cluster, or null. */
  function status(data, r, col) {
    var s = data.rows[r].s;
    for (var i = 0; i < s.length; i += 4)
      if (s[i] === col) return { state: str(data, s[i + 1]), message: str(data, s[i + 2]), time: str(data, s[i + 3]) };
    return null;
  }
  return { explain: explain, status: status, has: has, str: str };
})();
`;

/** The page: grid, tooltip, keyboard, clusters table, print table. */
const PAGE = String.raw`
(function () {
  'use strict';
  if (typeof document === 'undefined') return;
  var t0 = performance.now();
  var data = JSON.parse(document.getElementById('vzmc-data').textContent);
  var RH = 28, CW = 104, NC = data.clusters.length;
  var $ = function (id) { return document.getElementById(id); };
  var body = $('grid-body'), bodySizer = $('grid-body-sizer'), colhead = $('grid-colhead'), rowhead = $('grid-rowhead');
  var tip = $('tip');
  var esc = function (s) { return String(s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); };
  var expanded = new Uint8Array(data.groups.length);
  var disp = [];
  var active = { d: 0, c: 0 };
  var counts = [];
  if (data.rows.length <= 400) expanded.fill(1);

  function rebuild() {
    disp = [];
    data.groups.forEach(function (g, gi) {
      disp.push(-1 - gi);
      if (expanded[gi]) for (var r = g.start; r < g.end; r++) disp.push(r);
    });
    body.setAttribute('aria-rowcount', String(disp.length));
    body.setAttribute('aria-colcount', String(NC));
    bodySizer.style.height = disp.length * RH + 'px';
    bodySizer.style.width = NC * CW + 'px';
    rowhead.firstChild.style.height = disp.length * RH + 'px';
    colhead.firstChild.style.width = NC * CW + 'px';
    var fit = Math.min(disp.length * RH + 18, Math.max(120, Math.floor(window.innerHeight * 0.6)));
    body.parentNode.style.gridTemplateRows = '32px ' + fit + 'px';
    if (active.d >= disp.length) active.d = disp.length - 1;
    $('summary').textContent = data.rows.length + ' resources in ' + data.groups.length + ' groups on ' + NC + ' clusters; ' + (disp.length - data.groups.length) + ' resource rows shown';
  }

  function groupCounts(gi) {
    if (counts[gi]) return counts[gi];
    var g = data.groups[gi], placed = new Int32Array(NC), failed = new Int32Array(NC);
    for (var r = g.start; r < g.end; r++) {
      var row = data.rows[r];
      for (var i = 0; i < row.p.length; i++) placed[row.p[i]]++;
      for (var j = 0; j < row.s.length; j += 4) if (VZMC.str(data, row.s[j + 1]) === 'Failed') failed[row.s[j]]++;
    }
    return (counts[gi] = { placed: placed, failed: failed });
  }

  function rowName(r) {
    var row = data.rows[r];
    return data.short[row.k] + ' ' + row.ns + '/' + row.n;
  }

  /** Class, text and label of a cell. */
  function cell(d, c) {
    var item = disp[d], cluster = data.clusters[c].name;
    if (item < 0) {
      var gi = -1 - item, g = data.groups[gi], n = g.end - g.start, k = groupCounts(gi);
      var p = k.placed[c], f = k.failed[c];
      var cls = f > 0 ? 'fail' : p === n ? 'ok' : p === 0 ? 'no' : 'part';
      var text = (f > 0 ? '! ' : '') + p + '/' + n;
      return { cls: cls, text: text, label: 'project ' + g.name + ' on ' + cluster + ': ' + p + ' of ' + n + ' placed' + (f > 0 ? ', ' + f + ' failed' : '') };
    }
    var e = VZMC.explain(data, item, c), s = VZMC.status(data, item, c);
    var what = rowName(item) + ' on ' + cluster + ': ';
    if (!e.placed) {
      var first = e.gates[0] || { gate: '', ruleId: '' };
      return { cls: 'no', text: '✗ ' + first.ruleId, label: what + 'not placed, ' + first.gate + ' fails (' + first.ruleId + ')' };
    }
    if (s && s.state === 'Failed') return { cls: 'fail', text: '! failed', label: what + 'placed, status Failed' };
    if (s && s.state === 'Pending') return { cls: 'part', text: '… pending', label: what + 'placed, status Pending' };
    return { cls: 'ok', text: s ? '✓ ' + s.state.toLowerCase() : '✓', label: what + 'placed' + (s ? ', status ' + s.state : '') };
  }

  function cellHtml(d, c) {
    var x = cell(d, c), on = d === active.d && c === active.c;
    return '<div role="gridcell" id="cell-' + d + '-' + c + '" class="cell ' + x.cls + '" aria-colindex="' + (c + 1) +
      '" tabindex="' + (on ? '0' : '-1') + '" aria-describedby="tip" aria-label="' + esc(x.label) + '" data-d="' + d + '" data-c="' + c +
      '" style="left:' + c * CW + 'px">' + esc(x.text) + '</div>';
  }

  function render() {
    var hadFocus = body.contains(document.activeElement);
    var top = body.scrollTop, left = body.scrollLeft;
    var d0 = Math.max(0, Math.floor(top / RH) - 2), d1 = Math.min(disp.length, Math.ceil((top + body.clientHeight) / RH) + 2);
    var c0 = Math.max(0, Math.floor(left / CW) - 1), c1 = Math.min(NC, Math.ceil((left + body.clientWidth) / CW) + 1);
    var out = [], heads = [], cols = [];
    var rows = [];
    for (var d = d0; d < d1; d++) rows.push(d);
    if (active.d < d0 || active.d >= d1) rows.push(active.d);
    rows.forEach(function (d) {
      var cells = [];
      for (var c = c0; c < c1; c++) cells.push(cellHtml(d, c));
      if (d === active.d && (active.c < c0 || active.c >= c1)) cells.push(cellHtml(d, active.c));
      out.push('<div role="row" aria-rowindex="' + (d + 1) + '" class="row' + (disp[d] < 0 ? ' group' : '') + '" style="top:' + d * RH + 'px">' + cells.join('') + '</div>');
      heads.push(rowHeadHtml(d));
    });
    for (var c = c0; c < c1; c++)
      cols.push('<div class="colname" style="left:' + c * CW + 'px" title="' + esc(data.clusters[c].name) + '">' + esc(data.clusters[c].name) + '</div>');
    bodySizer.innerHTML = out.join('');
    rowhead.firstChild.innerHTML = heads.join('');
    colhead.firstChild.innerHTML = cols.join('');
    rowhead.scrollTop = top;
    colhead.scrollLeft = left;
    if (hadFocus) focusActive();
  }

  function rowHeadHtml(d) {
    var item = disp[d], style = ' style="top:' + d * RH + 'px"';
    if (item < 0) {
      var gi = -1 - item, g = data.groups[gi];
      return '<div class="rowname group" data-g="' + gi + '"' + style + '>' + (expanded[gi] ? '▾ ' : '▸ ') + esc(g.name) + ' <span class="n">(' + (g.end - g.start) + ')</span></div>';
    }
    return '<div class="rowname"' + style + ' title="' + esc(data.kinds[data.rows[item].k] + ' ' + data.rows[item].ns + '/' + data.rows[item].n) + '">' + esc(rowName(item)) + '</div>';
  }

  var scheduled = false;
  body.addEventListener('scroll', function () {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(function () { scheduled = false; render(); });
  });

  function focusActive() {
    var el = $('cell-' + active.d + '-' + active.c);
    if (el) el.focus({ preventScroll: true });
  }

  function reveal() {
    var y = active.d * RH, x = active.c * CW;
    if (y < body.scrollTop) body.scrollTop = y;
    else if (y + RH > body.scrollTop + body.clientHeight) body.scrollTop = y + RH - body.clientHeight;
    if (x < body.scrollLeft) body.scrollLeft = x;
    else if (x + CW > body.scrollLeft + body.clientWidth) body.scrollLeft = x + CW - body.clientWidth;
  }

  function moveTo(d, c) {
    active = { d: Math.max(0, Math.min(disp.length - 1, d)), c: Math.max(0, Math.min(NC - 1, c)) };
    reveal();
    render();
    focusActive();
  }

  function toggle(gi) {
    var item = disp[active.d];
    expanded[gi] = expanded[gi] ? 0 : 1;
    rebuild();
    var at = disp.indexOf(item);
    active.d = at < 0 ? disp.indexOf(-1 - gi) : at;
    render();
  }

  function setAll(open) {
    var item = disp[active.d];
    expanded.fill(open ? 1 : 0);
    rebuild();
    var at = disp.indexOf(item);
    active.d = at >= 0 ? at : Math.max(0, disp.indexOf(-1 - groupOfRow(item)));
    render();
  }

  function groupOfRow(r) {
    if (r < 0) return -1 - r;
    for (var gi = 0; gi < data.groups.length; gi++) if (r < data.groups[gi].end) return gi;
    return 0;
  }

  body.addEventListener('keydown', function (ev) {
    var page = Math.max(1, Math.floor(body.clientHeight / RH) - 1);
    var k = ev.key, d = active.d, c = active.c;
    if (k === 'ArrowDown') moveTo(d + 1, c);
    else if (k === 'ArrowUp') moveTo(d - 1, c);
    else if (k === 'ArrowRight') moveTo(d, c + 1);
    else if (k === 'ArrowLeft') moveTo(d, c - 1);
    else if (k === 'PageDown') moveTo(d + page, c);
    else if (k === 'PageUp') moveTo(d - page, c);
    else if (k === 'Home') moveTo(ev.ctrlKey ? 0 : d, 0);
    else if (k === 'End') moveTo(ev.ctrlKey ? disp.length - 1 : d, NC - 1);
    else if ((k === 'Enter' || k === ' ') && disp[d] < 0) { toggle(-1 - disp[d]); focusActive(); }
    else if (k === 'Escape') { hideTip(); return; }
    else return;
    ev.preventDefault();
  });

  body.addEventListener('focusin', function (ev) {
    var el = ev.target;
    if (!el.dataset || el.dataset.d === undefined) return;
    var d = Number(el.dataset.d), c = Number(el.dataset.c);
    if (d !== active.d || c !== active.c) {
      var old = $('cell-' + active.d + '-' + active.c);
      if (old) old.tabIndex = -1;
      active = { d: d, c: c };
      el.tabIndex = 0;
    }
    showTip(el);
  });
  body.addEventListener('focusout', function () { hideTip(); });
  body.addEventListener('mouseover', function (ev) {
    var el = ev.target.closest ? ev.target.closest('.cell') : null;
    if (el) showTip(el);
  });
  body.addEventListener('mouseleave', function () {
    if (body.contains(document.activeElement)) showTip(document.activeElement);
    else hideTip();
  });
  body.addEventListener('click', function (ev) {
    var el = ev.target.closest ? ev.target.closest('.cell') : null;
    if (!el) return;
    var d = Number(el.dataset.d);
    active = { d: d, c: Number(el.dataset.c) };
    if (disp[d] < 0) toggle(-1 - disp[d]);
    focusActive();
  });
  rowhead.addEventListener('click', function (ev) {
    var el = ev.target.closest ? ev.target.closest('.rowname.group') : null;
    if (el) toggle(Number(el.dataset.g));
  });
  $('expand-all').addEventListener('click', function () { setAll(true); });
  $('collapse-all').addEventListener('click', function () { setAll(false); });

  function tipHtml(d, c) {
    var item = disp[d], cluster = data.clusters[c].name;
    if (item < 0) {
      var gi = -1 - item, g = data.groups[gi], lines = [], shown = 0;
      for (var r = g.start; r < g.end && shown < 6; r++) {
        var e = VZMC.explain(data, r, c);
        if (e.placed) continue;
        shown++;
        lines.push('<li><span class="sym">✗</span> ' + esc(rowName(r)) + ': ' + esc(e.gates[0].gate) + ' (' + esc(e.gates[0].ruleId) + ')</li>');
      }
      return '<strong>' + esc(cell(d, c).label) + '</strong>' + (lines.length ? '<ul>' + lines.join('') + '</ul>' : '') +
        '<p class="hint">Enter ' + (expanded[gi] ? 'folds' : 'unfolds') + ' the project.</p>';
    }
    var x = VZMC.explain(data, item, c), s = VZMC.status(data, item, c);
    var head = '<strong>' + esc(data.kinds[data.rows[item].k] + ' ' + data.rows[item].ns + '/' + data.rows[item].n) + '</strong> on <strong>' + esc(cluster) + '</strong>';
    var gates = x.placed
      ? '<p class="gate ok"><span class="sym">✓</span> placed: every gate holds</p>'
      : x.gates.map(function (g) {
          return '<p class="gate no"><span class="sym">✗</span> <span class="gname">' + esc(g.gate) + '</span> <span class="rule">' + esc(g.ruleId) + '</span>: <span class="detail">' + esc(g.detail) + '</span></p>';
        }).join('');
    var st = s ? '<p class="status">status: ' + esc(s.state) + (s.message ? ' — ' + esc(s.message) : '') + (s.time ? ' (' + esc(s.time) + ')' : '') + '</p>' : '';
    return head + gates + st;
  }

  function showTip(el) {
    tip.innerHTML = tipHtml(Number(el.dataset.d), Number(el.dataset.c));
    tip.hidden = false;
    var r = el.getBoundingClientRect(), w = tip.offsetWidth, h = tip.offsetHeight;
    var x = Math.min(Math.max(4, r.left), window.innerWidth - w - 4);
    var y = r.bottom + 4 + h > window.innerHeight ? Math.max(4, r.top - h - 4) : r.bottom + 4;
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  }
  function hideTip() { tip.hidden = true; }

  function clustersTable() {
    var placed = new Int32Array(NC), states = {};
    data.rows.forEach(function (row) {
      for (var i = 0; i < row.p.length; i++) placed[row.p[i]]++;
      for (var j = 0; j < row.s.length; j += 4) {
        var key = row.s[j] + ':' + VZMC.str(data, row.s[j + 1]);
        states[key] = (states[key] || 0) + 1;
      }
    });
    var html = data.clusters.map(function (cl, c) {
      var st = ['Succeeded', 'Pending', 'Failed'].map(function (s) { return states[c + ':' + s] ? states[c + ':' + s] + ' ' + s : ''; }).filter(Boolean).join(', ');
      return '<tr><th scope="row">' + esc(cl.name) + '</th><td>' + esc(VZMC.str(data, cl.state) || (cl.name === 'local' ? 'admin' : 'unknown')) + '</td><td>' +
        esc(VZMC.str(data, cl.contact) || '—') + '</td><td>' + placed[c] + '</td><td>' + esc(st || '—') + '</td></tr>';
    });
    $('clusters-body').innerHTML = html.join('');
  }

  function printTable() {
    if ($('print-matrix').dataset.built) return;
    var limit = Math.min(NC, 40), head = [];
    for (var c = 0; c < limit; c++) head.push('<th scope="col">' + esc(data.clusters[c].name) + '</th>');
    var saved = disp, rows = [];
    disp = [];
    data.groups.forEach(function (g, gi) { disp.push(-1 - gi); if (data.rows.length <= 2000) for (var r = g.start; r < g.end; r++) disp.push(r); });
    for (var d = 0; d < disp.length; d++) {
      var cells = [];
      for (var k = 0; k < limit; k++) { var x = cell(d, k); cells.push('<td class="' + x.cls + '">' + esc(x.text) + '</td>'); }
      var name = disp[d] < 0 ? data.groups[-1 - disp[d]].name : rowName(disp[d]);
      rows.push('<tr' + (disp[d] < 0 ? ' class="group"' : '') + '><th scope="row">' + esc(name) + '</th>' + cells.join('') + '</tr>');
    }
    disp = saved;
    $('print-matrix').innerHTML = '<table><caption>Placement matrix' + (NC > limit ? ' (first ' + limit + ' of ' + NC + ' clusters)' : '') +
      '</caption><thead><tr><th scope="col">Project / resource</th>' + head.join('') + '</tr></thead><tbody>' + rows.join('') + '</tbody></table>';
    $('print-matrix').dataset.built = '1';
  }
  window.addEventListener('beforeprint', printTable);

  rebuild();
  render();
  document.body.dataset.ready = 'true';
  window.vzmcReport = { scriptMs: performance.now() - t0, readyAt: performance.now(), printTable: printTable };
  setTimeout(clustersTable, 0);
})();
`;

/** The report's script: the decoder, then the page. */
export const REPORT_SCRIPT = `${DECODE}${PAGE}`;

/** The report's styles, screen and print. */
export const REPORT_STYLE = String.raw`
:root { --ok: #d7f0da; --no: #eceff1; --part: #fff0bf; --fail: #f9d0d4; --line: #c7ccd1; --ink: #1b1f24; --muted: #56606b; --focus: #0b57d0; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
header, nav, main { padding: 0 16px; }
h1 { font-size: 20px; margin: 12px 0 4px; }
h2 { font-size: 16px; margin: 16px 0 6px; }
.meta, .help, .legend { color: var(--muted); margin: 4px 0; }
.legend span { display: inline-block; padding: 0 6px; margin-right: 6px; border: 1px solid var(--line); }
.controls { margin: 6px 0; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
button { font: inherit; padding: 2px 10px; }
.grid { display: grid; grid-template-columns: 300px 1fr; grid-template-rows: 32px minmax(120px, 60vh); border: 1px solid var(--line); }
.corner { padding: 6px 8px; font-weight: 600; border-right: 1px solid var(--line); border-bottom: 1px solid var(--line); background: #f6f8fa; }
.colhead, .rowhead { overflow: hidden; position: relative; background: #f6f8fa; }
.colhead { border-bottom: 1px solid var(--line); }
.rowhead { border-right: 1px solid var(--line); }
.colhead > div, .rowhead > div, .body > div { position: relative; }
.rowhead > div { width: 100%; }
.colhead > div { height: 100%; }
.body { overflow: auto; position: relative; outline: none; }
.colname { position: absolute; top: 0; width: 104px; height: 32px; padding: 6px 6px; font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; border-right: 1px solid var(--line); }
.rowname { position: absolute; left: 0; right: 0; height: 28px; padding: 4px 8px 4px 22px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; border-bottom: 1px solid #eef0f2; }
.rowname.group { padding-left: 8px; font-weight: 600; cursor: pointer; background: #eef2f6; }
.rowname .n { color: var(--muted); font-weight: 400; }
.row { position: absolute; left: 0; height: 28px; }
.cell { position: absolute; top: 0; width: 104px; height: 28px; padding: 4px 6px; border-right: 1px solid #fff; border-bottom: 1px solid #fff; white-space: nowrap; overflow: hidden; cursor: default; }
.row.group .cell { font-weight: 600; cursor: pointer; }
.cell:focus { outline: 3px solid var(--focus); outline-offset: -3px; }
.ok { background: var(--ok); } .no { background: var(--no); color: #3d4650; } .part { background: var(--part); } .fail { background: var(--fail); }
#tip { position: fixed; z-index: 10; max-width: 480px; padding: 8px 10px; background: #fff; border: 1px solid #8a949e; box-shadow: 0 2px 8px rgba(0,0,0,.2); pointer-events: none; }
#tip p, #tip ul { margin: 4px 0; } #tip ul { padding-left: 16px; }
#tip .rule { font-weight: 600; } #tip .gname { font-family: ui-monospace, monospace; }
#tip .hint { color: var(--muted); }
table { border-collapse: collapse; }
caption { text-align: left; color: var(--muted); padding: 2px 0; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; }
thead th { background: #f6f8fa; }
.print-only { display: none; }
@media print {
  .grid, .controls, #tip, .help, nav, noscript { display: none !important; }
  .print-only { display: block; }
  body { font-size: 10px; }
  td, th { padding: 1px 4px; }
  td.ok, td.no, td.part, td.fail { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  tr.group th { font-weight: 700; }
  section { break-inside: auto; }
}
`;
