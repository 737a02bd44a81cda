import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KINDS } from '../../../src/model/index.js';
import { loadText, toJson, toYaml } from '../../../src/manifest/index.js';

// Strings that YAML 1.1 (and kubectl) would read as something else unless quoted.
const tricky = fc.constantFrom(
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  '~',
  'null',
  '010',
  '0o17',
  '0x1F',
  '1_000',
  '08',
  '12:30',
  '2001-12-14',
  '.inf',
  '-.inf',
  '.nan',
  '<<',
  '',
  ' leading',
  'trailing ',
  '- item',
  '? key',
  ': colon',
  '#hash',
  '---',
  '...',
  'a: b',
  'multi\nline',
  'tab\there',
  '"quoted"',
  "'single'",
  '!tag',
  '&anchor',
  '*alias',
  '@at',
  '`tick`',
  '%percent',
  '{a}',
  '[a]',
  'ünïcödé',
  '😀',
  '1e3',
  '+1',
  '-0',
  'True',
  'FALSE',
);
const text = fc.oneof(tricky, fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 8 }));
const key = text.filter((k) => k !== '__proto__');
const leaf = fc.oneof(
  text,
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
);
const freeForm = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 3 }),
  ),
})).value;
const stringMap = fc.dictionary(key, text, { maxKeys: 4 });
const meta = fc.record(
  { name: text, namespace: text, labels: stringMap, annotations: stringMap },
  { requiredKeys: ['name'] },
);
const placement = fc.record({ clusters: fc.array(fc.record({ name: text }), { maxLength: 3 }) });

const objects = fc.oneof(
  fc.record({
    apiVersion: fc.constant('v1'),
    kind: fc.constant('ConfigMap'),
    metadata: meta,
    data: stringMap,
  }),
  fc.record({
    apiVersion: fc.constant('clusters.verrazzano.io/v1alpha1'),
    kind: fc.constant('MultiClusterConfigMap'),
    metadata: meta,
    spec: fc.record({
      placement,
      template: fc.record({
        metadata: fc.record({ labels: stringMap }),
        data: stringMap,
        immutable: fc.boolean(),
      }),
    }),
  }),
  fc.record({
    apiVersion: fc.constant('core.oam.dev/v1alpha2'),
    kind: fc.constant('Component'),
    metadata: meta,
    spec: fc.record({
      workload: fc.record({
        apiVersion: text,
        kind: text,
        spec: fc.dictionary(key, freeForm, { maxKeys: 4 }),
      }),
    }),
  }),
  fc.record({
    apiVersion: fc.constant('clusters.verrazzano.io/v1alpha1'),
    kind: fc.constant('MultiClusterApplicationConfiguration'),
    metadata: meta,
    spec: fc.record({
      placement,
      secrets: fc.array(text, { maxLength: 3 }),
      template: fc.record({
        spec: fc.record({
          components: fc.array(
            fc.record({
              componentName: text,
              traits: fc.array(
                fc.record({ trait: fc.record({ apiVersion: text, kind: text, spec: freeForm }) }),
                { maxLength: 2 },
              ),
            }),
            { maxLength: 3 },
          ),
        }),
      }),
    }),
  }),
);

describe('serialization', () => {
  it('load(serialize(x)) equals x for every object the schemas accept, and serialization is deterministic', () => {
    fc.assert(
      fc.property(objects, (object) => {
        const schema = KINDS[object.kind as keyof typeof KINDS].schema;
        fc.pre(schema.safeParse(object).success);
        const yaml = toYaml([object]);
        expect(toYaml([structuredClone(object)])).toBe(yaml);
        const { objects: loaded, issues } = loadText(yaml, 'roundtrip.yaml');
        expect(issues).toEqual([]);
        expect(loaded).toHaveLength(1);
        expect(loaded[0]!.object).toEqual(object);
        // A second round trip is byte-identical.
        expect(toYaml([loaded[0]!.object])).toBe(yaml);
        expect(loadText(toJson(object), 'roundtrip.json').objects[0]?.object).toEqual(object);
      }),
      { numRuns: 400 },
    );
  });
});
