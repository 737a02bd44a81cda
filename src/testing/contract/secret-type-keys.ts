/**
 * Contract case: the keys ValidateSecret (pkg/apis/core/validation) requires of registry and SSH
 * Secrets, and ValidateConfigMap's size limit, which names the whole object with
 * `field.NewPath("")`: Go's Path.String prints that as `[]`, in the message and the cause.
 */
import type { KubeObject } from '../../model/meta.js';
import { ClusterErrorReason, type ClusterError } from '../../port/errors.js';
import { contractCase, failure, type ContractCase, type ContractKit } from './kit.js';

const secret = (ns: string, name: string, type: string, stringData: Record<string, string>) =>
  ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ns }, type, stringData }) as KubeObject;

/** The one cause of an Invalid error, and its message. */
function single(expect: ContractKit['expect'], error: ClusterError, subject: string, cause: object): void {
  const { field, message } = cause as { field: string; message: string };
  expect(error).toMatchObject({
    reason: ClusterErrorReason.Invalid,
    status: 422,
    message: `${subject} is invalid: ${field}: ${message}`,
  });
  expect(error.causes).toEqual([cause]);
}

const secretTypeKeys = contractCase('secretTypeKeys', async ({ admin, configMap, expect, namespace }) => {
  const ns = await namespace('keys');
  const required = (field: string) => ({ reason: 'FieldValueRequired', message: 'Required value', field });
  const cases: [string, string, Record<string, string>, string][] = [
    ['dockercfg', 'kubernetes.io/dockercfg', { other: '{}' }, 'data[.dockercfg]'],
    ['dockerconfigjson', 'kubernetes.io/dockerconfigjson', { other: '{}' }, 'data[.dockerconfigjson]'],
    ['ssh', 'kubernetes.io/ssh-auth', { 'ssh-privatekey': '' }, 'data[ssh-privatekey]'],
  ];
  for (const [name, type, data, field] of cases) {
    const error = await failure(admin.create(secret(ns, name, type, data)));
    single(expect, error, `Secret "${name}"`, required(field));
  }
  const array = await failure(
    admin.create(secret(ns, 'array', 'kubernetes.io/dockercfg', { '.dockercfg': '[]' })),
  );
  single(expect, array, 'Secret "array"', {
    reason: 'FieldValueInvalid',
    message:
      'Invalid value: "<secret contents redacted>": json: cannot unmarshal array into Go value of type map[string]interface {}',
    field: 'data[.dockercfg]',
  });
  await admin.create(secret(ns, 'cfg', 'kubernetes.io/dockercfg', { '.dockercfg': '{"r.example":{}}' }));
  const tooLong = { reason: 'FieldValueTooLong', message: 'Too long: may not be more than 1048576 bytes' };
  const bigSecret = await failure(
    admin.create(secret(ns, 'big', 'Opaque', { k: 'x'.repeat(1024 * 1024 + 1) })),
  );
  single(expect, bigSecret, 'Secret "big"', { ...tooLong, field: 'data' });
  const big = await failure(admin.create(configMap(ns, 'big', { k: 'x'.repeat(1024 * 1024 + 1) })));
  single(expect, big, 'ConfigMap "big"', { ...tooLong, field: '[]' });
});

/** The cases of this file, in the suite's order. */
export const secretTypeKeysCases: readonly ContractCase[] = [secretTypeKeys];
