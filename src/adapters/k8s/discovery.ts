/**
 * Which REST resource serves an apiVersion and kind. Kinds in `KINDS` need no request at all, so
 * a CRD installed after the client was created just works (client-node's discovery cache, which
 * never refreshes, fails there with "Unrecognized API version and kind"). Other kinds are looked
 * up once per apiVersion and cached; a kind missing from the cached list refreshes it once, for
 * the CRD that was installed since.
 */
import { ClusterError, ClusterErrorReason, isClusterError } from '../../port/errors.js';
import { kindInfo } from '../../model/kinds.js';
import { timeoutError, type ErrorTarget } from './errors.js';
import { withDeadline, type Deadline } from './deadline.js';
import { groupVersionPath, splitApiVersion, type RestResource } from './paths.js';

/** The parts of a `meta/v1 APIResourceList` discovery reads. */
interface ApiResourceList {
  readonly resources?: readonly {
    readonly name: string;
    readonly kind: string;
    readonly namespaced: boolean;
  }[];
}

/** Fetches and parses a JSON document, rejecting with a ClusterError. */
export type FetchJson = (path: string, deadline: Deadline, target: ErrorTarget) => Promise<unknown>;

/** Resolves kinds to REST resources for one cluster. */
export class ResourceResolver {
  readonly #lists = new Map<string, Promise<ApiResourceList>>();

  constructor(
    private readonly fetchJson: FetchJson,
    private readonly clusterName: string,
  ) {}

  /** The resource of a kind in `KINDS`, known without a request; `undefined` for the others. */
  known(apiVersion: string, kind: string): RestResource | undefined {
    return kindInfo(apiVersion, kind);
  }

  /** The resource for a kind; NotFound when the server serves no such kind. */
  async resolve(apiVersion: string, kind: string, deadline: Deadline): Promise<RestResource> {
    const known = kindInfo(apiVersion, kind);
    if (known !== undefined) return known;
    const target: ErrorTarget = { apiVersion, kind };
    let found = find(await this.#list(apiVersion, deadline, target, false), apiVersion, kind);
    found ??= find(await this.#list(apiVersion, deadline, target, true), apiVersion, kind);
    if (found === undefined) {
      throw new ClusterError({
        reason: ClusterErrorReason.NotFound,
        message: `no matches for kind "${kind}" in version "${apiVersion}"`,
        target,
      });
    }
    return found;
  }

  #list(
    apiVersion: string,
    deadline: Deadline,
    target: ErrorTarget,
    refresh: boolean,
  ): Promise<ApiResourceList> {
    let list = refresh ? undefined : this.#lists.get(apiVersion);
    if (list === undefined) {
      list = this.#fetch(apiVersion, deadline, target);
      this.#lists.set(apiVersion, list);
      // A failed lookup is not cached: the next call asks again.
      list.catch(() => {
        if (this.#lists.get(apiVersion) === list) this.#lists.delete(apiVersion);
      });
    }
    // A caller that joins another's lookup still gives up at its own deadline.
    return withDeadline(list, deadline, () =>
      timeoutError('discovery did not answer in time', deadline.timeoutMs, {
        cluster: this.clusterName,
        method: 'GET',
        url: groupVersionPath(apiVersion),
        target,
      }),
    );
  }

  async #fetch(apiVersion: string, deadline: Deadline, target: ErrorTarget): Promise<ApiResourceList> {
    try {
      return (await this.fetchJson(groupVersionPath(apiVersion), deadline, target)) as ApiResourceList;
    } catch (error) {
      if (isClusterError(error) && error.reason === ClusterErrorReason.NotFound) {
        // The group/version is not served at all; say so in kubectl's words, not as a missing object.
        return { resources: [] };
      }
      throw error;
    }
  }
}

function find(list: ApiResourceList, apiVersion: string, kind: string): RestResource | undefined {
  const entry = list.resources?.find((r) => r.kind === kind && !r.name.includes('/'));
  if (entry === undefined) return undefined;
  const { group, version } = splitApiVersion(apiVersion);
  return { apiVersion, kind, group, version, plural: entry.name, namespaced: entry.namespaced };
}
