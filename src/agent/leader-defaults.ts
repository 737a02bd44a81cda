/** Leader election's defaults, apart from the elector, so the CLI's command tree can show them without loading it. */
/** client-go's defaults for core components. */
export const LeaderElectionDefaults = {
  /** How long a standby waits without seeing the record change before it takes over. */
  leaseDurationMs: 15_000,
  /** How long the leader keeps trying to renew before it stops leading. */
  renewDeadlineMs: 10_000,
  /** The pause between attempts (acquire: jittered up to 2.2×, as client-go's `JitterFactor` 1.2). */
  retryPeriodMs: 2_000,
} as const;
