#!/usr/bin/env node
import { processIo } from './shared/io.js';
import { binFor, runCli } from './program.js';

// A reader that stops early (`vzmc render … | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2), processIo(), { bin: binFor(process.argv[1]) });
