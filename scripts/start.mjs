#!/usr/bin/env node
// The main job: installs what is missing, builds if needed, then runs the vzmc demo on in-memory
// clusters. Until the demo lands, it validates the ToDo example, which shows a precise error for the
// example's invalid-base64 placeholder.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkNode, ensureBuild, ensureDependencies, root, run } from './lib.mjs';

checkNode();
if (ensureDependencies() !== 0 || ensureBuild() !== 0) process.exit(1);
const todo = process.env.VZMC_VERRAZZANO_DIR
  ? join(process.env.VZMC_VERRAZZANO_DIR, 'examples', 'todo-list')
  : join(root, '..', 'shared', 'verrazzano', 'examples', 'todo-list');
if (!existsSync(todo)) {
  console.error(`The ToDo example is missing at ${todo}; set VZMC_VERRAZZANO_DIR to the Verrazzano corpus.`);
  process.exit(2);
}
const args = ['validate', '-f', todo, '--registered', 'managed1', ...process.argv.slice(2)];
console.log(`$ vzmc ${args.join(' ')}`);
const status = run(process.execPath, [join(root, 'dist', 'cli.js'), ...args]);
// Exit 1 means "the manifests have issues", which is what this demonstration shows.
process.exitCode = status === 2 ? 2 : 0;
