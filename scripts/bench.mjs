#!/usr/bin/env node
// Runs every benchmark in bench/ (or those whose name contains an argument), each in its own
// process, and prints each figure beside its baseline from the same run.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const filters = process.argv.slice(2);
const benches = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
const results = [];
let failed = false;
for (const file of benches) {
  console.log(`\n▶ ${file}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join('bench', file)], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: process.env,
  });
  for (const line of run.stdout.split('\n')) {
    if (line.startsWith('BENCH_JSON ')) results.push(JSON.parse(line.slice('BENCH_JSON '.length)));
    else if (line !== '') console.log(line);
  }
  if (run.status !== 0) {
    failed = true;
    console.log(`✖ ${file} exited with ${run.status}`);
  }
}
console.log('\nSummary');
for (const r of results)
  console.log(`  ${r.met ? '✓' : '✗'} ${r.bench}: ${r.figure} | baseline ${r.baseline}`);
process.exitCode = failed ? 1 : 0;
