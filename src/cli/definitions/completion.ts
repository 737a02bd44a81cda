import { Argument, type Command } from 'commander';
import { examplesHelp } from '../shared/examples.js';
import type { CommandContext } from '../shared/io.js';
import { lazyAction } from '../shared/lazy.js';

/** `vzmc completion`. */
export function defineCompletion(program: Command, context: CommandContext): void {
  program
    .command('completion')
    .summary('print a shell completion script (bash, zsh or fish)')
    .description(
      'Prints a script that completes commands, subcommands, flags and the values of -o for vzmc. Load it from ' +
        "your shell's start-up file, or install it where your shell looks for completions.",
    )
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(['bash', 'zsh', 'fish']))
    .addHelpText(
      'after',
      examplesHelp(context.bin, [
        { run: 'source <(vzmc completion bash)', note: 'in ~/.bashrc' },
        {
          run: 'mkdir -p ~/.zfunc && vzmc completion zsh > ~/.zfunc/_vzmc',
          note: 'with fpath+=(~/.zfunc) before compinit in ~/.zshrc',
        },
        {
          run: 'mkdir -p ~/.config/fish/completions && vzmc completion fish > ~/.config/fish/completions/vzmc.fish',
        },
      ]),
    )
    .action(lazyAction(context, () => import('../commands/completion.js')));
}
