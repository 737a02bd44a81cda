/**
 * What one reconcile of one resource on one cluster produces (spec §5.1, §5.2): its condition, and
 * the cluster-level status entry that condition gives.
 */
import {
  ConditionStatus,
  ConditionType,
  StateType,
  type ClusterLevelStatus,
  type Condition,
} from '../model/verrazzano.js';
import { rfc3339 } from './time.js';

/** The controller-runtime CreateOrUpdate results that reach a condition message (§5.1). */
export const OperationResult = {
  /** The object was created. */
  Created: 'created',
  /** The object was updated. */
  Updated: 'updated',
  /** The object already matched. */
  Unchanged: 'unchanged',
} as const;
/** One of {@link OperationResult}'s values. */
export type OperationResult = (typeof OperationResult)[keyof typeof OperationResult];

/** Message prefixes per unwrapped kind (§5.1). */
export const MessagePrefix = {
  /** `OAM Application Configuration created`, … (§3.2). */
  MultiClusterApplicationConfiguration: 'OAM Application Configuration',
  /** `OAM Component created`, … (§3.3). */
  MultiClusterComponent: 'OAM Component',
  /** `ConfigMap created`, … (§3.4). */
  MultiClusterConfigMap: 'ConfigMap',
  /** `Secret created`, … (§3.5). */
  MultiClusterSecret: 'Secret',
  /** Always `VerrazzanoProject created` (§5.1). */
  VerrazzanoProject: 'VerrazzanoProject',
} as const;

/**
 * The condition a local reconcile produces (`GetConditionFromResult`, §5.1): DeployComplete with
 * `<prefix> <result>` on success, DeployFailed with the error text on failure. Both have status True.
 *
 * @example
 * conditionFromResult(undefined, 'created', 'OAM Application Configuration', now)
 * //=> { type: 'DeployComplete', status: 'True', message: 'OAM Application Configuration created', lastTransitionTime: '…' }
 */
export function conditionFromResult(
  error: { readonly message: string } | undefined,
  result: OperationResult,
  prefix: string,
  now: Date,
): Condition {
  if (error) {
    return {
      type: ConditionType.DeployFailed,
      status: ConditionStatus.True,
      message: error.message,
      lastTransitionTime: rfc3339(now),
    };
  }
  return {
    type: ConditionType.DeployComplete,
    status: ConditionStatus.True,
    message: `${prefix} ${result}`,
    lastTransitionTime: rfc3339(now),
  };
}

/** The cluster-level status of a condition (`CreateClusterLevelStatus`, §5.2). */
export function clusterLevelStatus(condition: Condition, cluster: string): ClusterLevelStatus {
  const state =
    condition.type === ConditionType.DeployComplete
      ? StateType.Succeeded
      : condition.type === ConditionType.DeployFailed
        ? StateType.Failed
        : StateType.Pending;
  const status: ClusterLevelStatus = {
    name: cluster,
    state,
    lastUpdateTime: condition.lastTransitionTime ?? '',
  };
  if (condition.message !== undefined) status.message = condition.message;
  return status;
}
