/**
 * The flags of the long-running commands (`vzmc sync`, `vzmc admin`): leader election and the health
 * address. Light on purpose (commander and constants only): the command tree imports it, and
 * `vzmc --version` must not load the elector or the health server (src/cli/support/controller-process.ts).
 */
import { Option, type Command } from 'commander';
import { LeaderElectionDefaults } from '../../agent/leader-defaults.js';
import { CliError } from './io.js';

/** The flags {@link addControllerProcessOptions} adds, as commander parses them. */
export interface ControllerProcessFlags {
  /** One pass and exit: never elects, serves no health endpoints. */
  readonly once?: boolean;
  /** `--leader-elect` / `--no-leader-elect`; unset means true. */
  readonly leaderElect?: boolean;
  /** The Lease's namespace. */
  readonly leaderElectionNamespace: string;
  /** The Lease's name; unset means the command's default. */
  readonly leaderElectionId?: string;
  /** Durations as `15s`, `2m`, `1500ms`. */
  readonly leaseDuration: string;
  /** See {@link ControllerProcessFlags.leaseDuration}. */
  readonly renewDeadline: string;
  /** See {@link ControllerProcessFlags.leaseDuration}. */
  readonly retryPeriod: string;
  /** `host:port`, `:port` or `[ipv6]:port`; port 0 picks a free port. */
  readonly healthAddress: string;
}

/** The namespace of the Lease unless `--leader-election-namespace` says otherwise. */
export const DEFAULT_LEADER_ELECTION_NAMESPACE = 'verrazzano-system';
/** Where `/healthz`, `/readyz` and `/metrics` are served unless `--health-address` says otherwise. */
export const DEFAULT_HEALTH_ADDRESS = ':8080';

/** Parses `60s`, `2m`, `1500ms` or a number of seconds, into milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new CliError(`invalid duration "${text}"; use e.g. 60s, 2m or 1500ms`);
  const value = Number(match[1]);
  const unit = match[2] ?? 's';
  return value * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h'];
}

const seconds = (ms: number) => `${ms / 1000}s`;

/**
 * Adds the election and health flags to a long-running command. `defaultLeaseName` is what the
 * help shows for `--leader-election-id` (e.g. `vzmc-sync-<cluster>`); the command resolves it.
 *
 * @example
 * addControllerProcessOptions(program.command('admin'), { defaultLeaseName: 'vzmc-admin' });
 */
export function addControllerProcessOptions(
  command: Command,
  { defaultLeaseName }: { readonly defaultLeaseName: string },
): Command {
  const d = LeaderElectionDefaults;
  return command
    .option(
      '--leader-elect',
      'elect a leader through a Lease; only the leader works (default; --once never elects)',
    )
    .option('--no-leader-elect', 'work without election (run one replica only)')
    .option(
      '--leader-election-namespace <namespace>',
      'namespace of the leader Lease',
      DEFAULT_LEADER_ELECTION_NAMESPACE,
    )
    .addOption(
      new Option('--leader-election-id <name>', 'name of the leader Lease').default(
        undefined,
        defaultLeaseName,
      ),
    )
    .option(
      '--lease-duration <duration>',
      'how long a standby waits before taking over',
      seconds(d.leaseDurationMs),
    )
    .option(
      '--renew-deadline <duration>',
      'how long the leader tries to renew before it stops',
      seconds(d.renewDeadlineMs),
    )
    .option('--retry-period <duration>', 'pause between election attempts', seconds(d.retryPeriodMs))
    .option(
      '--health-address <host:port>',
      'where /healthz, /readyz and /metrics listen (port 0: a free port, logged at start)',
      DEFAULT_HEALTH_ADDRESS,
    );
}
