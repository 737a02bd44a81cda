/**
 * The impact of a change (`vzmc impact`'s data) as a report section: the totals first, then one table
 * per touched cluster, deletes marked with what the delete guard does with them. Names, rules,
 * reasons and field paths only: an {@link Impact} holds no value, so no Secret data can reach the page.
 */
import type { ClusterImpact, Impact, ImpactObject, ImpactTotals } from '../impact/types.js';
import type { ReportSection, ReportTable } from './model.js';

const totalsText = (t: ImpactTotals): string =>
  `${t.appear} appear, ${t.disappear} disappear, ${t.change} change; ${t.deletes} delete${t.deletes === 1 ? '' : 's'}` +
  `${t.blocked > 0 ? ` (${t.blocked} blocked by the delete guard)` : ''}, ${t.kept} kept`;

const objectName = (o: ImpactObject): string =>
  `${o.kind} ${o.namespace === '' ? o.name : `${o.namespace}/${o.name}`}`;

function why(o: ImpactObject): string {
  const parts = [...o.reasons];
  if (o.fields.length > 0) parts.push(`fields: ${o.fields.join(', ')}`);
  if (o.kept) parts.push(`kept (${o.kept.ruleId}): ${o.kept.reason}`);
  return parts.join('; ');
}

function guardText(o: ImpactObject): string {
  if (!o.guard) return '';
  return o.guard.verdict === 'runs' ? 'runs' : `blocked: ${o.guard.reason ?? 'the delete guard'}`;
}

function clusterTable(c: ClusterImpact): ReportTable {
  return {
    caption: `${c.cluster}: ${totalsText(c.totals)}`,
    columns: ['Change', 'Action', 'Object', 'Rule', 'Why', 'Delete guard'],
    rows: c.objects.map((o) => [
      o.action === 'delete' ? `${o.change} (DELETE)` : o.change,
      o.action,
      objectName(o),
      o.ruleId,
      why(o),
      guardText(o),
    ]),
  };
}

/**
 * The report section of an impact.
 *
 * @example
 * fleetReport(after, { impact: impactSection(impactOf(before, after)) });
 */
export function impactSection(impact: Impact): ReportSection {
  const touched = impact.clusters.filter((c) => c.objects.length > 0);
  return {
    id: 'impact',
    title: 'Impact of the change',
    summary:
      touched.length === 0
        ? 'The change touches no cluster.'
        : `${totalsText(impact.totals)}, on ${touched.length} cluster${touched.length === 1 ? '' : 's'}: ${impact.touched.join(', ')}.`,
    tables: touched.map(clusterTable),
  };
}
