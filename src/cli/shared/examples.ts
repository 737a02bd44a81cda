/**
 * The `Examples:` section of a command's help. Every line is a command that runs as written from a
 * checkout of the repository (test/integration/help-examples.test.ts runs each one): it reads only
 * the repository's files or files an earlier example wrote. A note after `#` says what the line
 * does; `exits N: why` and `runs until stopped` are promises the test holds the line to.
 */

/** One example line. */
export interface Example {
  /** The shell command, written with `vzmc`; shown as `kubectl vzmc` under the kubectl plugin. */
  readonly run: string;
  /** What it does, shown after `#`. Starts with `exits N: ` when the line exits with N ≠ 0. */
  readonly note?: string;
}

/** `vzmc` as a command word (not in `kubectl-vzmc`, `vzmc.dev/…` or a path). */
const PROGRAM_WORD = /(?<![\w./-])vzmc(?= )/g;

/** The text added after a command's help: a blank line, `Examples:` and one indented line per example. */
export function examplesHelp(bin: string, examples: readonly Example[]): string {
  const lines = examples.map((e) => {
    const run = e.run.replace(PROGRAM_WORD, bin);
    return `  ${run}${e.note ? `   # ${e.note}` : ''}`;
  });
  return `\nExamples:\n${lines.join('\n')}\n`;
}
