import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { load } from 'js-yaml';
import { realEnvironment, memoryEnvironment } from '../demo/environments.js';
import { loadExample } from '../demo/examples.js';
import { runDemo, type DemoInputs } from '../demo/story.js';
import { CliError, ExitCode, type CliIo } from '../io.js';

/** Where the Verrazzano examples are: --examples, $VZMC_VERRAZZANO_DIR/examples, or ../shared/verrazzano/examples. */
export function examplesDir(option: string | undefined, env: CliIo['env']): string {
  const candidates = [
    option,
    env.VZMC_VERRAZZANO_DIR ? join(env.VZMC_VERRAZZANO_DIR, 'examples') : undefined,
    resolve('..', 'shared', 'verrazzano', 'examples'),
  ].filter((c): c is string => c !== undefined);
  const found = candidates.find(
    (c) => existsSync(join(c, 'todo-list')) && existsSync(join(c, 'hello-helidon')),
  );
  if (!found) {
    throw new CliError(
      `the Verrazzano examples are not at ${candidates.join(' or ')}; pass --examples DIR (the folder holding todo-list/ and hello-helidon/)`,
    );
  }
  return found;
}

async function demoInputs(dir: string, io: CliIo): Promise<DemoInputs> {
  const load_ = (folder: string) => loadExample(join(dir, folder));
  io.stdout.write(
    `Examples: ${dir} (the ToDo registry Secret's placeholder is replaced by a sample, valid docker config)\n`,
  );
  return {
    todo: await load_('todo-list'),
    helidon: (await load_('hello-helidon')).filter((o) => o.kind !== undefined),
    toAdminPatch: load(
      await readFile(join(dir, 'hello-helidon', 'patch-change-placement-to-admin.yaml'), 'utf8'),
    ),
  };
}

/** `vzmc demo`. */
export function registerDemo(program: Command, io: CliIo, setExit: (code: ExitCode) => void): void {
  program
    .command('demo')
    .summary("run Verrazzano's multicluster story on three clusters (in memory by default)")
    .description(
      'Registers managed1 and managed2 in two steps, deploys the ToDo and hello-helidon examples, shows per-cluster ' +
        'status and the VMC reports, moves hello-helidon to the admin and back, undeploys, then deregisters. Every ' +
        'step prints its plans. With --real the same runs on real kube-apiservers built and started by the harness.',
    )
    .option('--real', 'run on real API servers (needs Go for the first build)')
    .option(
      '--examples <dir>',
      'the Verrazzano examples folder (default: $VZMC_VERRAZZANO_DIR/examples or ../shared/verrazzano/examples)',
    )
    .addHelpText('after', '\nExamples:\n  vzmc demo\n  vzmc demo --real\n')
    .action(async (options: { real?: boolean; examples?: string }) => {
      const inputs = await demoInputs(examplesDir(options.examples, io.env), io);
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
