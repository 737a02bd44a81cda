/**
 * Issue 13, item 5 on in-memory clusters: an integer beyond 2^53 that vzmc accepts reaches the
 * managed cluster with its own digits, reads back the same, and a later change to it is seen.
 */
import { describe, expect, it } from 'vitest';
import { loadText, toJson, toYaml, type KubeObject } from '../../../src/index.js';
import { mcapp, project } from '../../support/fleet.js';
import { memoryFleet } from '../../support/memory-fleet.js';

/** A Component whose workload carries `size`, spelled exactly as `text`, loaded like `vzmc -f`. */
function componentWith(text: string): KubeObject {
  const yaml = [
    'apiVersion: core.oam.dev/v1alpha2',
    'kind: Component',
    'metadata:',
    '  name: c1',
    '  namespace: app',
    'spec:',
    '  workload:',
    '    apiVersion: example.com/v1',
    '    kind: Thing',
    '    spec:',
    `      size: ${text}`,
    '',
  ].join('\n');
  const { objects, issues } = loadText(yaml, 'c1.yaml');
  expect(issues).toEqual([]);
  return objects[0]!.object;
}

const sizeOf = (object: KubeObject | undefined): unknown =>
  (object as unknown as { spec: { workload: { spec: { size: unknown } } } } | undefined)?.spec.workload.spec
    .size;

describe('big integers through the in-memory fleet', () => {
  it.each([
    '9007199254740994', // 2^53 + 2
    '-9007199254740994',
    '1152921504606847000', // 2^60's own digits as a double prints them
    '18446744073709552000', // beyond uint64: still a double's own digits
    '123456789012345680000',
  ])('%s is applied, read back and compared with its own digits', async (text) => {
    const fleet = memoryFleet(['managed1']);
    await fleet.register('managed1');
    await fleet.applyAdmin([project('p', ['app'], ['managed1'])]);
    await fleet.syncAdmin();
    await fleet.applyAdmin([mcapp('a', 'app', ['managed1'], { components: ['c1'] }), componentWith(text)]);
    const first = await fleet.agent('managed1').runOnce();
    expect(first.state).toBe('synced');

    const local = fleet.managed.managed1!;
    const read = () =>
      local
        .snapshot()
        .find((o) => o.kind === 'Component' && o.metadata.name === 'c1' && o.metadata.namespace === 'app');
    expect(toYaml([read()])).toContain(`\n      size: ${text}\n`);
    expect(toJson(read())).toContain(`"size": ${text}\n`);
    expect(String(sizeOf(read()))).toBe(text);

    const again = await fleet.agent('managed1').runOnce();
    expect(again.state === 'synced' && again.plan.actions.filter((a) => a.kind === 'Component')).toEqual([]);

    // Someone changes it on the managed cluster to the next double: the plan sees it and puts it back.
    const changed = structuredClone(read()!) as unknown as { spec: { workload: { spec: { size: number } } } };
    const size = changed.spec.workload.spec.size;
    const next = size + Math.sign(size) * 2 ** (Math.floor(Math.log2(Math.abs(size))) - 52);
    expect(next).not.toBe(size);
    changed.spec.workload.spec.size = next;
    await local.client().replace(changed as unknown as KubeObject, { fieldManager: 'kubectl-edit' });
    expect(sizeOf(read())).toBe(next);
    const repair = await fleet.agent('managed1').runOnce();
    expect(
      repair.state === 'synced' && repair.plan.actions.filter((a) => a.kind === 'Component').map((a) => a.op),
    ).toEqual(['update']);
    expect(String(sizeOf(read()))).toBe(text);
  });

  it('an integer vzmc would change never reaches a cluster: the input is refused with its position', () => {
    const { objects, issues } = loadText(
      'apiVersion: core.oam.dev/v1alpha2\nkind: Component\nmetadata: {name: c1, namespace: app}\nspec:\n  workload: {spec: {size: 9007199254740993}}\n',
      'c1.yaml',
    );
    expect(objects).toEqual([]);
    expect(issues.map((i) => `${i.source?.file}:${i.source?.line}:${i.source?.column} ${i.code}`)).toEqual([
      'c1.yaml:5:27 yaml/inexact-integer',
    ]);
    expect(issues[0]?.path).toEqual(['spec', 'workload', 'spec', 'size']);
  });
});
