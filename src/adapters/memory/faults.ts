/**
 * Fault injection: make chosen requests fail, to test how vzmc copes with a cluster that answers
 * Conflict, TooManyRequests or Unavailable at the worst moment.
 */
import type { ClusterVerb } from './verbs.js';

/** The request a fault is matched against. */
export interface FaultRequest {
  /** The ClusterClient method called. */
  readonly verb: ClusterVerb;
  /** API version of the kind, when the call has one. */
  readonly apiVersion?: string;
  /** The kind, when the call has one. */
  readonly kind?: string;
  /** The namespace, when the call has one. */
  readonly namespace?: string;
  /** The object's name, when the call has one. */
  readonly name?: string;
}

/** Which requests fail. Every given field must match; absent fields match anything. */
export interface FaultMatch {
  /** One verb, or any of several. */
  readonly verb?: ClusterVerb | readonly ClusterVerb[];
  /** Only calls for this API version. */
  readonly apiVersion?: string;
  /** Only calls for this kind. */
  readonly kind?: string;
  /** Only calls in this namespace. */
  readonly namespace?: string;
  /** Only calls for this object name. */
  readonly name?: string;
  /** Fail this many matching requests, then stop. Default: until cleared. */
  readonly times?: number;
}

/** What a failing request rejects with: a value, or a function called per request for a fresh one. */
export type FaultError = ((request: FaultRequest) => unknown) | object;

/** A fault in place. */
export interface FaultHandle {
  /** Removes the fault. */
  clear(): void;
  /** How many requests it failed so far. */
  readonly hits: number;
  /** False once cleared or once `times` requests have failed. */
  readonly active: boolean;
}

interface Fault {
  readonly match: FaultMatch;
  readonly error: FaultError;
  hits: number;
  cleared: boolean;
}

const isActive = (fault: Fault) =>
  !fault.cleared && (fault.match.times === undefined || fault.hits < fault.match.times);

function matches(match: FaultMatch, request: FaultRequest): boolean {
  if (match.verb !== undefined) {
    const verbs: readonly ClusterVerb[] = typeof match.verb === 'string' ? [match.verb] : match.verb;
    if (!verbs.includes(request.verb)) return false;
  }
  return (
    (match.apiVersion === undefined || match.apiVersion === request.apiVersion) &&
    (match.kind === undefined || match.kind === request.kind) &&
    (match.namespace === undefined || match.namespace === request.namespace) &&
    (match.name === undefined || match.name === request.name)
  );
}

/** The faults of one cluster, checked in the order they were added. */
export class FaultTable {
  private faults: Fault[] = [];

  /** Adds a fault. */
  inject(match: FaultMatch, error: FaultError): FaultHandle {
    const fault: Fault = { match, error, hits: 0, cleared: false };
    this.faults.push(fault);
    return {
      clear: () => {
        fault.cleared = true;
        this.faults = this.faults.filter((f) => f !== fault);
      },
      get hits() {
        return fault.hits;
      },
      get active() {
        return isActive(fault);
      },
    };
  }

  /** The error the first matching fault gives, if any; counts the hit. */
  check(request: FaultRequest): { readonly error: unknown } | undefined {
    for (const fault of this.faults) {
      if (!isActive(fault) || !matches(fault.match, request)) continue;
      fault.hits += 1;
      const error =
        typeof fault.error === 'function'
          ? (fault.error as (r: FaultRequest) => unknown)(request)
          : fault.error;
      return { error };
    }
    return undefined;
  }
}
