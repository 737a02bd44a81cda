import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    k8s: 'src/k8s.ts',
    testing: 'src/testing.ts',
    cli: 'src/cli/main.ts',
  },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: { entry: { index: 'src/index.ts', k8s: 'src/k8s.ts', testing: 'src/testing.ts' } },
  define: { __VZMC_VERSION__: JSON.stringify(version) },
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
});
