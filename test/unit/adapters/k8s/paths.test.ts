import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KINDS } from '../../../../src/model/kinds.js';
import { applyBody } from '../../../../src/adapters/k8s/client.js';
import {
  collectionPath,
  groupVersionPath,
  objectPath,
  queryString,
  splitApiVersion,
} from '../../../../src/adapters/k8s/paths.js';

describe('REST paths', () => {
  it('splits apiVersions and roots core and named groups', () => {
    expect(splitApiVersion('v1')).toEqual({ group: '', version: 'v1' });
    expect(splitApiVersion('clusters.verrazzano.io/v1alpha1')).toEqual({
      group: 'clusters.verrazzano.io',
      version: 'v1alpha1',
    });
    expect(groupVersionPath('v1')).toBe('/api/v1');
    expect(groupVersionPath('networking.k8s.io/v1')).toBe('/apis/networking.k8s.io/v1');
  });

  it('builds a path for every kind in KINDS from the table alone', () => {
    const paths = Object.values(KINDS).map((k) => objectPath(k, 'ns', 'name'));
    expect(paths).toEqual([
      '/apis/clusters.verrazzano.io/v1alpha1/namespaces/ns/multiclusterapplicationconfigurations/name',
      '/apis/clusters.verrazzano.io/v1alpha1/namespaces/ns/multiclustercomponents/name',
      '/apis/clusters.verrazzano.io/v1alpha1/namespaces/ns/multiclusterconfigmaps/name',
      '/apis/clusters.verrazzano.io/v1alpha1/namespaces/ns/multiclustersecrets/name',
      '/apis/clusters.verrazzano.io/v1alpha1/namespaces/ns/verrazzanoprojects/name',
      '/apis/clusters.verrazzano.io/v1alpha1/namespaces/ns/verrazzanomanagedclusters/name',
      '/apis/core.oam.dev/v1alpha2/namespaces/ns/applicationconfigurations/name',
      '/apis/core.oam.dev/v1alpha2/namespaces/ns/components/name',
      '/api/v1/namespaces/name',
      '/api/v1/namespaces/ns/secrets/name',
      '/api/v1/namespaces/ns/configmaps/name',
      '/api/v1/namespaces/ns/serviceaccounts/name',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/ns/rolebindings/name',
      '/apis/rbac.authorization.k8s.io/v1/clusterroles/name',
      '/apis/networking.k8s.io/v1/namespaces/ns/networkpolicies/name',
    ]);
  });

  it('lists across namespaces without one, and addresses subresources', () => {
    expect(collectionPath(KINDS.Secret)).toBe('/api/v1/secrets');
    expect(collectionPath(KINDS.Secret, 'a')).toBe('/api/v1/namespaces/a/secrets');
    expect(objectPath(KINDS.VerrazzanoProject, 'verrazzano-mc', 'p', 'status')).toBe(
      '/apis/clusters.verrazzano.io/v1alpha1/namespaces/verrazzano-mc/verrazzanoprojects/p/status',
    );
  });

  it('encodes query values and skips undefined ones', () => {
    expect(queryString({})).toBe('');
    expect(queryString({ labelSelector: 'a in (b,c),!d', limit: 500, force: true, dryRun: undefined })).toBe(
      '?labelSelector=a+in+%28b%2Cc%29%2C%21d&limit=500&force=true',
    );
  });

  it('encodes every name and value exactly as URLSearchParams does', () => {
    const viaSearchParams = (params: Record<string, string | undefined>) => {
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(params)) if (value !== undefined) search.append(key, value);
      const text = search.toString();
      return text === '' ? '' : `?${text}`;
    };
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom("a b!'()~*-._%+&=?#/", '\ud800x'));
    fc.assert(
      fc.property(fc.dictionary(text, fc.option(text, { nil: undefined })), (params) => {
        expect(queryString(params)).toBe(viaSearchParams(params));
      }),
      { numRuns: 500 },
    );
  });
});

describe('applyBody', () => {
  it('drops managedFields and resourceVersion, keeps resourceVersion on request, and never mutates its input', () => {
    const object = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a', resourceVersion: '7', managedFields: [], uid: 'u' },
    };
    const before = structuredClone(object);
    expect(applyBody(object, false)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a', uid: 'u' },
    });
    expect(applyBody(object, true)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a', uid: 'u', resourceVersion: '7' },
    });
    expect(object).toEqual(before);
  });
});
