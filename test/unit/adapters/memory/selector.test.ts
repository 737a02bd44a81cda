import { describe, expect, it } from 'vitest';
import {
  createMemoryCluster,
  parseLabelSelector,
  SelectorError,
} from '../../../../src/adapters/memory/index.js';
import { configMap, failure, namespace } from './helpers.js';

const matches = (selector: string, labels: Record<string, string>) =>
  parseLabelSelector(selector).matches(labels);

describe('label selectors', () => {
  it('= and == require the key with that value', () => {
    expect(matches('app=web', { app: 'web' })).toBe(true);
    expect(matches('app==web', { app: 'web' })).toBe(true);
    expect(matches('app=web', { app: 'api' })).toBe(false);
    expect(matches('app=web', {})).toBe(false);
  });

  it('!= matches a different value or a missing key', () => {
    expect(matches('app!=web', { app: 'api' })).toBe(true);
    expect(matches('app!=web', {})).toBe(true);
    expect(matches('app!=web', { app: 'web' })).toBe(false);
  });

  it('in and notin take sets; notin matches a missing key', () => {
    expect(matches('tier in (front, back)', { tier: 'back' })).toBe(true);
    expect(matches('tier in (front,back)', { tier: 'db' })).toBe(false);
    expect(matches('tier notin (front,back)', { tier: 'db' })).toBe(true);
    expect(matches('tier notin (front,back)', {})).toBe(true);
    expect(matches('tier notin (front,back)', { tier: 'front' })).toBe(false);
  });

  it('key and !key test existence', () => {
    expect(matches('legacy', { legacy: '' })).toBe(true);
    expect(matches('legacy', {})).toBe(false);
    expect(matches('!legacy', {})).toBe(true);
    expect(matches('!legacy', { legacy: 'x' })).toBe(false);
  });

  it('gt and lt compare integers', () => {
    expect(matches('replicas>2', { replicas: '3' })).toBe(true);
    expect(matches('replicas<2', { replicas: '3' })).toBe(false);
    expect(matches('replicas>2', { replicas: 'x' })).toBe(false);
  });

  it('every comma-separated requirement must hold; the empty selector matches everything', () => {
    expect(matches('app=web,tier in (front),!legacy', { app: 'web', tier: 'front' })).toBe(true);
    expect(matches('app=web,tier in (front),!legacy', { app: 'web', tier: 'front', legacy: '1' })).toBe(
      false,
    );
    expect(matches('', {})).toBe(true);
    expect(matches('  ', { a: 'b' })).toBe(true);
  });

  it('follows apimachinery for edge cases: empty values, keywords as values, prefixed keys', () => {
    expect(matches('app=', { app: '' })).toBe(true);
    expect(matches('app in ()', { app: '' })).toBe(true);
    expect(matches('app in (in,notin)', { app: 'notin' })).toBe(true);
    expect(matches('example.com/team=a', { 'example.com/team': 'a' })).toBe(true);
  });

  it.each([
    ['app=web,', "found '', expected: identifier after ','"],
    ['app in web', "unable to parse requirement: found 'web' expected: '('"],
    ['app in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['app web', "unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt"],
    ['!app=web', "found '=', expected: ',' or 'end of string'"],
    ['=web', "found '=', expected: !, identifier, or 'end of string'"],
    [
      'app>x',
      "unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must be an integer",
    ],
    ['app,', "found '', expected: identifier after ','"],
  ])('rejects %j: %s', (selector, message) => {
    expect(() => parseLabelSelector(selector)).toThrow(new SelectorError(message));
  });

  it('rejects invalid keys and values with the validation message', () => {
    expect(() => parseLabelSelector('bad key=x')).toThrow(SelectorError);
    expect(() => parseLabelSelector('-bad=x')).toThrow(
      /unable to parse requirement: <nil>: Invalid value: "-bad": name part must consist of/,
    );
    expect(() => parseLabelSelector('app=-x')).toThrow(
      /^unable to parse requirement: values\[0\]\[app\]: Invalid value: "-x": a valid label must be an empty string/,
    );
    expect(() => parseLabelSelector('app in (-x,-y)')).toThrow(
      /^unable to parse requirement: \[values\[0\]\[app\]: Invalid value: "-x": .*, values\[1\]\[app\]: Invalid value: "-y": /,
    );
  });
});

describe('memory cluster list', () => {
  async function setup() {
    const client = createMemoryCluster({ bootstrap: false, crds: false }).client();
    for (const ns of ['b', 'a']) await client.create(namespace(ns));
    await client.create(configMap('b', 'z', {}, { app: 'web' }));
    await client.create(configMap('a', 'y', {}, { app: 'api' }));
    await client.create(configMap('b', 'c', {}, { app: 'web', tier: 'front' }));
    await client.create(configMap('a', 'x'));
    return client;
  }

  it('lists in etcd key order: namespace, then name', async () => {
    const client = await setup();
    const items = (await client.list('v1', 'ConfigMap')).items.map(
      (c) => `${c.metadata.namespace}/${c.metadata.name}`,
    );
    expect(items).toEqual(['a/x', 'a/y', 'b/c', 'b/z']);
  });

  it('filters by namespace and label selector', async () => {
    const client = await setup();
    const names = async (labelSelector: string, namespace?: string) =>
      (
        await client.list('v1', 'ConfigMap', { labelSelector, ...(namespace ? { namespace } : {}) })
      ).items.map((c) => c.metadata.name);
    expect(await names('app=web')).toEqual(['c', 'z']);
    expect(await names('app=web,tier')).toEqual(['c']);
    expect(await names('app notin (web)')).toEqual(['x', 'y']);
    expect(await names('!app', 'a')).toEqual(['x']);
    expect(await names('', 'b')).toEqual(['c', 'z']);
  });

  it('a malformed selector is a BadRequest (400) with the parser message', async () => {
    const client = await setup();
    const error = await failure(client.list('v1', 'ConfigMap', { labelSelector: 'app in web' }));
    expect(error.reason).toBe('BadRequest');
    expect(error.status).toBe(400);
    expect(error.message).toBe("unable to parse requirement: found 'web' expected: '('");
  });
});
