import type { Command } from 'commander';
import { realEnvironment, memoryEnvironment } from '../demo/environments.js';
import { demoInputs } from '../demo/inputs.js';
import { runDemo } from '../demo/story.js';
import { ExitCode, type CliIo } from '../io.js';

/** `vzmc demo`. */
export function registerDemo(program: Command, io: CliIo, setExit: (code: ExitCode) => void): void {
  program
    .command('demo')
    .summary("run Verrazzano's multicluster story on three clusters (in memory by default)")
    .description(
      "Registers managed1 and managed2 in two steps, deploys the ToDo and hello-helidon applications of vzmc's example fleet, shows per-cluster " +
        'status and the VMC reports, moves hello-helidon to the admin and back, undeploys, then deregisters. Every ' +
        'step prints its plans. With --real the same runs on real kube-apiservers built and started by the harness.',
    )
    .option('--real', 'run on real API servers (needs Go for the first build)')
    .option(
      '--examples <dir>',
      "run on Verrazzano's original examples instead: the folder holding todo-list/ and hello-helidon/ (default: vzmc's example fleet, examples/fleet in the package)",
    )
    .addHelpText('after', '\nExamples:\n  vzmc demo\n  vzmc demo --real\n')
    .action(async (options: { real?: boolean; examples?: string }) => {
      const inputs = await demoInputs(options.examples);
      const write = (text: string) => io.stdout.write(text);
      if (!options.real) {
        setExit((await runDemo(memoryEnvironment(), inputs, write)) ? ExitCode.Ok : ExitCode.Invalid);
        return;
      }
      const { env, stop } = await realEnvironment((line) => io.stderr.write(`${line}\n`));
      try {
        setExit((await runDemo(env, inputs, write)) ? ExitCode.Ok : ExitCode.Invalid);
      } finally {
        await stop();
      }
    });
}
