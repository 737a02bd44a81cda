/**
 * The `vzmc` command tree. Built by a function, so that tests and the CLI reference generator see
 * exactly what users run.
 */
import { Command, CommanderError } from 'commander';
import { UnreadableInputError } from '../adapters/files.js';
import { registerCrds } from './commands/crds.js';
import { registerDemo } from './commands/demo.js';
import { registerFederation } from './commands/federation.js';
import { registerPlan } from './commands/plan.js';
import { registerRegister } from './commands/register.js';
import { registerSync } from './commands/sync.js';
import { registerExplain } from './commands/explain.js';
import { registerRender } from './commands/render.js';
import { registerTestClusters } from './commands/test-clusters.js';
import { registerValidate } from './commands/validate.js';
import { CliError, ExitCode, type CliIo } from './io.js';

/** The package version, injected at build time. */
declare const __VZMC_VERSION__: string | undefined;
const VERSION = typeof __VZMC_VERSION__ === 'string' ? __VZMC_VERSION__ : '0.0.0-dev';

/** Builds the command tree. `setExit` records the exit code a command decided on. */
export function buildProgram(io: CliIo, setExit: (code: ExitCode) => void = () => undefined): Command {
  const program = new Command('vzmc');
  program
    .description(
      "Verrazzano's multicluster semantics: validate manifests, explain placement, render and plan what " +
        'each cluster gets, register managed clusters and run the sync agent.',
    )
    .version(VERSION, '-v, --version')
    .showHelpAfterError()
    // A fixed width keeps help output identical on every terminal, so the generated CLI reference matches it.
    .configureHelp({ helpWidth: 100 })
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride();
  registerValidate(program, io, setExit);
  registerCrds(program, io);
  registerExplain(program, io);
  registerRender(program, io);
  registerPlan(program, io);
  registerSync(program, io, setExit);
  registerRegister(program, io, setExit);
  registerFederation(program, io);
  registerTestClusters(program, io);
  registerDemo(program, io, setExit);
  for (const command of program.commands) {
    command.configureOutput({ writeOut: (t) => io.stdout.write(t), writeErr: (t) => io.stderr.write(t) });
    command.configureHelp({ helpWidth: 100 });
    command.exitOverride();
  }
  return program;
}

/**
 * Runs the CLI with `argv` (without the node and script entries) and returns the exit code.
 * Never calls `process.exit`.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let exit: ExitCode = ExitCode.Ok;
  const program = buildProgram(io, (code) => {
    exit = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exit;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      ) {
        return ExitCode.Ok;
      }
      return ExitCode.Usage;
    }
    if (error instanceof CliError) {
      io.stderr.write(`vzmc: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof UnreadableInputError) {
      io.stderr.write(`vzmc: ${error.message}\n`);
      return ExitCode.Usage;
    }
    io.stderr.write(`vzmc: ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.Invalid;
  }
}
