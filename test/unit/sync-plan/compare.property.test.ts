/**
 * objectPatch has a fast path that proves a match without building the projection. These
 * properties hold it to the reference definition: the patch is the RFC 6902 diff from the SSA
 * projection of the live object to the desired one. Spec §3 (CreateOrUpdate: no write when
 * nothing changed, `unchanged`) and the server-side-apply deviations B7 and B29 in
 * docs/deviations.md (other managers' fields survive; a field vzmc owned and dropped is removed).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diff } from '../../../src/internal/json-patch.js';
import { objectPatch, ownedFields, project } from '../../../src/sync-plan/compare.js';
import type { KubeObject } from '../../../src/model/meta.js';

const SERVER = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields'];

/** The reference: strip status and server metadata, project, diff. */
function reference(live: KubeObject, desired: KubeObject): unknown {
  const comparable = (o: KubeObject) => {
    const {
      status: _s,
      metadata,
      ...rest
    } = o as unknown as Record<string, unknown> & {
      metadata: Record<string, unknown>;
    };
    return {
      ...rest,
      metadata: Object.fromEntries(Object.entries(metadata).filter(([k]) => !SERVER.includes(k))),
    };
  };
  const wanted = comparable(desired);
  return diff(project(comparable(live), wanted, ownedFields(live)), wanted);
}

const key = fc.constantFrom('a', 'b', 'c', 'spec', 'data', 'x');
const scalar = fc.oneof(
  fc.constantFrom('v', 'w', ''),
  fc.integer({ min: 0, max: 3 }),
  fc.boolean(),
  fc.constant(null),
);
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 3 }),
  ),
}));
const body = fc.dictionary(key, value, { maxKeys: 4 });
const labels = fc.dictionary(fc.constantFrom('l1', 'l2'), fc.constantFrom('x', 'y'), { maxKeys: 2 });

/** A copy of `v` with about one leaf in `1/rate` changed, dropped or grown, chosen by `seed`. */
function mutate(v: unknown, seed: number, rate = 4): unknown {
  let state = seed >>> 0 || 1;
  const roll = () => ((state = (state * 1103515245 + 12345) >>> 0) >>> 16) % rate === 0;
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return roll() ? [...x.map(walk), 0] : x.map(walk);
    if (x !== null && typeof x === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, y] of Object.entries(x)) if (!roll()) out[k] = walk(y);
      if (roll()) out.extra = 'e';
      return out;
    }
    if (!roll()) return x;
    return typeof x === 'number' ? x + 1 : typeof x === 'string' ? `${x}!` : x === null ? 0 : !x;
  };
  return walk(v);
}

/** Turns a JSON value into the fieldsV1 shape that would own it. */
function fieldsOf(v: unknown): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [`f:${k}`, fieldsOf(x)]));
}

const object = (rest: Record<string, unknown>, meta: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  ...rest,
  metadata: { name: 'n', namespace: 'ns', ...meta },
});

describe('objectPatch fast path', () => {
  it('§3, B7, B29: agrees with the reference projection and diff on arbitrary objects', () => {
    fc.assert(
      fc.property(body, body, labels, labels, fc.boolean(), fc.nat(), (d, extra, dl, ll, owned, seed) => {
        const desired = object(d, { labels: dl });
        // Mostly the live object is the desired one plus other managers' fields, with a few leaves
        // changed (seed % 3 === 0 leaves it unchanged); otherwise it is unrelated.
        const copy = seed % 5 !== 0;
        const same = seed % 3 === 0 ? structuredClone(d) : (mutate(d, seed) as Record<string, unknown>);
        const liveBody = copy ? { ...extra, ...same } : extra;
        const liveMeta: Record<string, unknown> = {
          labels: copy ? { ...ll, ...dl } : ll,
          uid: 'u',
          resourceVersion: '7',
        };
        if (owned)
          liveMeta.managedFields = [
            {
              manager: 'vzmc',
              operation: 'Apply',
              fieldsV1: fieldsOf({ ...extra, metadata: { labels: ll } }),
            },
            // Sometimes a second Apply entry of vzmc's (merged), and always another manager's.
            ...(seed % 7 === 0
              ? [{ manager: 'vzmc', operation: 'Apply', fieldsV1: fieldsOf(liveBody) }]
              : []),
            { manager: 'kubectl', operation: 'Update', fieldsV1: fieldsOf(d) },
          ];
        const live = object({ ...liveBody, status: { phase: 'x' } }, liveMeta);
        expect(objectPatch(live, desired)).toEqual(reference(live, desired));
      }),
      { numRuns: 3000 },
    );
  });

  it('§3 unchanged: finds no change when the live object is the desired one plus server fields and status', () => {
    const desired = object({ data: { a: 'b', n: [1, { x: null }] } }, { labels: { l1: 'x' } });
    const live = object(
      { data: { a: 'b', n: [1, { x: null }] }, status: { ok: true } },
      { labels: { l1: 'x', other: 'y' }, uid: 'u', resourceVersion: '3', managedFields: [] },
    );
    expect(objectPatch(live, desired)).toEqual([]);
  });

  it('§3 unchanged: a steady object whose only extra keys are server fields and status is matched without reading its managedFields', () => {
    const desired = object({ data: { a: 'b' } }, { labels: { l1: 'x' } });
    const live = object(
      { data: { a: 'b' }, status: { ok: true } },
      { labels: { l1: 'x' }, uid: 'u', resourceVersion: '3', generation: 2 },
    );
    let reads = 0;
    Object.defineProperty(live.metadata, 'managedFields', {
      enumerable: true,
      get: () => {
        reads++;
        return [{ manager: 'vzmc', operation: 'Apply', fieldsV1: { 'f:data': { 'f:a': {} } } }];
      },
    });
    expect(objectPatch(live, desired)).toEqual([]);
    expect(reads).toBe(0);
  });

  it('B29: removes a field vzmc owned before and no longer sets', () => {
    const desired = object({ data: { a: 'b' } }, {});
    const live = object(
      { data: { a: 'b', gone: 'x' } },
      {
        managedFields: [
          { manager: 'vzmc', operation: 'Apply', fieldsV1: { 'f:data': { 'f:a': {}, 'f:gone': {} } } },
        ],
      },
    );
    expect(objectPatch(live, desired)).toEqual([{ op: 'remove', path: '/data/gone' }]);
  });
});
