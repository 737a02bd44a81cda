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
 * Polling is jittered (50–70 s by default). An abort signal stops the loop after the action in flight.
 */
import { runIteration } from './agent-iteration.js';
import { agentContext } from './agent-state.js';
import type { Agent, AgentOptions, IterationReport } from './agent-types.js';

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

  async function run(signal: AbortSignal, onIteration?: (report: IterationReport) => void): Promise<void> {
    const interval = options.intervalMs ?? { min: 50_000, max: 70_000 };
    while (!signal.aborted) {
      const result = await runOnce(signal);
      onIteration?.(result);
      if (signal.aborted) break;
      await context.sleep(interval.min + context.random() * (interval.max - interval.min), signal);
    }
  }

  return { runOnce, run };
}
