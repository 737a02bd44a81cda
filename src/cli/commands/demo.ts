import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';
import { realEnvironment, memoryEnvironment } from '../demo/environments.js';
import { loadExample } from '../demo/examples.js';
import { runDemo, type DemoInputs } from '../demo/story.js';
import { CliError, ExitCode, type CliIo, type CommandContext } from '../io.js';

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
export async function run(
  { io, setExit }: CommandContext,
  options: { real?: boolean; examples?: string },
): Promise<void> {
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
}
