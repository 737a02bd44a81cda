import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FieldSet,
  compareFields,
  fieldSetOf,
  fromFieldsV1,
  pathString,
  toFieldsV1,
} from '../../../../src/adapters/memory/fieldpath.js';
import { DEDUCED, METADATA, rootShape } from '../../../../src/adapters/memory/structure.js';
import { KINDS } from '../../../../src/model/kinds.js';

const jsonObject = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 });

describe('field sets', () => {
  it('fieldsV1 marks a member that has children with "."', () => {
    const set = new FieldSet([
      ['f:metadata', 'f:labels'],
      ['f:metadata', 'f:labels', 'f:app'],
      ['f:data', 'f:x'],
    ]);
    expect(toFieldsV1(set)).toEqual({
      'f:data': { 'f:x': {} },
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
    });
  });

  it('prints paths as structured-merge-diff does', () => {
    expect(pathString(['f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image'])).toBe(
      '.spec.containers[name="web"].image',
    );
    expect(pathString(['f:metadata', 'f:finalizers', 'v:"a/b"'])).toBe('.metadata.finalizers[="a/b"]');
    expect(pathString(['f:items', 'i:3'])).toBe('.items[3]');
  });

  it('property: fieldsV1 encoding round-trips every field set', () => {
    fc.assert(
      fc.property(jsonObject, (value) => {
        const set = fieldSetOf(value, DEDUCED);
        expect(fromFieldsV1(toFieldsV1(set)).equals(set)).toBe(true);
      }),
    );
  });

  it('property: an object compared with itself has no differences', () => {
    fc.assert(
      fc.property(jsonObject, (value) => {
        const { added, removed, modified } = compareFields(value, structuredClone(value), DEDUCED);
        expect(added.size + removed.size + modified.size).toBe(0);
      }),
    );
  });

  it('lists of schemaless data are atomic; maps are granular; empty maps own nothing', () => {
    const set = fieldSetOf({ spec: { list: [1, 2], map: { a: 1 }, empty: {} } }, DEDUCED);
    expect(set.paths()).toEqual([
      ['f:spec', 'f:list'],
      ['f:spec', 'f:map', 'f:a'],
    ]);
  });

  it('metadata: finalizers are a set, ownerReferences keyed by uid', () => {
    const set = fieldSetOf({ finalizers: ['x'], ownerReferences: [{ uid: 'u', name: 'n' }] }, METADATA);
    expect(set.paths()).toEqual([
      ['f:finalizers', 'v:"x"'],
      ['f:ownerReferences', 'k:{"uid":"u"}'],
      ['f:ownerReferences', 'k:{"uid":"u"}', 'f:name'],
      ['f:ownerReferences', 'k:{"uid":"u"}', 'f:uid'],
    ]);
  });

  it('a new map is Added as a member itself, which is where Update entries get their "." markers', () => {
    const { added } = compareFields({}, { data: { x: '1' } }, rootShape(KINDS.ConfigMap.schema));
    expect(added.paths()).toEqual([['f:data'], ['f:data', 'f:x']]);
  });
});
