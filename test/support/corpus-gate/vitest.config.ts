// The project test/unit/support/corpus.test.ts runs in a child vitest, to see what vitest reports.
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { include: ['*.fixture.ts'], environment: 'node' } });
