/**
 * The agent's report in its cluster namespace (issue 13, the secure wiring): one condition per
 * wrapper or project placed on the cluster, keyed `<Kind>/<namespace>/<name>`. Its codec and merge
 * are shared by the agent, which writes it ({@link mergeReport}), and the planner, which reads it
 * back (`reportStatusActions` in src/sync-plan/cluster-report.ts). Pure.
 */
import type { Condition } from '../model/verrazzano.js';

/** A report's entries: `<Kind>/<namespace>/<name>` → the cluster's latest condition. */
export type ReportEntries = Readonly<Record<string, Condition>>;

/** The key of a resource in a report. */
export const reportKey = (kind: string, namespace: string, name: string): string =>
  `${kind}/${namespace}/${name}`;

/** Reads a report's JSON; anything that is not a report reads as empty. */
export function decodeReport(json: string | undefined): ReportEntries {
  try {
    const parsed = JSON.parse(json ?? '{}') as { entries?: unknown };
    const entries = parsed.entries;
    if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) return {};
    const out: Record<string, Condition> = {};
    for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
      const c = value as Partial<Condition> | null;
      if (c && typeof c.type === 'string' && typeof c.status === 'string') out[key] = c as Condition;
    }
    return out;
  } catch {
    return {};
  }
}

/** A report's JSON, keys sorted: the same entries give the same bytes. */
export function encodeReport(entries: ReportEntries): string {
  const sorted = Object.fromEntries(
    Object.keys(entries)
      .sort()
      .map((k) => [k, entries[k]]),
  );
  return JSON.stringify({ entries: sorted });
}

/**
 * The previous entries with this iteration's conditions written over them, less the keys that are no
 * longer placed on the cluster (`keep`).
 */
export function mergeReport(
  previous: ReportEntries,
  updates: ReadonlyMap<string, Condition>,
  keep: ReadonlySet<string>,
): ReportEntries {
  const out: Record<string, Condition> = {};
  for (const [key, condition] of Object.entries(previous)) if (keep.has(key)) out[key] = condition;
  for (const [key, condition] of updates) if (keep.has(key)) out[key] = condition;
  return out;
}
