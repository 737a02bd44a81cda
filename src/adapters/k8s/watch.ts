/**
 * Watches, made safe to use unattended:
 * - over HTTP/2 each watch is a stream on the client's one connection, as client-go's are
 *   (`watch-h2.ts`): an agent's 62 watches cost the admin one TLS connection, not 62. A server
 *   without HTTP/2, a proxy, or a connection whose streams are taken gets client-node's `Watch`,
 *   one HTTP/1.1 connection per watch;
 * - starting is bounded: over HTTP/2 by the deadline; `Watch` passes no timeout of its own (its
 *   `AbortSignal.timeout` is overwritten), so it is given a `KubeConfig` whose fetch options carry
 *   the adapter's credentials, a connection agent and node-fetch's `timeout`, and a dead server
 *   fails the start within `timeoutMs` instead of hanging;
 * - the server ends every watch after `timeoutSeconds`, 30 to 60 minutes at random (the range the
 *   API server picks itself when a client names none, `--min-request-timeout` times 1 to 2; the
 *   watches of one client, started together, do not all restart together); a watch that ends
 *   normally is resumed from the last resourceVersion seen (events or bookmarks), so callers see one
 *   continuous stream. Every restart is a request the server pays for: at client-go's 5 to 10
 *   minutes, an agent's 62 watches cost the admin 3.8 ms of CPU per minute (bench/watch-restart);
 * - liveness comes from the server's bookmarks instead: its watch cache sends each watcher one about
 *   every minute, so a watch that has sent one and then stays silent for `silenceMs` (2.5 minutes)
 *   is presumed dead and resumed; one that never sent a bookmark (a server without a watch cache)
 *   is presumed dead only past its time plus a grace;
 * - a watch may start at a resourceVersion (a list's: no initial ADDED events); BOOKMARK events
 *   are always asked for (they advance the resume point) and passed on only when the caller asks;
 * - an `ERROR` event (410 Gone: the resourceVersion is too old) or a broken connection is reported
 *   once through `onError` and the watch stops: the caller re-lists, as with client-node informers.
 */
import { KubeConfig, Watch, type Cluster } from '@kubernetes/client-node';
import type { WatchEvent, WatchHandle } from '../../port/client.js';
import { ClusterError, ClusterErrorReason, isClusterError } from '../../port/errors.js';
import type { KubeObject } from '../../model/meta.js';
import { deadlineIn, remainingMs, type Deadline } from './deadline.js';
import {
  errorFromNetwork,
  errorFromResponse,
  errorFromWatchStatus,
  timeoutError,
  type ErrorTarget,
} from './errors.js';
import { USER_AGENT, type Transport } from './transport.js';
import { queryString } from './paths.js';
import { readWatchStream, type WatchStreamHandle, type WatchStreamSink } from './watch-h2.js';
import { ContentType, QueryParam, WatchEventType } from './wire.js';

/** The query of one watch request, `watch=true` aside. */
type WatchParams = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * The shortest time the server keeps one watch request open before the adapter resumes it; each
 * request asks for this times 1 to 2 ({@link watchTimeoutSeconds}): the API server's own default
 * (`--min-request-timeout`, 1,800 s).
 */
export const WATCH_TIMEOUT_SECONDS = 1_800;
/**
 * How long a watch that has sent a bookmark may then stay silent before it is presumed dead: 2.5
 * times the minute between the watch cache's bookmarks.
 */
export const WATCH_BOOKMARK_SILENCE_MS = 150_000;
/** How long past its timeout a silent, unclosed watch is given before it is presumed dead. */
export const WATCH_SILENCE_GRACE_MS = 30_000;
/** A watch that ends sooner than this after it started waits this long before resuming, so a server that closes at once is not hammered. */
export const WATCH_MIN_RESTART_MS = 1_000;

/** The `timeoutSeconds` of one watch request: {@link WATCH_TIMEOUT_SECONDS} times 1 to 2. */
export function watchTimeoutSeconds(random: () => number): number {
  const r = Math.min(Math.max(random(), 0), 0.999);
  return Math.floor(WATCH_TIMEOUT_SECONDS * (1 + r));
}

type FetchOptions = Awaited<ReturnType<KubeConfig['applyToFetchOptions']>>;

/**
 * The two things `Watch` asks of its `KubeConfig`: the cluster (for the URL) and fetch options.
 * Overriding them routes watches through the adapter's cached credentials and bounded start.
 */
class WatchKubeConfig extends KubeConfig {
  constructor(
    private readonly watchCluster: Cluster,
    private readonly fetchOptions: () => Promise<FetchOptions>,
  ) {
    super();
  }

  override getCurrentCluster(): Cluster | null {
    return this.watchCluster;
  }

  override applyToFetchOptions(): Promise<FetchOptions> {
    return this.fetchOptions();
  }
}

/** What a watch needs from its client. */
export interface WatchDeps {
  readonly transport: Transport;
  readonly clusterName: string;
  readonly timeoutMs: number;
  /** Randomness for {@link watchTimeoutSeconds}. Default `Math.random`. */
  readonly random?: () => number;
  /** Silence after a bookmark that presumes a watch dead. Default {@link WATCH_BOOKMARK_SILENCE_MS}. */
  readonly silenceMs?: number;
}

/** What to watch. */
export interface WatchSpec {
  readonly apiVersion: string;
  readonly kind: string;
  /** The collection path. */
  readonly path: string;
  readonly labelSelector?: string | undefined;
  /** Where the stream starts (after this version); the matching objects first when absent. */
  readonly resourceVersion?: string | undefined;
  /** Deliver BOOKMARK events to the caller too (they always advance the resume point). */
  readonly bookmarks?: boolean;
}

/** Starts a watch; resolves once the server accepted it, rejects with a ClusterError otherwise. */
export async function startWatch(
  deps: WatchDeps,
  spec: WatchSpec,
  onEvent: (event: WatchEvent) => void,
  onError: ((error: unknown) => void) | undefined,
): Promise<WatchHandle> {
  const running = new RunningWatch(deps, spec, onEvent, onError);
  await running.open();
  return {
    stop: () => {
      running.stop();
    },
  };
}

class RunningWatch {
  #stopped = false;
  #generation = 0;
  #resourceVersion: string | undefined;
  #controller: WatchStreamHandle | undefined;
  #silenceTimer: NodeJS.Timeout | undefined;
  /** Whether the current request has sent a bookmark (so its silence is telling). */
  #bookmarked = false;
  #restartTimer: NodeJS.Timeout | undefined;
  readonly #target: ErrorTarget;

  constructor(
    private readonly deps: WatchDeps,
    private readonly spec: WatchSpec,
    private readonly onEvent: (event: WatchEvent) => void,
    private readonly onError: ((error: unknown) => void) | undefined,
  ) {
    this.#target = { apiVersion: spec.apiVersion, kind: spec.kind };
    this.#resourceVersion = spec.resourceVersion;
  }

  /** Opens one watch request; rejects when it could not be established. */
  async open(): Promise<void> {
    const generation = ++this.#generation;
    this.#bookmarked = false;
    const deadline = deadlineIn(this.deps.timeoutMs);
    const startedAt = Date.now();
    const timeoutSeconds = watchTimeoutSeconds(this.deps.random ?? Math.random);
    const params = {
      [QueryParam.LabelSelector]: this.spec.labelSelector,
      [QueryParam.AllowWatchBookmarks]: true,
      [QueryParam.TimeoutSeconds]: timeoutSeconds,
      [QueryParam.ResourceVersion]: this.#resourceVersion,
    };
    const sink: WatchStreamSink = {
      event: (phase, object) => {
        if (generation === this.#generation) this.#event(phase, object);
      },
      done: (error) => {
        if (generation === this.#generation) this.#ended(error, startedAt);
      },
    };
    let controller: WatchStreamHandle;
    try {
      controller =
        (await this.#openH2(params, deadline, sink)) ?? (await this.#openH1(params, deadline, sink));
    } catch (error) {
      throw this.#mapError(error);
    }
    if (generation !== this.#generation) {
      // Stopped (or superseded) while this request was being accepted: close it at once.
      controller.abort();
      return;
    }
    this.#controller = controller;
    this.#presumeDeadIn(timeoutSeconds * 1000 + WATCH_SILENCE_GRACE_MS);
  }

  /** The watch as a stream on the client's HTTP/2 connection; undefined when that is not to be had. */
  async #openH2(
    params: WatchParams,
    deadline: Deadline,
    sink: WatchStreamSink,
  ): Promise<WatchStreamHandle | undefined> {
    const path = `${this.spec.path}${queryString({ [QueryParam.Watch]: true, ...params })}`;
    const opened = await this.deps.transport.openWatch(path, deadline, this.#context());
    if (opened === 'http/1.1') return undefined;
    return readWatchStream(opened, deadline, this.#target, this.#context(), sink);
  }

  /** The watch through client-node's `Watch`, over an HTTP/1.1 connection of its own. */
  async #openH1(params: WatchParams, deadline: Deadline, sink: WatchStreamSink): Promise<WatchStreamHandle> {
    let earlyError: unknown;
    const watch = new Watch(
      new WatchKubeConfig(
        { name: this.deps.clusterName, server: this.deps.transport.baseUrl, skipTLSVerify: false },
        () => this.#fetchOptions(deadline),
      ),
    );
    // Read by the done callback, which may run before the watch is accepted.
    let controller: AbortController | undefined = undefined;
    controller = await watch.watch(
      this.spec.path,
      params,
      (phase: string, object: unknown) => {
        sink.event(phase, object);
      },
      (error: unknown) => {
        if (controller === undefined) earlyError = error ?? new Error('the watch closed before it started');
        else sink.done(error);
      },
    );
    // client-node's own error (a FetchError, its status code): #mapError maps it.
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    if (earlyError !== undefined) throw earlyError;
    return controller;
  }

  /** Resumes the current request unless something is heard from it within `ms` (the timer restarts). */
  #presumeDeadIn(ms: number): void {
    const generation = this.#generation;
    clearTimeout(this.#silenceTimer);
    this.#silenceTimer = setTimeout(() => {
      if (generation === this.#generation) this.#resume(0);
    }, ms);
    this.#silenceTimer.unref();
  }

  stop(): void {
    this.#stopped = true;
    this.#generation++;
    clearTimeout(this.#silenceTimer);
    clearTimeout(this.#restartTimer);
    this.#controller?.abort();
  }

  async #fetchOptions(deadline: Deadline): Promise<FetchOptions> {
    const transport = this.deps.transport;
    const credentials = await transport.credentialsWithin(deadline, this.#context());
    const options = {
      method: 'GET',
      agent: transport.watchAgentFor(credentials),
      headers: { ...credentials.headers, Accept: ContentType.Json, 'User-Agent': USER_AGENT },
      // node-fetch's timeout bounds the wait for response headers only; the stream then runs free.
      timeout: Math.max(1, Math.floor(remainingMs(deadline))),
    };
    return options;
  }

  #event(phase: string, raw: unknown): void {
    if (this.#stopped || typeof raw !== 'object' || raw === null) return;
    const object = raw as KubeObject;
    const resourceVersion = object.metadata?.resourceVersion;
    switch (phase) {
      case WatchEventType.Bookmark:
        // The server sends these about every minute: from now on, silence means a dead watch.
        this.#bookmarked = true;
        this.#heard();
        if (resourceVersion) this.#resourceVersion = resourceVersion;
        if (this.spec.bookmarks && resourceVersion) this.#deliver(WatchEventType.Bookmark, object);
        return;
      case WatchEventType.Error:
        this.#fail(errorFromWatchStatus(raw, this.#target));
        return;
      case WatchEventType.Added:
      case WatchEventType.Modified:
      case WatchEventType.Deleted: {
        this.#heard();
        if (resourceVersion) this.#resourceVersion = resourceVersion;
        this.#deliver(phase, object);
        return;
      }
      default:
        return;
    }
  }

  /** After a bookmark on this request, each sign of life gives the watch another `silenceMs`. */
  #heard(): void {
    if (this.#bookmarked && this.#controller)
      this.#presumeDeadIn(this.deps.silenceMs ?? WATCH_BOOKMARK_SILENCE_MS);
  }

  #deliver(type: WatchEvent['type'], object: KubeObject): void {
    const typed = {
      ...object,
      apiVersion: object.apiVersion ?? this.spec.apiVersion,
      kind: object.kind ?? this.spec.kind,
    };
    try {
      this.onEvent({ type, object: typed });
    } catch (error) {
      // client-node's Watch would swallow this silently; the caller should hear about it.
      this.onError?.(error);
    }
  }

  #ended(error: unknown, startedAt: number): void {
    if (this.#stopped) return;
    if (error !== null && error !== undefined) {
      this.#fail(this.#mapError(error));
      return;
    }
    const ranMs = Date.now() - startedAt;
    this.#resume(ranMs < WATCH_MIN_RESTART_MS ? WATCH_MIN_RESTART_MS : 0);
  }

  #resume(delayMs: number): void {
    if (this.#stopped) return;
    this.#generation++;
    clearTimeout(this.#silenceTimer);
    this.#controller?.abort();
    this.#controller = undefined;
    this.#restartTimer = setTimeout(() => {
      if (this.#stopped) return;
      this.open().catch((error: unknown) => {
        this.#fail(error);
      });
    }, delayMs);
  }

  #fail(error: unknown): void {
    if (this.#stopped) return;
    this.stop();
    this.onError?.(error);
  }

  #context() {
    return {
      cluster: this.deps.clusterName,
      method: 'GET',
      url: `${this.spec.path}?watch=true`,
      target: this.#target,
    };
  }

  #mapError(error: unknown): ClusterError {
    if (isClusterError(error)) return error;
    const details =
      typeof error === 'object' && error !== null ? (error as { statusCode?: unknown; type?: unknown }) : {};
    if (typeof details.statusCode === 'number') {
      // Watch reports a non-200 answer without its body: only the code and status text remain.
      return errorFromResponse(details.statusCode, {}, Buffer.alloc(0), this.#target);
    }
    if (details.type === 'request-timeout') {
      return timeoutError('the watch was not accepted in time', this.deps.timeoutMs, this.#context());
    }
    if (error === undefined || error === null) {
      return new ClusterError({
        reason: ClusterErrorReason.Unavailable,
        message: 'the watch closed before it started',
        target: this.#target,
      });
    }
    return errorFromNetwork(error, this.#context());
  }
}
