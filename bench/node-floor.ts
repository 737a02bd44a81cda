/**
 * The floor Node itself sets for server-side apply over HTTP/2 (issue 16 item 4): `node:http2` with
 * nothing of the adapter's around it. One connection, `concurrency` workers each sending its next
 * apply when the last is answered, the adapter's body encoding (JSON, one member per line) done
 * inside the timing, each answer read whole and parsed. No retries, no deadlines, no discovery, no
 * checks: a lower bound on any Node client's CPU per apply, printed beside client-go's in the same
 * run, so that the gap between the adapter and client-go splits into Node's part and the adapter's.
 */
import http2 from 'node:http2';
import { ownCpuMs } from './clusters.js';

/** What to apply, and where. */
export interface FloorTarget {
  /** `https://127.0.0.1:<port>`. */
  readonly server: string;
  readonly caPem: string;
  readonly token: string;
  readonly fieldManager: string;
  readonly concurrency: number;
}

/** Wall time and this process's CPU time of applying `objects` through bare `node:http2`. */
export async function http2ApplyFloor(
  target: FloorTarget,
  objects: readonly { metadata: { name: string; namespace: string } }[],
): Promise<{ ms: number; clientCpuMs: number }> {
  const session = http2.connect(target.server, { ca: target.caPem });
  await new Promise<void>((resolve, reject) => {
    session.once('connect', () => {
      resolve();
    });
    session.once('error', reject);
  });
  const query = `?fieldManager=${encodeURIComponent(target.fieldManager)}`;
  const cpu0 = ownCpuMs();
  const start = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < objects.length) await applyOne(session, target, objects[next++]!, query);
  };
  try {
    await Promise.all(Array.from({ length: target.concurrency }, worker));
    return { ms: performance.now() - start, clientCpuMs: ownCpuMs() - cpu0 };
  } finally {
    session.close();
  }
}

function applyOne(
  session: http2.ClientHttp2Session,
  target: FloorTarget,
  object: { metadata: { name: string; namespace: string } },
  query: string,
): Promise<void> {
  const { name, namespace } = object.metadata;
  return new Promise<void>((resolve, reject) => {
    const stream = session.request({
      ':method': 'PATCH',
      ':path': `/api/v1/namespaces/${namespace}/configmaps/${name}${query}`,
      authorization: `Bearer ${target.token}`,
      'content-type': 'application/apply-patch+yaml',
      accept: 'application/json',
    });
    let status = 0;
    const chunks: Buffer[] = [];
    stream.on('response', (headers) => (status = Number(headers[':status'])));
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { kind?: string };
      if (status >= 200 && status < 300) resolve();
      else reject(new Error(`HTTP ${status} applying ${namespace}/${name}: ${answer.kind ?? ''}`));
    });
    stream.on('error', reject);
    stream.end(Buffer.from(JSON.stringify(object, null, 1), 'utf8'));
  });
}
