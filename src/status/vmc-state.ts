/**
 * The state of a VerrazzanoManagedCluster from its agent's last connect time (spec §5.6, B12):
 * `updateStateFromLastAgentConnectTime`, without ClusterAPI. Pure: the clock is an argument.
 */
import { VmcState } from '../model/verrazzano.js';

/** The agent polling interval Verrazzano's VMC state rule assumes, in seconds (§5.6). */
export const VMC_AGENT_POLLING_SECONDS = 60;
/** The number of polling intervals in the VMC state rule's offset (§5.6: `floor((d + 3 × 60 s) / 60 s) > 3`). */
export const MAX_TIMES_VMC_AGENT_POLLING = 3;

/**
 * The VMC state rule without ClusterAPI (§5.6): with no connect time, unchanged; with
 * `d = now − lastAgentConnectTime`, Inactive when `floor((d + 180 s) / 60 s) > 3` (that is,
 * d ≥ 60 s); else Pending when the state is still empty; else Active.
 *
 * @example
 * vmcState(now, now.toISOString(), '') //=> 'Pending'
 * vmcState(now, now.toISOString(), 'Pending') //=> 'Active'
 * vmcState(now, '1970-01-01T00:00:00Z', 'Active') //=> 'Inactive'
 */
export function vmcState(now: Date, lastAgentConnectTime: string | undefined, current: string): string {
  if (!lastAgentConnectTime) return current;
  const last = Date.parse(lastAgentConnectTime);
  if (Number.isNaN(last)) return current;
  const elapsedSeconds = (now.getTime() - last) / 1000;
  const periods = Math.floor(
    (elapsedSeconds + MAX_TIMES_VMC_AGENT_POLLING * VMC_AGENT_POLLING_SECONDS) / VMC_AGENT_POLLING_SECONDS,
  );
  if (periods > MAX_TIMES_VMC_AGENT_POLLING) return VmcState.Inactive;
  if (current === '') return VmcState.Pending;
  return VmcState.Active;
}
