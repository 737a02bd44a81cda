/**
 * The calls a {@link ClusterClient} makes, one per HTTP request a real adapter would send, and
 * the per-cluster tally benchmarks read to count API calls.
 */

/** A ClusterClient method, i.e. one kind of API request. */
export const ClusterVerb = {
  /** {@link vzmc!ClusterClient.get}. */
  Get: 'get',
  /** {@link vzmc!ClusterClient.list}. */
  List: 'list',
  /** {@link vzmc!ClusterClient.watch}. */
  Watch: 'watch',
  /** {@link vzmc!ClusterClient.create}. */
  Create: 'create',
  /** {@link vzmc!ClusterClient.replace}. */
  Replace: 'replace',
  /** {@link vzmc!ClusterClient.apply}. */
  Apply: 'apply',
  /** {@link vzmc!ClusterClient.delete}. */
  Delete: 'delete',
  /** {@link vzmc!ClusterClient.updateStatus}. */
  UpdateStatus: 'updateStatus',
  /** {@link vzmc!ClusterClient.serverVersion}. */
  ServerVersion: 'serverVersion',
  /** {@link vzmc!ClusterClient.requestToken}. */
  RequestToken: 'requestToken',
} as const;
/** One of {@link ClusterVerb}'s values. */
export type ClusterVerb = (typeof ClusterVerb)[keyof typeof ClusterVerb];

/** Requests per verb, every verb present. */
export type RequestCounts = { readonly [V in ClusterVerb]: number };

const zero = (): Record<ClusterVerb, number> =>
  Object.fromEntries(Object.values(ClusterVerb).map((verb) => [verb, 0])) as Record<ClusterVerb, number>;

/** Counts requests; every call counts, including those that fail. */
export class RequestCounter {
  private counts = zero();

  /** Counts one request. */
  count(verb: ClusterVerb): void {
    this.counts[verb] += 1;
  }

  /** A snapshot of the counts. */
  snapshot(): RequestCounts {
    return { ...this.counts };
  }

  /** Starts again from zero. */
  reset(): void {
    this.counts = zero();
  }
}
