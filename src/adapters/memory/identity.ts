/**
 * Who is calling: the cluster admin, a named user, or the holder of a token. Tokens are either
 * static (like a kube-apiserver `--token-auth-file`) or bound ServiceAccount tokens from the
 * TokenRequest API, which die with their ServiceAccount, as on a real cluster.
 */

/** An authenticated user, as the authorizer sees it. */
export interface UserInfo {
  readonly name: string;
  readonly groups: readonly string[];
}

/** A user and its groups, as {@link MemoryCluster.client} and static tokens take them. */
export interface Identity {
  /** The user name. */
  readonly user: string;
  /** Its groups; `system:authenticated` is always added. */
  readonly groups?: readonly string[];
}

/** Every authenticated user is in this group. */
export const AUTHENTICATED = 'system:authenticated';
/** Members of this group pass every authorization check, as on a real server. */
export const MASTERS = 'system:masters';

/** The cluster admin that `cluster.client()` acts as. */
export const ADMIN: UserInfo = { name: 'system:admin', groups: [MASTERS, AUTHENTICATED] };

/** The user a bound ServiceAccount token authenticates as. */
export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return {
    name: `system:serviceaccount:${namespace}:${name}`,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, AUTHENTICATED],
  };
}

/** Adds `system:authenticated`, which the server gives every authenticated request. */
export function userOf(identity: Identity): UserInfo {
  const groups = [...(identity.groups ?? [])];
  if (!groups.includes(AUTHENTICATED)) groups.push(AUTHENTICATED);
  return { name: identity.user, groups };
}

interface BoundToken {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly expires: number;
}

/** What a token request needs to know about the ServiceAccount it binds to. */
export interface TokenSubject {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
}

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The tokens a cluster accepts. */
export class TokenRegistry {
  private readonly fixed = new Map<string, UserInfo>();
  private readonly bound = new Map<string, BoundToken>();
  private issued = 0;

  constructor(private readonly cluster: string) {}

  /** Accepts `token` as `identity` from now on (a static token). */
  register(token: string, identity: Identity): void {
    this.fixed.set(token, userOf(identity));
  }

  /**
   * Issues a JWT-shaped token for a ServiceAccount. Its claims look like a real bound token's;
   * its signature is a counter, because only this cluster ever checks it (by lookup).
   */
  issue(
    subject: TokenSubject,
    nowMs: number,
    expirationSeconds: number,
    audiences: readonly string[],
  ): string {
    this.issued += 1;
    const iat = Math.floor(nowMs / 1000);
    const header = { alg: 'RS256', kid: `vzmc-memory-${this.cluster}` };
    const claims = {
      aud: [...audiences],
      exp: iat + expirationSeconds,
      iat,
      iss: 'https://kubernetes.default.svc.cluster.local',
      'kubernetes.io': {
        namespace: subject.namespace,
        serviceaccount: { name: subject.name, uid: subject.uid },
      },
      nbf: iat,
      sub: `system:serviceaccount:${subject.namespace}:${subject.name}`,
    };
    const token = `${base64url(header)}.${base64url(claims)}.${Buffer.from(`${this.cluster}/${this.issued}`).toString('base64url')}`;
    this.bound.set(token, { ...subject, expires: (iat + expirationSeconds) * 1000 });
    return token;
  }

  /**
   * The user a token authenticates as, or undefined (Unauthorized): unknown, expired, or bound
   * to a ServiceAccount that no longer exists with the same uid.
   */
  authenticate(
    token: string,
    nowMs: number,
    serviceAccountUid: (namespace: string, name: string) => string | undefined,
  ): UserInfo | undefined {
    const fixed = this.fixed.get(token);
    if (fixed) return fixed;
    const bound = this.bound.get(token);
    if (!bound || nowMs >= bound.expires) return undefined;
    if (serviceAccountUid(bound.namespace, bound.name) !== bound.uid) return undefined;
    return serviceAccountUser(bound.namespace, bound.name);
  }
}
