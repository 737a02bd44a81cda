/**
 * Time and identity sources of the in-memory cluster. vzmc takes clock and randomness as
 * parameters, so the defaults here are deterministic: the same calls give the same bytes.
 */

/** The current time, as the cluster sees it. */
export type Clock = () => Date;

/** Produces a fresh unique id (a `metadata.uid`) on every call. */
export type IdGenerator = () => string;

/** The instant the default clock shows. */
export const DEFAULT_EPOCH = '2026-01-01T00:00:00Z';

/**
 * A clock that always shows the same instant.
 *
 * @example
 * fixedClock('2026-01-01T00:00:00Z')().toISOString() //=> '2026-01-01T00:00:00.000Z'
 */
export function fixedClock(at: string | Date = DEFAULT_EPOCH): Clock {
  const ms = parseInstant(at);
  return () => new Date(ms);
}

/** A clock that tests move forward by hand (for token expiry and timestamps). */
export interface ManualClock extends Clock {
  /** Moves the clock forward by `seconds`. */
  advance(seconds: number): void;
  /** Sets the clock to an instant. */
  set(at: string | Date): void;
}

/**
 * A clock that only moves when told to.
 *
 * @example
 * const clock = manualClock();
 * clock.advance(3600);
 * clock().toISOString() //=> '2026-01-01T01:00:00.000Z'
 */
export function manualClock(start: string | Date = DEFAULT_EPOCH): ManualClock {
  let ms = parseInstant(start);
  const clock = (() => new Date(ms)) as ManualClock;
  clock.advance = (seconds: number) => {
    ms += seconds * 1000;
  };
  clock.set = (at: string | Date) => {
    ms = parseInstant(at);
  };
  return clock;
}

function parseInstant(at: string | Date): number {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not a valid instant: ${String(at)}`);
  return ms;
}

/**
 * UUID-shaped ids from a counter. The seed (the cluster's name by default) goes into the first
 * group, so two clusters of one test never hand out the same uid, as real clusters never do.
 *
 * @example
 * const ids = sequentialIds('admin');
 * ids() //=> '34c83614-0000-4000-8000-000000000001'
 */
export function sequentialIds(seed = ''): IdGenerator {
  const prefix = fnv1a(seed).toString(16).padStart(8, '0');
  let n = 0;
  return () => {
    n += 1;
    return `${prefix}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  };
}

/** FNV-1a over UTF-16 code units: a small, stable hash for seeds and generated names. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** RFC 3339 with second precision, as metav1.Time serializes. */
export function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
