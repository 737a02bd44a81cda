/**
 * Credentials for a simulated cluster, made with node:crypto alone: a static admin token (the API
 * server's `--token-auth-file`) and the service-account signing key.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';

/** The identity behind a cluster's admin token. `system:masters` bypasses RBAC. */
export const ADMIN_IDENTITY = { user: 'vzmc-admin', uid: 'vzmc-admin', groups: ['system:masters'] } as const;

/** A random bearer token. */
export function generateToken(): string {
  return randomBytes(24).toString('hex');
}

/**
 * One line of a `--token-auth-file`: `token,user,uid,"group1,group2"`.
 *
 * @example
 * tokenFileLine('s3cr3t', ADMIN_IDENTITY) //=> 's3cr3t,vzmc-admin,vzmc-admin,"system:masters"\n'
 */
export function tokenFileLine(
  token: string,
  identity: { readonly user: string; readonly uid: string; readonly groups: readonly string[] },
): string {
  if (/[,"\n]/.test(token + identity.user + identity.uid))
    throw new Error('token, user and uid must not contain commas, quotes or newlines');
  return `${token},${identity.user},${identity.uid},"${identity.groups.join(',')}"\n`;
}

/**
 * An ECDSA P-256 private key as SEC1 PEM (`EC PRIVATE KEY`). The API server reads the public key
 * from the same file, so one file serves both `--service-account-signing-key-file` and
 * `--service-account-key-file` (as in Kubernetes' own StartTestServer).
 */
export function generateServiceAccountKey(): string {
  const { privateKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'sec1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return privateKey;
}
