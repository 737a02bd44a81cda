/**
 * `vzmc sync --once` and SIGTERM: the iteration in flight gets an abort signal that SIGTERM (or
 * SIGINT) fires, so it stops after the action in flight, reports, prints and exits; the signal
 * listeners go when it ends.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { IterationReport } from '../../../src/agent/agent.js';
import { textLogger } from '../../../src/agent/logger.js';
import { syncOnce } from '../../../src/cli/commands/sync.js';
import { runUntilStopped, type SignalSource } from '../../../src/cli/support/controller-process.js';
import { ExitCode } from '../../../src/cli/shared/io.js';
import { secretPlan } from '../../support/plans.js';

const plan = secretPlan('managed1', 'listed in spec.secrets of app', 'P10');
const synced: IterationReport = {
  state: 'synced',
  cluster: 'managed1',
  plan,
  results: [],
  reportWritten: true,
  vmcState: 'Active',
  unreadable: [],
};

/** A SIGTERM/SIGINT source the test fires, and what is listening to it. */
function signals(): SignalSource & { fire(name: 'SIGTERM' | 'SIGINT'): void; listening(): number } {
  const emitter = new EventEmitter();
  return {
    once: (name, listener) => emitter.once(name, listener),
    off: (name, listener) => emitter.off(name, listener),
    fire: (name) => emitter.emit(name),
    listening: () => emitter.listenerCount('SIGTERM') + emitter.listenerCount('SIGINT'),
  };
}

/** An agent whose one iteration runs until its signal aborts (an action in flight), then reports. */
function agentInFlight(report: IterationReport) {
  const seen: { signal?: AbortSignal; started: boolean } = { started: false };
  const agent = {
    runOnce: (signal?: AbortSignal) =>
      new Promise<IterationReport>((resolve) => {
        seen.signal = signal;
        seen.started = true;
        signal?.addEventListener(
          'abort',
          () => {
            resolve(report);
          },
          { once: true },
        );
      }),
  };
  return { agent, seen };
}

describe('vzmc sync --once', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s stops the iteration after the action in flight; it still prints, and exits by its report',
    async (name) => {
      const source = signals();
      const { agent, seen } = agentInFlight(synced);
      const printed: IterationReport[] = [];
      const lines: string[] = [];
      const exiting = syncOnce(
        agent,
        (r) => printed.push(r),
        textLogger((l) => lines.push(l)),
        source,
      );
      await Promise.resolve();
      expect(seen.started).toBe(true);
      expect(seen.signal?.aborted).toBe(false);
      expect(source.listening()).toBe(2);
      source.fire(name);
      expect(await exiting).toBe(ExitCode.Ok);
      expect(seen.signal?.aborted).toBe(true);
      expect(printed).toEqual([synced]);
      expect(lines.join('')).toContain('stopping after the action in flight');
      expect(source.listening()).toBe(0);
    },
  );

  it('without a signal: one iteration, its exit code (1 failed, 1 unreadable namespace, 0 synced), no listener left', async () => {
    const cases: [IterationReport, ExitCode][] = [
      [synced, ExitCode.Ok],
      [{ state: 'failed', reason: 'the admin cluster is unreachable' }, ExitCode.Invalid],
      [
        {
          ...synced,
          unreadable: [
            { namespace: 'app', reason: 'Forbidden', kinds: ['Secret'], message: 'cannot list secrets' },
          ],
        },
        ExitCode.Invalid,
      ],
      [{ state: 'idle', reason: 'not registered' }, ExitCode.Ok],
    ];
    for (const [report, code] of cases) {
      const source = signals();
      const printed: IterationReport[] = [];
      const agent = { runOnce: () => Promise.resolve(report) };
      expect(
        await syncOnce(
          agent,
          (r) => printed.push(r),
          textLogger(() => undefined),
          source,
        ),
      ).toBe(code);
      expect(printed).toEqual([report]);
      expect(source.listening()).toBe(0);
    }
  });

  it('runUntilStopped listens on the process by default and leaves nothing behind', async () => {
    const before = process.listenerCount('SIGTERM') + process.listenerCount('SIGINT');
    let during = 0;
    await runUntilStopped(
      textLogger(() => undefined),
      () => {
        during = process.listenerCount('SIGTERM') + process.listenerCount('SIGINT');
        return Promise.resolve();
      },
    );
    expect(during).toBe(before + 2);
    expect(process.listenerCount('SIGTERM') + process.listenerCount('SIGINT')).toBe(before);
  });
});
