import type { Command } from 'commander';
import { knownClusters } from '../../placement/fleet.js';
import { explainPlacement, type PlacedResource, type PlacementDecision } from '../../placement/explain.js';
import { referenceWarnings } from '../../placement/dependents.js';
import { formatIssue } from '../../types/issues.js';
import { KINDS } from '../../types/kinds.js';
import { loadFleet } from '../fleet.js';
import { CliError, outputFormat, type CliIo } from '../io.js';

/** Resolves `KIND/NS/NAME`, accepting kind names, plurals and short names in any case. */
export function parseResourceRef(value: string): { kind: string; namespace: string; name: string } {
  const parts = value.split('/');
  if (parts.length !== 3 || parts.some((p) => p === '')) {
    throw new CliError(`--resource must be KIND/NAMESPACE/NAME, got "${value}"`);
  }
  const [kindText = '', namespace = '', name = ''] = parts;
  const wanted = kindText.toLowerCase();
  const info = Object.values(KINDS).find(
    (k) =>
      k.kind.toLowerCase() === wanted ||
      k.plural === wanted ||
      k.singular === wanted ||
      k.shortNames.includes(wanted),
  );
  if (!info) throw new CliError(`unknown kind "${kindText}" in --resource`);
  return { kind: info.kind, namespace, name };
}

/** The JSON document of `vzmc explain -o json`. */
export function explainJson(clusters: readonly string[], decisions: readonly PlacementDecision[]): unknown {
  return {
    clusters,
    decisions: decisions.map((d) => ({
      kind: d.kind,
      namespace: d.namespace,
      name: d.name,
      cluster: d.cluster,
      placed: d.placed,
      gates: d.gates.map((g) => ({ gate: g.gate, ok: g.ok, detail: g.detail })),
    })),
  };
}

/** The text table: one row per resource, one column per cluster, ✓ or ✗ with the first failing gate. */
export function explainTable(
  clusters: readonly string[],
  resources: readonly PlacedResource[],
  decisions: readonly PlacementDecision[],
): string {
  const rows = resources.map((r) => `${r.kind} ${r.metadata.namespace ?? ''}/${r.metadata.name ?? ''}`);
  const cell = (d: PlacementDecision | undefined) => {
    if (!d) return '';
    if (d.placed) return '✓';
    return `✗ ${d.gates.find((g) => !g.ok)?.gate ?? ''}`;
  };
  const table = [['RESOURCE', ...clusters]];
  resources.forEach((_, i) => {
    table.push([rows[i] ?? '', ...clusters.map((_c, j) => cell(decisions[i * clusters.length + j]))]);
  });
  const widths = table[0]!.map((_, col) => Math.max(...table.map((row) => (row[col] ?? '').length)));
  return (
    table
      .map((row) =>
        row
          .map((c, i) => c.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

/** `vzmc explain`. */
export function registerExplain(program: Command, io: CliIo): void {
  program
    .command('explain')
    .summary('show which cluster gets which project or wrapper, and why not')
    .description(
      'Evaluates the four placement gates (cluster-registered, project-membership, project-placement, ' +
        'resource-placement) for every VerrazzanoProject and MC wrapper on every known cluster (the VMC names and local).',
    )
    .requiredOption('-f, --file <path...>', 'the admin fleet: files, directories or - for stdin')
    .option('--cluster <name>', 'only this cluster')
    .option(
      '--resource <kind/namespace/name>',
      'only this resource, e.g. mcappconf/hello-helidon/hello-helidon',
    )
    .option('-o, --output <format>', 'text or json', 'text')
    .addHelpText(
      'after',
      '\nExamples:\n  vzmc explain -f examples/hello-helidon -f examples/vmc-managed1.yaml\n  vzmc explain -f fleet/ --resource mcappconf/hello-helidon/hello-helidon --cluster managed1 -o json\n',
    )
    .action(async (options: { file: string[]; cluster?: string; resource?: string; output: string }) => {
      const format = outputFormat(options.output, ['text', 'json'] as const);
      const { fleet } = await loadFleet(options.file, io);
      const clusters = options.cluster ? [options.cluster] : knownClusters(fleet);
      let resources: PlacedResource[] = [...fleet.projects, ...fleet.wrappers];
      if (options.resource) {
        const ref = parseResourceRef(options.resource);
        resources = resources.filter(
          (r) =>
            r.kind === ref.kind && r.metadata.namespace === ref.namespace && r.metadata.name === ref.name,
        );
        if (resources.length === 0)
          throw new CliError(`no ${ref.kind} ${ref.namespace}/${ref.name} in the fleet`);
      }
      resources.sort((a, b) => {
        const ka = `${a.kind === 'VerrazzanoProject' ? 0 : 1}/${a.metadata.namespace ?? ''}/${a.metadata.name ?? ''}/${a.kind}`;
        const kb = `${b.kind === 'VerrazzanoProject' ? 0 : 1}/${b.metadata.namespace ?? ''}/${b.metadata.name ?? ''}/${b.kind}`;
        return ka < kb ? -1 : ka > kb ? 1 : 0;
      });
      const decisions = resources.flatMap((r) => clusters.map((c) => explainPlacement(fleet, r, c)));
      if (format === 'json') {
        io.stdout.write(`${JSON.stringify(explainJson(clusters, decisions), null, 2)}\n`);
        return;
      }
      io.stdout.write(explainTable(clusters, resources, decisions));
      if (options.resource || options.cluster) {
        for (const d of decisions.filter((x) => !x.placed)) {
          io.stdout.write(`\n${d.kind} ${d.namespace}/${d.name} on ${d.cluster}:\n`);
          for (const g of d.gates)
            io.stdout.write(`  ${g.ok ? '✓' : '✗'} ${g.gate.padEnd(19)} ${g.detail} (${g.ruleId})\n`);
        }
      }
      for (const warning of referenceWarnings(fleet)) io.stderr.write(`${formatIssue(warning)}\n`);
    });
}
