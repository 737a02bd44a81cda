/**
 * Issue #2 goal: load and validate 10,000 MC resources (about 30 MB of YAML) in under 2 s, with
 * peak memory under 10× the input size. Baseline: js-yaml's own loadAll of the same text (parse
 * only: no kubectl scalar semantics, no positions, no validation).
 *
 * Run: npm run bench -- load-validate
 */
import { loadAll } from 'js-yaml';
import { loadText } from '../src/manifest/index.js';
import { validateManifests } from '../src/validation/index.js';
import { mcResourcesYaml } from './fixtures.js';
import { loadAverage, mb, medianMs, peakRssBytes, report } from './harness.js';

const mode = process.argv[2] ?? 'figure';
const text = mcResourcesYaml(10_000);
const bytes = Buffer.byteLength(text);
const registered = Array.from({ length: 20 }, (_, i) => `managed${i + 1}`);

if (mode === 'memory') {
  // Measured in its own process, so that the baseline's allocations do not count.
  const before = process.memoryUsage().rss;
  const result = validateManifests(loadText(text, 'bench.yaml'), { registeredClusters: registered });
  if (!result.valid) throw new Error('the benchmark input must be valid');
  console.log(JSON.stringify({ peak: peakRssBytes(), before }));
} else {
  const load = await loadAverage();
  let objects = 0;
  const figure = await medianMs(() => {
    const report = validateManifests(loadText(text, 'bench.yaml'), { registeredClusters: registered });
    if (!report.valid) throw new Error('the benchmark input must be valid');
    objects = report.objects;
  }, 3);
  const baseline = await medianMs(() => loadAll(text), 3);
  const { execFileSync } = await import('node:child_process');
  const memory = JSON.parse(
    execFileSync(process.execPath, [...process.execArgv, process.argv[1]!, 'memory'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .at(-1)!,
  ) as { peak: number };
  report({
    bench: `load + validate ${objects} MC resources (${mb(bytes)} of YAML)`,
    figure: `${figure.toFixed(0)} ms (${(bytes / 1024 / 1024 / (figure / 1000)).toFixed(1)} MB/s), peak RSS ${mb(memory.peak)} (${(memory.peak / bytes).toFixed(1)}× input); load ${load}`,
    baseline: `${baseline.toFixed(0)} ms for js-yaml loadAll alone (parse only)`,
    goal: '< 2000 ms and peak memory < 10× input',
    met: figure < 2000 && memory.peak < 10 * bytes,
  });
}
