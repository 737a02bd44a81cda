/**
 * Issue 13 item 3, "nothing secret in any output": redactSecretData and the plan's redactPatch
 * hide Secret data wherever it hides, not only in `data`: the last-applied-configuration of a
 * Secret or MultiClusterSecret (and of the wrapper's template), annotations holding a Secret's
 * JSON, and JSON patches above, at or inside any of these.
 */
import { describe, expect, it } from 'vitest';
import { redactPatch } from '../../../src/sync-plan/format.js';
import { LAST_APPLIED, REDACTED, redactSecretData } from '../../../src/manifest/redact.js';
import type { KubeObject } from '../../../src/model/meta.js';

const SECRET = 'hunter2-do-not-print';
const secret = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name: 's',
    namespace: 'n',
    annotations: { [LAST_APPLIED]: `{"stringData":{"p":"${SECRET}"}}`, note: 'kept' },
  },
  stringData: { p: SECRET },
} as KubeObject;
const wrapper = {
  apiVersion: 'clusters.verrazzano.io/v1alpha1',
  kind: 'MultiClusterSecret',
  metadata: { name: 's', namespace: 'n', annotations: { [LAST_APPLIED]: `{"x":"${SECRET}"}` } },
  spec: {
    template: {
      metadata: { annotations: { [LAST_APPLIED]: SECRET } },
      data: { p: Buffer.from(SECRET).toString('base64') },
      stringData: { q: SECRET },
    },
    placement: { clusters: [{ name: 'managed1' }] },
  },
} as KubeObject;

describe('redactSecretData (issue 13 item 3)', () => {
  it('redacts a Secret’s data and its last-applied-configuration, and keeps other annotations', () => {
    const out = redactSecretData(secret) as unknown as { metadata: { annotations: Record<string, string> } };
    expect(JSON.stringify(out)).not.toContain(SECRET);
    expect(out.metadata.annotations).toEqual({ [LAST_APPLIED]: REDACTED, note: 'kept' });
  });

  it('redacts a MultiClusterSecret’s template data, its own and its template’s last-applied-configuration', () => {
    const out = JSON.stringify(redactSecretData(wrapper));
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain(Buffer.from(SECRET).toString('base64'));
    expect(out).toContain('"placement"');
  });

  it('redacts an annotation of any object that holds the JSON of a Secret, and leaves other objects as they are', () => {
    const holder = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', annotations: { copy: JSON.stringify(secret) } },
    } as KubeObject;
    expect(JSON.stringify(redactSecretData(holder))).not.toContain(SECRET);
    const plain = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', annotations: { a: 'b' } } };
    expect(redactSecretData(plain as KubeObject)).toBe(plain);
  });
});

describe('redactPatch (issue 13 item 3)', () => {
  it.each([
    ['', secret],
    ['/metadata', (secret as unknown as { metadata: unknown }).metadata],
    ['/metadata/annotations', { [LAST_APPLIED]: SECRET }],
    [`/metadata/annotations/${LAST_APPLIED.replace('/', '~1')}`, SECRET],
    ['/stringData', { p: SECRET }],
    ['/data/p', SECRET],
  ])('hides Secret data in an op at %j', (path, value) => {
    const out = redactPatch(secret, [{ op: 'replace', path, value }]);
    expect(JSON.stringify(out)).not.toContain(SECRET);
    expect(out[0]!.path).toBe(path);
  });

  it.each([
    ['/spec', (wrapper as unknown as { spec: unknown }).spec],
    ['/spec/template/stringData/q', SECRET],
    ['/spec/template/metadata', { annotations: { [LAST_APPLIED]: SECRET } }],
  ])('hides MultiClusterSecret template data in an op at %j', (path, value) => {
    expect(JSON.stringify(redactPatch(wrapper, [{ op: 'add', path, value }]))).not.toContain(SECRET);
  });

  it('keeps the ops of other kinds, and of other paths, as they are', () => {
    const ops = [{ op: 'replace' as const, path: '/metadata/labels/a', value: 'b' }];
    expect(redactPatch(secret, ops)).toEqual(ops);
    expect(
      redactPatch({ apiVersion: 'v1', kind: 'ConfigMap' }, [{ op: 'add', path: '/data/x', value: 'y' }]),
    ).toEqual([{ op: 'add', path: '/data/x', value: 'y' }]);
  });
});
