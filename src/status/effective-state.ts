/** The aggregate state of a resource over its placement (spec §5.4, rule S1). */
import { StateType, type MultiClusterResourceStatus, type Placement } from '../model/verrazzano.js';

/**
 * The aggregate state (`ComputeEffectiveState`, §5.4): Failed if any placed cluster failed, else
 * Pending if any is pending, else Succeeded once at least as many placed clusters succeeded as the
 * placement has entries (duplicates count), else Pending. Entries of unplaced clusters are ignored.
 *
 * @example
 * computeEffectiveState({ clusters: [{ name: 'c1', state: 'Succeeded', lastUpdateTime: '' }] }, { clusters: [{ name: 'c1' }, { name: 'c2' }] })
 * //=> 'Pending'
 */
export function computeEffectiveState(
  status: MultiClusterResourceStatus | undefined,
  placement: Placement,
): StateType {
  let pending = 0;
  let succeeded = 0;
  let failed = 0;
  for (const target of placement.clusters) {
    for (const entry of status?.clusters ?? []) {
      if (entry.name !== target.name) continue;
      if (entry.state === StateType.Pending) pending++;
      else if (entry.state === StateType.Succeeded) succeeded++;
      else if (entry.state === StateType.Failed) failed++;
    }
  }
  if (failed > 0) return StateType.Failed;
  if (pending > 0) return StateType.Pending;
  if (succeeded >= placement.clusters.length) return StateType.Succeeded;
  return StateType.Pending;
}
