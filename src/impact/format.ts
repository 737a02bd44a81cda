/**
 * An impact as text (for a terminal) and as markdown (for a pull-request comment). Both show
 * totals first and deletes marked; neither shows a value, so no Secret data (the impact holds
 * field paths only).
 */
import {
  ImpactAction,
  type ClusterImpact,
  type Impact,
  type ImpactObject,
  type ImpactTotals,
} from './types.js';

/** Options for {@link formatImpact}. */
export interface FormatImpactOptions {
  /** ANSI colours (a terminal that wants them). Default false. */
  readonly color?: boolean;
}

const ANSI = { red: '31', green: '32', yellow: '33', dim: '2', bold: '1' } as const;
type Colour = keyof typeof ANSI;

const ref = (o: ImpactObject) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `3 appear, 2 disappear, 1 change, 2 deletes (1 blocked), 1 kept` (zero counts left out). */
export function totalsLine(t: ImpactTotals): string {
  const parts = [
    t.appear ? `${t.appear} appear` : '',
    t.disappear ? `${t.disappear} disappear` : '',
    t.change ? `${t.change} change` : '',
    t.deletes
      ? `${plural(t.deletes, 'delete')}${t.blocked ? ` (${t.blocked} blocked by the delete guard)` : ''}`
      : '',
    t.kept ? `${t.kept} left as is` : '',
  ].filter((p) => p !== '');
  return parts.length === 0 ? 'no change' : parts.join(', ');
}

/** The verb and marker of an object: `+ create`, `~ update`, `- delete`, `! delete (blocked)`, `= keep`. */
function verbOf(o: ImpactObject): { mark: string; verb: string; colour: Colour } {
  if (o.action === ImpactAction.Create) return { mark: '+', verb: 'create', colour: 'green' };
  if (o.action === ImpactAction.Update) return { mark: '~', verb: 'update', colour: 'yellow' };
  if (o.action === ImpactAction.Delete)
    return o.guard?.verdict === 'blocked'
      ? { mark: '!', verb: 'delete (blocked)', colour: 'red' }
      : { mark: '-', verb: 'delete', colour: 'red' };
  return { mark: '=', verb: `keep (${o.change})`, colour: 'dim' };
}

/** The guard's verdict on a cluster, in one phrase. */
export function guardLine(c: ClusterImpact): string {
  const g = c.guard;
  if (g.deletes === 0) return 'no deletes';
  const numbers = `${plural(g.deletes, 'delete')} of ${g.managed} managed objects, window budget ${g.windowBudget}`;
  return g.tripped ? `BLOCKS the deletes (${numbers})` : `lets the deletes run (${numbers})`;
}

/**
 * The impact for a terminal: the totals, then per cluster its totals, the guard's verdict and one
 * line per object with its reasons and changed field paths beneath.
 *
 * @example
 * console.log(formatImpact(impactOf(before, after)));
 * // Impact on 2 of 3 clusters: 7 appear, 7 disappear, 5 deletes, 2 left as is
 */
export function formatImpact(impact: Impact, options: FormatImpactOptions = {}): string {
  const paint = (text: string, colour: Colour) =>
    options.color ? `\u001b[${ANSI[colour]}m${text}\u001b[0m` : text;
  const lines = [
    paint(
      `Impact on ${impact.touched.length} of ${plural(impact.clusters.length, 'cluster')}: ${totalsLine(impact.totals)}`,
      'bold',
    ),
  ];
  for (const c of impact.clusters) {
    lines.push('', paint(`${c.cluster}: ${totalsLine(c.totals)}`, 'bold'));
    if (c.totals.deletes > 0) lines.push(`  delete guard: ${guardLine(c)}`);
    for (const o of c.objects) {
      const { mark, verb, colour } = verbOf(o);
      lines.push(paint(`  ${mark} ${verb} ${ref(o)}  [${o.ruleId}]`, colour));
      for (const reason of o.reasons) lines.push(`      ${reason}`);
      if (o.fields.length > 0) lines.push(`      fields: ${o.fields.join(', ')}`);
      if (o.kept) lines.push(`      left as is: ${o.kept.reason} (${o.kept.ruleId})`);
      if (o.guard?.reason) lines.push(paint(`      blocked: ${o.guard.reason}`, 'red'));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Options for {@link formatImpactMarkdown}. */
export interface FormatImpactMarkdownOptions {
  /** The heading. Default `vzmc impact`. */
  readonly title?: string;
  /** Objects listed per cluster before `… and N more`. Default 50, which keeps a comment far below GitHub's 65,536 characters on most changes. */
  readonly maxObjectsPerCluster?: number;
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function markdownVerb(o: ImpactObject): string {
  if (o.action === ImpactAction.Delete)
    return o.guard?.verdict === 'blocked' ? '⛔ **delete (blocked)**' : '🗑️ **delete**';
  if (o.action === ImpactAction.Create) return '➕ create';
  if (o.action === ImpactAction.Update) return '✏️ update';
  return `⏸️ keep (${o.change})`;
}

function markdownWhy(o: ImpactObject): string {
  const parts = [...o.reasons];
  if (o.fields.length > 0) parts.push(`fields: ${o.fields.map((f) => `\`${f}\``).join(', ')}`);
  if (o.kept) parts.push(`left as is: ${o.kept.reason} (${o.kept.ruleId})`);
  if (o.guard?.reason) parts.push(`**blocked:** ${o.guard.reason}`);
  return parts.map(cell).join('<br>');
}

function clusterSection(c: ClusterImpact, max: number): string[] {
  const deletes = c.totals.deletes > 0 ? ` — ⚠️ ${plural(c.totals.deletes, 'delete')}` : '';
  const lines = [
    `<details${c.totals.deletes > 0 ? ' open' : ''}><summary><b>${c.cluster}</b>: ${totalsLine(c.totals)}${deletes}</summary>`,
    '',
  ];
  if (c.totals.deletes > 0) lines.push(`Delete guard: ${guardLine(c)}.`, '');
  lines.push('| Action | Object | Rule | Why |', '|---|---|---|---|');
  for (const o of c.objects.slice(0, max))
    lines.push(`| ${markdownVerb(o)} | \`${cell(ref(o))}\` | ${o.ruleId} | ${markdownWhy(o)} |`);
  if (c.objects.length > max)
    lines.push('', `… and ${c.objects.length - max} more (run \`vzmc impact\` for all).`);
  lines.push('', '</details>');
  return lines;
}

/**
 * The impact as a pull-request comment: the totals and a table of clusters first, then one
 * collapsed `<details>` section per touched cluster (open when it deletes), deletes marked 🗑️.
 *
 * @example
 * writeFileSync('impact.md', formatImpactMarkdown(impactOf(before, after)));
 */
export function formatImpactMarkdown(impact: Impact, options: FormatImpactMarkdownOptions = {}): string {
  const max = options.maxObjectsPerCluster ?? 50;
  const t = impact.totals;
  const headline =
    impact.touched.length === 0
      ? 'No cluster changes.'
      : `**${impact.touched.length} of ${plural(impact.clusters.length, 'cluster')} change:** ${totalsLine(t)}.` +
        (t.deletes > 0 ? ` ⚠️ **${plural(t.deletes, 'delete')}.**` : '');
  const lines = [`### ${options.title ?? 'vzmc impact'}`, '', headline, ''];
  lines.push(
    '| Cluster | Appear | Disappear | Change | Deletes | Delete guard |',
    '|---|--:|--:|--:|--:|---|',
  );
  for (const c of impact.clusters) {
    const d = c.totals.deletes > 0 ? `**${c.totals.deletes}**` : '0';
    lines.push(
      `| ${c.cluster} | ${c.totals.appear} | ${c.totals.disappear} | ${c.totals.change} | ${d} | ${guardLine(c)} |`,
    );
  }
  for (const c of impact.clusters) if (c.objects.length > 0) lines.push('', ...clusterSection(c, max));
  return `${lines.join('\n')}\n`;
}
