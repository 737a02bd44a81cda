/**
 * Options shared by several commands, so that each has one name and one meaning everywhere, as in
 * kubectl: `--kubeconfig`, `--context`, `-n/--namespace`, `-o/--output`, `--no-color`.
 */
import { Option, type Command } from 'commander';

/** `-o, --output <format>`, limited to `formats` (which `completion` offers). */
export function outputOption(formats: readonly string[], fallback: string, description?: string): Option {
  return new Option('-o, --output <format>', description ?? `output format: ${formats.join(', ')}`)
    .choices(formats)
    .default(fallback);
}

/** `--kubeconfig <file>`, as kubectl's. */
export function kubeconfigOption(): Option {
  return new Option(
    '--kubeconfig <file>',
    'the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config, then in-cluster)',
  );
}

/** `--context <name>`: the context of the cluster the command talks to. */
export function contextOption(which: string): Option {
  return new Option('--context <name>', `the kubeconfig context of ${which} (default: the current context)`);
}

/** `-n, --namespace <namespace>`: what it restricts is command-specific. */
export function namespaceOption(description: string): Option {
  return new Option('-n, --namespace <namespace>', description);
}

/** `--no-color`: colour is used only on a terminal, and never with NO_COLOR set. */
export function noColorOption(): Option {
  return new Option('--no-color', 'no colour (the default when stdout is not a terminal or NO_COLOR is set)');
}

/** `--redact` for commands whose yaml/json output is a manifest to apply. */
export function redactOption(): Option {
  return new Option('--redact', 'replace Secret data with <redacted> in yaml and json output too');
}

/**
 * `--show-secrets`, the flag of vzmc 0.1 for what yaml and json now print by default. Hidden and
 * kept so that old scripts work: it still selects yaml where the default output is text.
 */
export function showSecretsAlias(): Option {
  return new Option(
    '--show-secrets',
    'print Secret data (now the default of -o yaml and -o json)',
  ).hideHelp();
}

/**
 * The output flags of a command that prints manifests and defaults to a table: `-o text|yaml|json`
 * (text: a table, no Secret data), `--redact` and the hidden `--show-secrets`.
 */
export function addManifestOutputOptions(command: Command): Command {
  return command
    .addOption(
      outputOption(
        ['text', 'yaml', 'json'],
        'text',
        'text (a table, no Secret data), yaml or json (manifests)',
      ),
    )
    .addOption(redactOption())
    .addOption(showSecretsAlias());
}

/** The sentence every manifest-printing command's description ends with. */
export const SECRET_DATA_NOTE =
  'The yaml and json outputs are complete manifests to apply and include Secret data (as `helm template` ' +
  'does); --redact replaces it with <redacted>. The text output never shows Secret data.';

/** The output format, where the hidden `--show-secrets` without `-o` asks for yaml (as in vzmc 0.1). */
export function outputWithShowSecrets<F extends string>(
  options: { readonly output: F; readonly showSecrets?: boolean },
  command: Command,
): F | 'yaml' {
  return options.showSecrets && command.getOptionValueSource('output') === 'default'
    ? 'yaml'
    : options.output;
}

/** `--max-input-bytes <size>`: the most one file or stdin may hold (see cli/support/input-limit.ts). */
export function maxInputBytesOption(): Option {
  return new Option(
    '--max-input-bytes <size>',
    'the most one input file or stdin may hold, in bytes or Ki/Mi/Gi (default: $VZMC_MAX_INPUT_BYTES, else 64Mi)',
  );
}
