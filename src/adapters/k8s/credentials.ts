/**
 * Credentials and TLS material for one cluster, obtained through client-node's
 * `KubeConfig.applyToHTTPSOptions` (tokens, basic auth, client certificates, CA, exec and OIDC
 * plugins, token files) and cached, because that call re-reads certificate files from disk and
 * builds a new agent every time: per request it would cost a file read and defeat keep-alive.
 *
 * Refresh policy:
 * - static credentials (token, certificates, basic auth) are kept until the server answers 401;
 * - plugin credentials (`exec`, `auth-provider`) are re-read every {@link PLUGIN_CREDENTIAL_TTL_MS};
 *   client-node's own caches decide whether that re-runs the plugin (exec: when the credential's
 *   `expirationTimestamp` has passed);
 * - a 401 drops the cache once and, for a kubeconfig vzmc loaded itself, starts again from a fresh
 *   `KubeConfig`, so an exec plugin runs again even if its credential claimed to be still valid
 *   (client-go does the same on 401).
 */
import { createHash } from 'node:crypto';
import type { Agent, OutgoingHttpHeaders } from 'node:http';
import type { RequestOptions } from 'node:https';
import { bufferFromFileOrString, type KubeConfig } from '@kubernetes/client-node';
import { credentialError } from './errors.js';
import type { SelectedKubeconfig } from './kubeconfig.js';

/** How long plugin-provided credentials are reused before client-node is asked again. */
export const PLUGIN_CREDENTIAL_TTL_MS = 10_000;

/** TLS options for the connection agent. */
export interface TlsMaterial {
  readonly ca?: Buffer | string;
  readonly cert?: Buffer | string;
  readonly key?: Buffer | string;
  readonly rejectUnauthorized: boolean;
  readonly servername?: string;
}

/** What a request needs to authenticate. */
export interface Credentials {
  /** `Authorization`, `Impersonate-User`, … */
  readonly headers: Readonly<Record<string, string>>;
  readonly tls: TlsMaterial;
  /** Identifies `tls`, so connections are rebuilt only when the material changes. */
  readonly tlsKey: string;
  /** client-node's proxy agent when the cluster has a `proxy-url`. */
  readonly proxyAgent: Agent | undefined;
  /** Increases on every refresh; lets a 401 drop exactly the credentials it was sent with. */
  readonly generation: number;
}

/** A cached, refreshable view of one context's credentials. */
export class CredentialCache {
  #kubeConfig: KubeConfig;
  #current: Credentials | undefined;
  #expiresAt = 0;
  #pending: Promise<Credentials> | undefined;
  #generation = 0;
  #reloadNext = false;
  readonly #ttlMs: number;

  constructor(
    private readonly selected: SelectedKubeconfig,
    private readonly clusterName: string,
  ) {
    this.#kubeConfig = selected.kubeConfig;
    const user = selected.user;
    const plugin = user !== null && (Boolean(user.exec) || Boolean(user.authProvider));
    this.#ttlMs = plugin ? PLUGIN_CREDENTIAL_TTL_MS : Number.POSITIVE_INFINITY;
  }

  /** The cached credentials when they are still good, without waiting (the hot path of every request). */
  cached(): Credentials | undefined {
    return this.#current !== undefined && Date.now() < this.#expiresAt ? this.#current : undefined;
  }

  /** The credentials to send now: cached, or refreshed once for all concurrent callers. */
  get(): Promise<Credentials> {
    const cached = this.cached();
    if (cached !== undefined) return Promise.resolve(cached);
    this.#pending ??= this.#refresh().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** Forgets `stale` after the server rejected it with 401, unless a newer refresh already replaced it. */
  invalidate(stale: Credentials): void {
    if (this.#current?.generation !== stale.generation) return;
    this.#current = undefined;
    this.#reloadNext = true;
  }

  async #refresh(): Promise<Credentials> {
    if (this.#reloadNext && this.selected.reload !== undefined) this.#kubeConfig = this.selected.reload();
    this.#reloadNext = false;
    const options: RequestOptions = {};
    let credentials: Credentials;
    try {
      await this.#kubeConfig.applyToHTTPSOptions(options);
      credentials = this.#build(options);
    } catch (error) {
      // An exec plugin that failed, a token or certificate file that is gone.
      throw credentialError(this.clusterName, error);
    }
    this.#current = credentials;
    this.#expiresAt = Date.now() + this.#ttlMs;
    return credentials;
  }

  #build(options: RequestOptions): Credentials {
    const cluster = this.selected.cluster;
    const headers = headerStrings(options.headers);
    if (typeof options.auth === 'string' && headers['Authorization'] === undefined) {
      headers['Authorization'] = `Basic ${Buffer.from(options.auth).toString('base64')}`;
    }
    // client-node skips all TLS options when the context has no user; the cluster's CA still applies.
    const ca = options.ca ?? bufferFromFileOrString(cluster.caFile, cluster.caData) ?? undefined;
    const tls: TlsMaterial = {
      ...(ca !== undefined ? { ca: ca as Buffer | string } : {}),
      ...(options.cert !== undefined ? { cert: options.cert as Buffer | string } : {}),
      ...(options.key !== undefined ? { key: options.key as Buffer | string } : {}),
      // Explicit, so NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment cannot turn verification off.
      rejectUnauthorized: !cluster.skipTLSVerify,
      ...(cluster.tlsServerName ? { servername: cluster.tlsServerName } : {}),
    };
    const proxyAgent = cluster.proxyUrl ? (options.agent as Agent | undefined) : undefined;
    return { headers, tls, tlsKey: tlsKeyOf(tls), proxyAgent, generation: ++this.#generation };
  }
}

function headerStrings(headers: OutgoingHttpHeaders | readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers === undefined || Array.isArray(headers)) return out;
  for (const [name, value] of Object.entries(headers as OutgoingHttpHeaders)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

function tlsKeyOf(tls: TlsMaterial): string {
  const hash = createHash('sha256');
  for (const part of [tls.ca, tls.cert, tls.key, tls.servername, String(tls.rejectUnauthorized)]) {
    hash.update(
      part === undefined
        ? '-'
        : typeof part === 'string'
          ? `s${part}`
          : Buffer.concat([Buffer.from('b'), part]),
    );
    hash.update('\0');
  }
  return hash.digest('hex');
}
