/**
 * The one state rule the admin applies on every pass (spec §5.4 and §5.6), shared by the planner's
 * admin recompute and the executor's write on the freshest object.
 */
import { Kind } from '../model/kinds.js';
import type { MultiClusterResourceStatus, Placement } from '../model/verrazzano.js';
import { computeEffectiveState } from './effective-state.js';
import { vmcState } from './vmc-state.js';

/** The fields the state rules read from a wrapper, a project or a VMC. */
export interface StatefulObject {
  readonly kind: string;
  readonly spec?: { readonly placement?: Placement };
  readonly status?: MultiClusterResourceStatus & { readonly lastAgentConnectTime?: string };
}

/**
 * The `status.state` the admin computes for `object` at `now`: for a VerrazzanoManagedCluster the
 * connect-time rule (B12, {@link vmcState}); for a wrapper or a project the effective state over its
 * current placement (S1, {@link computeEffectiveState}; `now` is not used).
 *
 * @example
 * stateOf({ kind: 'MultiClusterSecret', spec: { placement: { clusters: [{ name: 'managed1' }] } } }, now) //=> 'Pending'
 */
export function stateOf(object: StatefulObject, now: Date): string {
  const current = object.status?.state ?? '';
  if (object.kind === Kind.VerrazzanoManagedCluster)
    return vmcState(now, object.status?.lastAgentConnectTime, current);
  return computeEffectiveState(object.status, object.spec?.placement ?? { clusters: [] });
}
