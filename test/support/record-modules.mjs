// Records every module Node's ESM loader loads, one URL per line, into $VZMC_RECORD_MODULES:
//   VZMC_RECORD_MODULES=/tmp/loaded.txt node --import ./test/support/record-modules.mjs dist/cli.js --version
// Used by test/package/cli-startup.test.ts and bench/cli-startup.bench.ts.
import { register } from 'node:module';

const file = process.env.VZMC_RECORD_MODULES;
if (file) register('./record-modules-hooks.mjs', import.meta.url, { data: { file } });
