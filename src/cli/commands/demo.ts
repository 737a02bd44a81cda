import { realEnvironment, memoryEnvironment } from '../demo/environments.js';
import { demoInputs } from '../demo/inputs.js';
import { runDemo } from '../demo/story.js';
import { ExitCode, type CommandContext } from '../shared/io.js';

/** `vzmc demo`. */
export async function run(
  { io, setExit }: CommandContext,
  options: { real?: boolean; examples?: string },
): Promise<void> {
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
}
