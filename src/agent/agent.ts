/**
 * The agent: the loop that runs on a managed cluster (spec §7). Side effects live here and in the
 * adapters; every decision is the core's. Each iteration:
 *
 * 1. reads the agent Secret (`verrazzano-system/verrazzano-cluster-agent`, P1) and connects to the
 *    admin with its kubeconfig; no Secret means not registered: the agent idles (§7.1);
 * 2. deregisters when its VMC is being deleted, or when its VMC is gone or its token Unauthorized
 *    and that is seen again after `deregisterAfterMs` on a new connection (D2);
 * 3. reads the admin and local snapshots, plans (planSync), and executes the plan;
 * 4. reports back: the VMC status of §4.6, and the VMC state of §5.6;
 * 5. keeps the local registration Secret in sync with the admin's (§4.5).
 *
 * Polling is jittered (50–70 s by default). While it runs, the agent is event-driven (issue 16):
 * its snapshots come from list caches (agent-events), and a change to what it reads starts an
 * iteration within `reactMs`; the poll is the resync. An abort signal stops the loop after the
 * action in flight.
 */
import { dropAdmin } from './admin-connection.js';
import { agentViews } from './agent-events.js';
import { runIteration } from './agent-iteration.js';
import { agentContext } from './agent-state.js';
import type { Agent, AgentOptions, IterationReport } from './agent-types.js';
import { onAbort } from './retry.js';

export type { AdminConnector, Agent, AgentOptions, IterationReport } from './agent-types.js';
export { INSECURE_ADMIN_WARNING, readAgentSecret } from './agent-secret.js';

/**
 * Creates an agent. Its parts: the state it keeps between iterations (agent-state), one iteration
 * step by step (agent-iteration, with agent-registration and agent-report), and the loop below.
 *
 * @example
 * const agent = createAgent({ local, connectAdmin: (yaml) => createK8sClusterClient({ kubeconfig: { yaml } }) });
 * const report = await agent.runOnce();
 */
export function createAgent(options: AgentOptions): Agent {
  const context = agentContext(options);
  const runOnce = (signal?: AbortSignal): Promise<IterationReport> => runIteration(context, signal);

  async function run(
    signal: AbortSignal,
    onIteration?: (report: IterationReport, durationMs: number) => void,
    runOptions: { readonly shutdown?: AbortSignal } = {},
  ): Promise<void> {
    const interval = options.intervalMs ?? { min: 50_000, max: 70_000 };
    // `stop` ends the loop; only `signal` stops the iteration in flight.
    const stop = runOptions.shutdown ? AbortSignal.any([signal, runOptions.shutdown]) : signal;
    // `dirty`: a change arrived since the current iteration started; `wake` ends the wait early.
    const state = { dirty: false, wake: undefined as AbortController | undefined };
    const onChange = () => {
      state.dirty = true;
      state.wake?.abort();
    };
    const eventDriven = options.watch !== false && options.local.watch !== undefined;
    if (eventDriven) context.views = agentViews(options.local, onChange, context.logger);
    // Failed iterations in a row (event-driven only): their retries back off.
    let failures = 0;
    try {
      while (!stop.aborted) {
        state.dirty = false;
        context.views?.mark();
        const started = performance.now();
        const result = await runOnce(signal);
        if (result.state === 'synced') context.views?.sweep();
        onIteration?.(result, performance.now() - started);
        if (stop.aborted) break;
        failures = eventDriven && result.state === 'failed' ? failures + 1 : 0;
        if (!state.dirty) {
          state.wake = new AbortController();
          const wait =
            failures > 0
              ? retryDelay(failures, interval.min, context.random)
              : interval.min + context.random() * (interval.max - interval.min);
          if (failures > 0)
            context.logger.log('warn', 'iteration will be retried', { inMs: Math.round(wait), failures });
          // `stop` ends the wait through a listener forgotten after it (an `AbortSignal.any` per wait
          // would leave a reference on `stop` for every iteration: Node 20 never drops them), shared
          // with every other agent waiting on the same signal.
          const wake = state.wake;
          const forget = onAbort(stop, () => {
            wake.abort();
          });
          await context.sleep(wait, wake.signal);
          forget();
          state.wake = undefined;
        }
        // Let the rest of a burst arrive before the iteration that answers it.
        if (state.dirty && !stop.aborted) await context.sleep(options.reactMs ?? 150, stop);
      }
    } finally {
      context.views?.stop();
      context.views = undefined;
      dropAdmin(context); // the loop is over: its admin connection too
    }
  }

  return { runOnce, run };
}

/**
 * The wait before an event-driven agent retries a failed iteration: 1 s doubling, jittered, never
 * longer than the resync. A failed iteration (an unreachable admin above all) drops the admin
 * connection and the caches that watched through it, so no event would wake the agent before the
 * resync; the admin controller retries its passes the same way.
 */
function retryDelay(failures: number, maxMs: number, random: () => number): number {
  return Math.min(maxMs, 1_000 * 2 ** (failures - 1)) * (0.5 + random() / 2);
}
