/**
 * Creates and updates (server-side apply), and the ownership check around a create. A plan creates
 * what vzmc's labelled list did not show; an object of that name may still exist, made by someone
 * else, and vzmc never adopts it (P20, P21). Two checks, because server-side apply has no "create
 * only": before the write, one list of the kind per namespace and plan; after it, the answer's
 * `metadata.managedFields`. An object that appeared between the two carries another manager's
 * entry: vzmc gives back the fields its apply took (an apply of no fields) and fails the create as
 * AlreadyExists, so the object is never vzmc-owned and never deleted by it.
 */
import type { ClusterClient, ObjectList } from '../port/client.js';
import { ClusterError, ClusterErrorReason } from '../port/errors.js';
import type { KubeObject } from '../model/meta.js';
import { FIELD_MANAGER } from '../sync-plan/compare.js';
import { SyncOp, type SyncAction } from '../sync-plan/types.js';
import { Kind } from '../model/kinds.js';
import { adoptionRequested, isVzmcOwned, notOwnedMessage } from '../unwrap/markers.js';
import { withRetry, type RetryPolicy } from './retry.js';
import type { ExecuteDeps } from './execute-types.js';
import { keyOf } from './execute-status.js';

/** The lists `createForce` reads, one per client, kind and namespace for a whole plan. */
export type Lists = Map<string, Promise<ObjectList>>;

/** What `withRetry` needs besides the policy. */
type RetryDeps = Parameters<typeof withRetry>[2];

/**
 * Applies `action`'s body: an update as planned; a create after the ownership check, and checked
 * again by its answer (see the file comment).
 */
export async function applyWrite(
  client: ClusterClient,
  action: SyncAction & { readonly body: KubeObject },
  deps: ExecuteDeps,
  lists: Lists,
  retry: { readonly policy: RetryPolicy; readonly deps: RetryDeps },
): Promise<void> {
  const fieldManager = deps.fieldManager ?? FIELD_MANAGER;
  const creating = action.op === SyncOp.Create;
  const force = creating
    ? await withRetry(() => createForce(client, action, fieldManager, lists), retry.policy, retry.deps)
    : (action.force ?? false);
  const applied = await withRetry(
    () => client.apply(action.body, { fieldManager, force }),
    retry.policy,
    retry.deps,
  );
  // Forced: the object was seen and is vzmc's, or its owner asked for adoption; a namespace is shared.
  if (!creating || force || action.kind === Kind.Namespace) return;
  const other = otherManager(applied, fieldManager);
  if (other === undefined) return;
  const giveBack = { apiVersion: action.apiVersion, kind: action.kind, metadata: metadataKey(action) };
  let gaveBack = '';
  try {
    await withRetry(() => client.apply(giveBack, { fieldManager }), retry.policy, retry.deps);
  } catch (error) {
    gaveBack = `; giving back the fields vzmc's apply took failed (${(error as Error).message})`;
  }
  throw new ClusterError({
    reason: ClusterErrorReason.AlreadyExists,
    status: 409,
    message: `${notOwnedMessage(action.kind, action.namespace, action.name, fieldManager)} (it was created by ${other} while the plan ran)${gaveBack}`,
    target: keyOf(action),
  });
}

const metadataKey = (action: SyncAction) =>
  action.namespace ? { name: action.name, namespace: action.namespace } : { name: action.name };

/** A field manager other than `fieldManager` in the applied object's managedFields, if any. */
function otherManager(applied: KubeObject, fieldManager: string): string | undefined {
  for (const entry of applied.metadata.managedFields ?? [])
    if (entry.manager !== fieldManager) return entry.manager ?? '(unnamed)';
  return undefined;
}

/**
 * One list of `action`'s kind in its namespace per plan, shared by all its creates there: a
 * thousand creates in a namespace read it once, not a thousand times. Taken when the first create
 * of the kind there starts, before any of them is written; a failed list is read again on retry.
 */
function listOnce(lists: Lists, client: ClusterClient, action: SyncAction): Promise<ObjectList> {
  const key = `${action.target}\u0000${action.apiVersion}\u0000${action.kind}\u0000${action.namespace}`;
  const cached = lists.get(key);
  if (cached) return cached;
  const list = client.list(action.apiVersion, action.kind, {
    ...(action.namespace ? { namespace: action.namespace } : {}),
  });
  lists.set(key, list);
  list.catch(() => lists.delete(key));
  return list;
}

/**
 * Whether a create may go ahead, and with force. An existing object is taken only when vzmc owns
 * it, or its owner annotated it `vzmc.dev/adopt: "true"` (then force, so vzmc owns its fields);
 * otherwise an AlreadyExists failure naming the object and the fix. Namespaces are shared and never
 * deleted (P25): they are applied without force, as before.
 */
async function createForce(
  client: ClusterClient,
  action: SyncAction,
  manager: string,
  lists: Lists,
): Promise<boolean> {
  if (action.kind === Kind.Namespace) return action.force ?? false;
  // A list of the namespace, not a get: the RBAC vzmc installs grants list (its snapshots), and no
  // get of Secrets by name beyond the agent's own two.
  const list = await listOnce(lists, client, action);
  const existing = list.items.find((o) => o.metadata.name === action.name);
  if (!existing) return action.force ?? false;
  if (isVzmcOwned(existing, manager) || adoptionRequested(existing)) return true;
  throw new ClusterError({
    reason: ClusterErrorReason.AlreadyExists,
    status: 409,
    message: notOwnedMessage(action.kind, action.namespace, action.name, manager),
    target: keyOf(action),
  });
}
