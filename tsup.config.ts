import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

/** The package's entry points (package.json "exports"), by output name: vzmc, vzmc/agent, … */
const ENTRIES = {
  index: 'src/index.ts',
  agent: 'src/agent-entry.ts',
  memory: 'src/memory.ts',
  k8s: 'src/k8s.ts',
  testing: 'src/testing.ts',
};

export default defineConfig({
  entry: {
    ...ENTRIES,
    cli: 'src/cli/main.ts',
  },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: { entry: ENTRIES },
  define: { __VZMC_VERSION__: JSON.stringify(version) },
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
});
