#!/usr/bin/env node
// The main job: installs what is missing, builds if needed, then runs `vzmc demo` on vzmc's own
// example fleet (examples/fleet) and in-memory clusters; pass --real for the real API servers, or
// --examples DIR for Verrazzano's original examples. Extra arguments go to the demo.
import { join } from 'node:path';
import { checkNode, ensureBuild, ensureDependencies, root, run } from './lib.mjs';

checkNode();
if (ensureDependencies() !== 0 || ensureBuild() !== 0) process.exit(1);
const args = ['demo', ...process.argv.slice(2)];
console.log(`$ vzmc ${args.join(' ')}`);
process.exitCode = run(process.execPath, [join(root, 'dist', 'cli.js'), ...args]);
