/**
 * How much one input may hold: `--max-input-bytes` on the commands that read manifests, else
 * `$VZMC_MAX_INPUT_BYTES`, else 64 MiB. It bounds every read of a file, a device or stdin.
 */
import { DEFAULT_MAX_INPUT_BYTES, type ReadLimits } from '../../adapters/files.js';
import { CliError, type CliIo } from '../shared/io.js';

/** The environment variable that sets the input limit. */
export const MAX_INPUT_BYTES_ENV = 'VZMC_MAX_INPUT_BYTES';

const UNITS: Readonly<Record<string, number>> = { '': 1, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 };

/**
 * Parses a size: bytes, or a whole number of `Ki`, `Mi` or `Gi` (as Kubernetes quantities).
 *
 * @example
 * parseByteSize('64Mi', '--max-input-bytes') //=> 67108864
 */
export function parseByteSize(text: string, what: string): number {
  const match = /^([0-9]+)(Ki|Mi|Gi)?$/.exec(text.trim());
  const bytes = match ? Number(match[1]) * UNITS[match[2] ?? '']! : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new CliError(`${what} must be a size in bytes, or a whole number of Ki, Mi or Gi (got "${text}")`);
  }
  return bytes;
}

/** The read limits of a command with `--max-input-bytes`: the flag, else the environment variable, else 64 MiB. */
export function inputLimits(flag: string | undefined, io: CliIo): ReadLimits {
  if (flag === undefined) return limitsFrom(io, `--max-input-bytes or ${MAX_INPUT_BYTES_ENV}`);
  return { maxBytes: parseByteSize(flag, '--max-input-bytes'), howToRaise: howToRaise('--max-input-bytes') };
}

/** The read limits of a command without the flag (its CA, token or job files): the variable, else 64 MiB. */
export function envInputLimits(io: CliIo): ReadLimits {
  return limitsFrom(io, MAX_INPUT_BYTES_ENV);
}

function limitsFrom(io: CliIo, raise: string): ReadLimits {
  const fromEnv = io.env[MAX_INPUT_BYTES_ENV];
  const maxBytes =
    fromEnv !== undefined && fromEnv !== ''
      ? parseByteSize(fromEnv, MAX_INPUT_BYTES_ENV)
      : DEFAULT_MAX_INPUT_BYTES;
  return { maxBytes, howToRaise: howToRaise(raise) };
}

const howToRaise = (what: string) => `raise it with ${what} (e.g. 256Mi)`;
