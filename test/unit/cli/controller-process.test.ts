/**
 * The controller process runtime (issue #12 items 3 and 4): its flags, checked as client-go checks
 * its election config, and its state machine with a fake elector and fake signals: leadership
 * gained → the loop runs; lost → the loop stops and the exit code is 1; SIGTERM → the pass ends,
 * the Lease is released, exit 0.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { LeaderCallbacks, LeaderElector, LeaderElectorOptions } from '../../../src/agent/leader.js';
import { createMetrics } from '../../../src/agent/metrics.js';
import type { ClusterClient } from '../../../src/port/client.js';
import {
  resolveControllerProcessFlags,
  runControllerProcess,
  type ControllerProcessFlags,
  type ControllerProcessHooks,
} from '../../../src/cli/support/controller-process.js';

const flags = (extra: Partial<ControllerProcessFlags> = {}): ControllerProcessFlags => ({
  leaderElectionNamespace: 'verrazzano-system',
  leaseDuration: '15s',
  renewDeadline: '10s',
  retryPeriod: '2s',
  healthAddress: '127.0.0.1:0',
  ...extra,
});

describe('controller process flags', () => {
  it('defaults: election on, client-go timings, the command default Lease name', () => {
    expect(resolveControllerProcessFlags(flags(), 'vzmc-sync-managed1')).toEqual({
      election: {
        namespace: 'verrazzano-system',
        name: 'vzmc-sync-managed1',
        leaseDurationMs: 15_000,
        renewDeadlineMs: 10_000,
        retryPeriodMs: 2_000,
      },
      health: { host: '127.0.0.1', port: 0 },
    });
  });
  it('--no-leader-elect: no election; --once: neither election nor health server; --leader-election-id wins', () => {
    expect(resolveControllerProcessFlags(flags({ leaderElect: false }), 'x')).toEqual({
      health: { host: '127.0.0.1', port: 0 },
    });
    expect(resolveControllerProcessFlags(flags({ once: true }), 'x')).toEqual({});
    expect(resolveControllerProcessFlags(flags({ leaderElectionId: 'mine' }), 'x').election?.name).toBe(
      'mine',
    );
    expect(resolveControllerProcessFlags(flags({ healthAddress: ':8080' }), 'x').health).toEqual({
      port: 8080,
    });
  });
  it('rejects timings client-go rejects: lease > renew deadline > retry period × 1.2, and bad addresses', () => {
    const bad = (extra: Partial<ControllerProcessFlags>) => () =>
      resolveControllerProcessFlags(flags(extra), 'x');
    expect(bad({ leaseDuration: '10s' })).toThrow(/--lease-duration must be greater than --renew-deadline/);
    expect(bad({ renewDeadline: '2400ms' })).toThrow(
      /--renew-deadline must be greater than --retry-period × 1.2/,
    );
    expect(bad({ retryPeriod: '0s' })).toThrow(/--retry-period/);
    expect(bad({ leaseDuration: '15500ms' })).toThrow(/whole seconds/);
    expect(bad({ leaseDuration: 'soon' })).toThrow(/invalid duration/);
    expect(bad({ healthAddress: 'localhost' })).toThrow(/--health-address/);
  });
});

/** An elector the test drives: `lead()` starts leading, `lose()` aborts the leader signal. */
function fakeElector() {
  const state = {
    options: undefined as LeaderElectorOptions | undefined,
    released: false,
    lead: (): void => undefined,
    lose: (): void => undefined,
  };
  const create = (options: LeaderElectorOptions): LeaderElector => {
    state.options = options;
    return {
      identity: 'me',
      isLeader: () => false,
      run: async (signal: AbortSignal, callbacks: LeaderCallbacks) => {
        const leadership = new AbortController();
        signal.addEventListener('abort', () => {
          leadership.abort();
        });
        const started = await new Promise<boolean>((resolve) => {
          state.lead = () => {
            resolve(true);
          };
          signal.addEventListener('abort', () => {
            resolve(false);
          });
        });
        if (started) {
          state.lose = () => {
            leadership.abort();
          };
          await callbacks.onStartedLeading(leadership.signal);
        }
        if (options.releaseOnCancel) state.released = true;
      },
    };
  };
  return { state, create };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

function start(run: (signal: AbortSignal, hooks: ControllerProcessHooks) => Promise<void>, extra = {}) {
  const elector = fakeElector();
  const signals = new EventEmitter();
  const metrics = createMetrics({ processMetrics: false });
  const lines: string[] = [];
  const exit = runControllerProcess({
    io: { stdout: process.stdout, stderr: process.stderr } as never,
    flags: flags(extra),
    defaultLeaseName: 'vzmc-test',
    leaseClient: {} as ClusterClient,
    metrics,
    logger: { log: (_level, message) => lines.push(message) },
    staleAfterMs: 60_000,
    run,
    signals: signals,
    createElector: elector.create,
  });
  return { elector, signals, metrics, lines, exit };
}

/** A loop that counts passes and waits for an abort. */
function loop() {
  const seen = { passes: 0, running: false, endedBy: '' };
  const run = async (signal: AbortSignal, hooks: ControllerProcessHooks) => {
    seen.running = true;
    while (!signal.aborted && !hooks.shutdown.aborted) {
      seen.passes++;
      hooks.passEnded(true);
      await tick();
    }
    seen.endedBy = signal.aborted ? 'leader signal' : 'shutdown';
    seen.running = false;
  };
  return { seen, run };
}

describe('controller process state machine', () => {
  it('the loop runs only while leading; leadership lost stops it and exits 1 ("leader election lost")', async () => {
    const { seen, run } = loop();
    const p = start(run);
    await tick();
    expect(seen.running).toBe(false);
    expect(p.elector.state.options).toMatchObject({
      namespace: 'verrazzano-system',
      name: 'vzmc-test',
      releaseOnCancel: true,
    });
    expect(await p.metrics.render()).toMatch(/^vzmc_leader 0$/m);
    p.elector.state.lead();
    await tick();
    expect(seen.running).toBe(true);
    expect(await p.metrics.render()).toMatch(/^vzmc_leader 1$/m);
    p.elector.state.lose();
    expect(await p.exit).toBe(1);
    expect(seen).toMatchObject({ running: false, endedBy: 'leader signal' });
    expect(p.lines).toContain('leader election lost');
    expect(await p.metrics.render()).toMatch(/^vzmc_leader 0$/m);
  });

  it('SIGTERM while leading: the loop ends after its pass (shutdown), the Lease is released, exit 0', async () => {
    const { seen, run } = loop();
    const p = start(run);
    await tick();
    p.elector.state.lead();
    await tick();
    p.signals.emit('SIGTERM');
    expect(await p.exit).toBe(0);
    expect(seen.endedBy).toBe('shutdown');
    expect(p.elector.state.released).toBe(true);
    expect(p.lines).not.toContain('leader election lost');
  });

  it('SIGINT while standing by: stops campaigning, exit 0, the loop never ran', async () => {
    const { seen, run } = loop();
    const p = start(run);
    await tick();
    p.signals.emit('SIGINT');
    expect(await p.exit).toBe(0);
    expect(seen.passes).toBe(0);
  });

  it('--no-leader-elect: the loop runs at once; SIGTERM ends it with exit 0; a failing loop exits 1', async () => {
    const { seen, run } = loop();
    const p = start(run, { leaderElect: false });
    await tick();
    expect(seen.running).toBe(true);
    expect(p.elector.state.options).toBeUndefined();
    p.signals.emit('SIGTERM');
    expect(await p.exit).toBe(0);
    const failing = start(() => Promise.reject(new Error('boom')), { leaderElect: false });
    expect(await failing.exit).toBe(1);
  });
});
