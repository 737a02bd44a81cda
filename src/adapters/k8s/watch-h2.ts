/**
 * A watch read from an HTTP/2 stream (`Transport.openWatch`): the API server writes one JSON
 * object per line, `{"type": …, "object": …}`, and ends the stream when the watch's time is up.
 * What `watch.ts` gets from client-node's `Watch` over HTTP/1.1, with three differences: an
 * answer other than 200 is mapped with its body (the Status the server sent), an event holding an
 * integer JavaScript would round fails the watch as a list or get would, and the stream is one of
 * many on the client's connection instead of a connection of its own.
 */
import http2 from 'node:http2';
import type { IncomingHttpHeaders } from 'node:http';
import { findInexactJsonInteger } from '../../internal/json-integers.js';
import { remainingMs, type Deadline } from './deadline.js';
import {
  errorFromNetwork,
  errorFromResponse,
  malformedResponse,
  timeoutError,
  type ErrorTarget,
  type NetworkContext,
} from './errors.js';
import type { WatchStream } from './transport.js';
import { inexactIntegerDetail } from './transport.js';

/** Where a watch stream's events and its end go. */
export interface WatchStreamSink {
  /** One event, as the server wrote it. */
  event(type: string, object: unknown): void;
  /** The stream is over: `undefined` when the server ended it, else why it broke. Called at most once, never after `abort`. */
  done(error: unknown): void;
}

/** A watch being read; `abort` closes its stream (no `done` follows). */
export interface WatchStreamHandle {
  abort(): void;
}

type Phase = 'head' | 'refused' | 'streaming' | 'over';

/**
 * Waits for the answer's head within `deadline`. On 200 it resolves, and from then on passes each
 * line to `sink.event` and the stream's end to `sink.done`. Otherwise it rejects with a
 * ClusterError: the status and body of the answer, a timeout (the connection is then pinged), or
 * the network failure.
 */
export function readWatchStream(
  { stream, connection }: WatchStream,
  deadline: Deadline,
  target: ErrorTarget,
  context: NetworkContext,
  sink: WatchStreamSink,
): Promise<WatchStreamHandle> {
  return new Promise((resolve, reject) => {
    let phase: Phase = 'head';
    let status = 0;
    let headers: IncomingHttpHeaders = {};
    const refusal: Buffer[] = [];
    let rest = '';
    const close = (): void => {
      if (!stream.closed) stream.close(http2.constants.NGHTTP2_CANCEL);
    };
    const timer = setTimeout(() => {
      if (phase !== 'head' && phase !== 'refused') return;
      phase = 'over';
      close();
      connection.suspect();
      reject(timeoutError('the watch was not accepted in time', deadline.timeoutMs, context));
    }, remainingMs(deadline));
    const finish = (error: unknown): void => {
      const was = phase;
      if (was === 'over') return;
      phase = 'over';
      clearTimeout(timer);
      if (was === 'streaming') sink.done(error);
      else if (was === 'refused' && error === undefined)
        reject(errorFromResponse(status, headers, Buffer.concat(refusal), target));
      else
        reject(errorFromNetwork(error ?? brokenStream('the connection closed before any response'), context));
    };
    const line = (text: string): void => {
      if (text.trim() === '') return;
      let parsed: { type?: unknown; object?: unknown };
      try {
        parsed = JSON.parse(text) as { type?: unknown; object?: unknown };
      } catch {
        close();
        finish(malformedResponse(context, 'the watch sent a line that is not JSON'));
        return;
      }
      const inexact = findInexactJsonInteger(text);
      if (inexact !== undefined) {
        close();
        finish(malformedResponse(context, inexactIntegerDetail(inexact)));
        return;
      }
      if (typeof parsed.type === 'string') sink.event(parsed.type, parsed.object);
    };
    stream.on('response', (incoming) => {
      status = incoming[':status'] ?? 0;
      headers = incoming;
      if (status !== 200) {
        phase = 'refused';
        return;
      }
      phase = 'streaming';
      clearTimeout(timer);
      stream.setEncoding('utf8');
      resolve({
        abort: () => {
          phase = 'over';
          close();
        },
      });
    });
    stream.on('data', (chunk: Buffer | string) => {
      if (phase === 'refused') refusal.push(chunk as Buffer);
      if (phase !== 'streaming') return;
      rest += chunk as string;
      for (let end = rest.indexOf('\n'); end !== -1 && phase === 'streaming'; end = rest.indexOf('\n')) {
        const text = rest.slice(0, end);
        rest = rest.slice(end + 1);
        line(text);
      }
    });
    // Node ends a stream's reading side also when the connection under it goes (with a reset code).
    stream.on('end', () => {
      const reset = stream.rstCode !== undefined && stream.rstCode !== http2.constants.NGHTTP2_NO_ERROR;
      finish(reset ? brokenStream('the watch stream was reset') : undefined);
    });
    stream.on('error', (error: Error) => {
      finish(error);
    });
    // Closed without an end: reset by the server, or the connection went away under it.
    stream.on('close', () => {
      finish(
        brokenStream(
          phase === 'head' ? 'the connection closed before any response' : 'the watch stream was reset',
        ),
      );
    });
  });
}

const brokenStream = (message: string): Error => Object.assign(new Error(message), { code: 'ECONNRESET' });
