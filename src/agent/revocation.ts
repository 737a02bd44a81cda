/**
 * Confirming a revocation before deregistering (D2, a deliberate difference from Verrazzano, which
 * deregisters at the first Unauthorized or NotFound). One 401 from a confused proxy or API server,
 * or one 404 while the VMC is being restored, must not cost a cluster its registration: the agent
 * deregisters only when an answer of revocation is seen again at least `afterMs` after the first,
 * through a new connection to the admin. The suspicion lives in memory, so a restarted agent
 * starts over; the clock is passed in.
 */

/** What the agent should do after an answer of revocation. */
export type RevocationVerdict =
  | {
      /** Seen again after the interval, on a new connection: deregister. */
      readonly confirmed: true;
    }
  | {
      /** Not yet confirmed: nothing is deleted, the iteration ends. */
      readonly confirmed: false;
      /** When, at the earliest, a repeated answer confirms it. */
      readonly confirmAt: Date;
    };

/** The suspicion of one agent. */
export interface RevocationWatch {
  /**
   * Records an answer of revocation (the token rejected, or the VMC missing) for `cluster`, seen
   * through connection number `connection`; confirmed when an earlier one for the same cluster is
   * at least the interval old and was seen through another connection.
   */
  suspect(cluster: string, connection: number): RevocationVerdict;
  /** The admin answered normally (the VMC is there): the suspicion is dropped. */
  clear(): void;
  /** Whether a revocation is suspected: the next answer must come through a new connection. */
  suspected(): boolean;
}

/** The default confirmation interval: under the default polling (50–70 s), the next iteration confirms. */
export const DEFAULT_DEREGISTER_AFTER_MS = 30_000;

/**
 * A revocation watch. With `afterMs` 0 every answer is confirmed at once, as in Verrazzano.
 *
 * @example
 * const watch = revocationWatch(30_000, () => new Date());
 * watch.suspect('managed1', 1); // { confirmed: false, confirmAt: now + 30 s }
 */
export function revocationWatch(afterMs: number, clock: () => Date): RevocationWatch {
  let first: { cluster: string; since: number; connection: number } | undefined;
  return {
    suspect(cluster, connection) {
      const now = clock().getTime();
      if (afterMs <= 0) return { confirmed: true };
      if (first?.cluster !== cluster) first = { cluster, since: now, connection };
      if (now - first.since >= afterMs && connection !== first.connection) {
        first = undefined;
        return { confirmed: true };
      }
      return { confirmed: false, confirmAt: new Date(first.since + afterMs) };
    },
    clear() {
      first = undefined;
    },
    suspected() {
      return first !== undefined;
    },
  };
}
