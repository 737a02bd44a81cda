/**
 * The `vzmc` command tree. Built by a function, so that tests and the CLI reference generator see
 * exactly what users run.
 *
 * Start-up: this module and the definitions it imports load only commander. Each command's
 * implementation (src/cli/commands/*) is imported when the command runs (see lazy.ts), so
 * `--version`, `--help`, `completion` and the offline commands never load the Kubernetes client.
 */
import { Command, CommanderError } from 'commander';
import { defineAdmin } from './definitions/admin.js';
import { defineCompletion } from './definitions/completion.js';
import { defineCrds } from './definitions/crds.js';
import { defineDemo } from './definitions/demo.js';
import { defineExplain } from './definitions/explain.js';
import { defineFederation } from './definitions/federation.js';
import { defineImpact } from './definitions/impact.js';
import { definePlan } from './definitions/plan.js';
import { defineRegister } from './definitions/register.js';
import { defineRender } from './definitions/render.js';
import { defineReport } from './definitions/report.js';
import { defineSync } from './definitions/sync.js';
import { defineTestClusters } from './definitions/test-clusters.js';
import { defineValidate } from './definitions/validate.js';
import { examplesHelp } from './shared/examples.js';
import { defineInstall } from './definitions/install.js';
import { VERSION } from './shared/version.js';
import { CliError, ExitCode, type CliIo, type CommandContext } from './shared/io.js';

/** How the program was invoked, for its usage lines: `vzmc`, or `kubectl vzmc` (the kubectl plugin). */
export interface ProgramOptions {
  /** Default `vzmc`. */
  readonly bin?: string;
}

/** The program name for a script path: `kubectl vzmc` when run as the `kubectl-vzmc` plugin. */
export function binFor(scriptPath: string | undefined): string {
  const base = (scriptPath ?? '').split(/[\\/]/).at(-1) ?? '';
  return /^kubectl-vzmc(\.[cm]?js)?$/.test(base) ? 'kubectl vzmc' : 'vzmc';
}

const fullName = (command: Command): string =>
  command.parent ? `${fullName(command.parent)} ${command.name()}` : command.name();

/** Builds the command tree. `setExit` records the exit code a command decided on. */
export function buildProgram(
  io: CliIo,
  setExit: (code: ExitCode) => void = () => undefined,
  options: ProgramOptions = {},
): Command {
  const bin = options.bin ?? 'vzmc';
  const context: CommandContext = { io, setExit, bin };
  const program = new Command(bin);
  program
    .description(
      "Verrazzano's multicluster semantics: validate manifests, explain placement, render and plan what " +
        'each cluster gets, register managed clusters, and run the admin controller and the sync agent.',
    )
    .version(VERSION, '-v, --version')
    // A fixed width keeps help output identical on every terminal, so the generated CLI reference matches it.
    .configureHelp({ helpWidth: 100 })
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride()
    .addHelpText(
      'after',
      examplesHelp(bin, [
        { run: 'vzmc validate -f examples/fleet' },
        { run: 'vzmc explain -f examples/fleet' },
        { run: 'vzmc render -f examples/fleet --cluster managed1' },
        { run: 'vzmc demo', note: 'the whole story on three in-memory clusters' },
      ]),
    );
  // Subcommands inherit the output, help and exit settings above; the order is a newcomer's order.
  defineCrds(program, context);
  defineValidate(program, context);
  defineExplain(program, context);
  defineRender(program, context);
  defineReport(program, context);
  defineRegister(program, context);
  definePlan(program, context);
  defineImpact(program, context);
  defineAdmin(program, context);
  defineSync(program, context);
  defineFederation(program, context);
  defineInstall(program, context);
  defineDemo(program, context);
  defineTestClusters(program, context);
  defineCompletion(program, context);
  // A usage error is one line and where to read more, as in kubectl, not the whole help.
  const hint = (command: Command) => {
    command.showHelpAfterError(`See '${fullName(command)} --help' for usage.`);
    command.commands.forEach(hint);
  };
  hint(program);
  return program;
}

/**
 * Runs the CLI with `argv` (without the node and script entries) and returns the exit code.
 * Never calls `process.exit`.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  options: ProgramOptions = {},
): Promise<ExitCode> {
  let exit: ExitCode = ExitCode.Ok;
  const program = buildProgram(
    io,
    (code) => {
      exit = code;
    },
    options,
  );
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
    // Scrubbed as log lines are: an error must not carry a token or password to the terminal.
    // (Loaded here, on errors only: the command tree imports no implementation at start-up.)
    const { scrub } = await import('../agent/logger.js');
    const message = scrub(error instanceof Error ? error.message : String(error));
    io.stderr.write(`vzmc: ${message}\n`);
    if (error instanceof CliError) return error.exitCode;
    // adapters/files' UnreadableInputError, recognised by name: importing it would load the adapters.
    if (error instanceof Error && error.name === 'UnreadableInputError') return ExitCode.Usage;
    return ExitCode.Invalid;
  }
}
