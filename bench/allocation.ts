/**
 * Bytes allocated, garbage included, by one planSync or one apply: V8's sampling heap profiler with
 * the objects later collected kept in the samples, around the work only. Unlike time, allocation
 * does not move with the machine's load, so it shows what a change to a hot path does at once.
 * Not a benchmark with a goal (`npm run bench` does not run it); docs/performance.md quotes it.
 *
 *   node --expose-gc --import tsx bench/allocation.ts plan [resources]   # a 50k plan from empty by default
 *   node --expose-gc --import tsx bench/allocation.ts steady [resources] # a steady plan (nothing to do)
 *   node --expose-gc --import tsx bench/allocation.ts apply              # 1,000 applies: the adapter, then bare node:http2
 *
 * `VZMC_ALLOC_TOP=20` also prints the 20 functions that allocate most.
 *
 * `apply` runs against a small HTTP/2 server in a child process (answering each apply with the
 * object and a managedFields entry, as an API server would), over TLS with a throwaway self-signed
 * certificate made by `openssl`, so the server's own allocation is not counted.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  adminSnapshotFromObjects,
  isConverged,
  localSnapshotFromObjects,
  planSync,
  type KubeObject,
} from '../src/index.js';
import { createK8sClusterClient } from '../src/k8s.js';
import { configMaps } from './fixtures.js';
import { http2ApplyFloor } from './node-floor.js';
import { scaleFleet, steadyLive } from './plan-sync-scale.js';

interface HeapNode {
  readonly selfSize: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children: readonly HeapNode[];
}

const sum = (node: HeapNode): number => node.children.reduce((n, c) => n + sum(c), node.selfSize);

/** `VZMC_ALLOC_TOP=n`: the n functions that allocate most (self), MB per call. */
const TOP = Number(process.env.VZMC_ALLOC_TOP ?? 0);

function printTop(head: HeapNode, times: number): void {
  const sites = new Map<string, number>();
  const walk = (node: HeapNode): void => {
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(src|bench|node_modules)\//, '$1/')}:${lineNumber + 1}`;
    sites.set(key, (sites.get(key) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child);
  };
  walk(head);
  for (const [site, bytes] of [...sites].sort((a, b) => b[1] - a[1]).slice(0, TOP))
    console.log(`  ${(bytes / times / 1e6).toFixed(1).padStart(7)} MB  ${site}`);
}

/** MB allocated per call of `fn`, over `times` calls after one warm-up. */
async function allocatedMb(fn: () => Promise<unknown>, times: number): Promise<number> {
  await fn();
  (globalThis as { gc?: () => void }).gc?.();
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  for (let i = 0; i < times; i++) await fn();
  const { profile } = await session.post('HeapProfiler.stopSampling');
  session.disconnect();
  if (TOP > 0) printTop(profile.head, times);
  return sum(profile.head) / times / 1e6;
}

async function plan(resources: number): Promise<void> {
  const now = new Date('2026-11-27T10:00:00Z');
  const objects = scaleFleet(resources, false);
  const mb = await allocatedMb(
    () =>
      Promise.resolve(
        planSync('managed1', adminSnapshotFromObjects(objects), localSnapshotFromObjects([]), { now }),
      ),
    3,
  );
  console.log(`planSync from empty, ${resources} resources: ${mb.toFixed(0)} MB allocated per plan`);
}

/** A steady plan: the live objects are the first plan's, applied to an in-memory cluster and listed. */
async function steady(resources: number): Promise<void> {
  const now = new Date('2026-11-27T10:00:00Z');
  const local = localSnapshotFromObjects((await steadyLive(resources)).flatMap((l) => l.items));
  const reported = scaleFleet(resources, true);
  const mb = await allocatedMb(() => {
    const plan = planSync('managed1', adminSnapshotFromObjects(reported), local, { now });
    if (!isConverged(plan)) throw new Error('steady state must plan nothing');
    return Promise.resolve(plan);
  }, 3);
  console.log(`planSync in steady state, ${resources} resources: ${mb.toFixed(0)} MB allocated per plan`);
}

/** The server half of `apply`: answers every PATCH with the body it got, as applied. */
function serve(dir: string): void {
  const server = http2.createSecureServer({
    key: readFileSync(join(dir, 'key.pem')),
    cert: readFileSync(join(dir, 'cert.pem')),
  });
  server.on('stream', (stream) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const object = JSON.parse(Buffer.concat(chunks).toString('utf8')) as KubeObject;
      const fields = Object.fromEntries(Object.keys(object.data ?? {}).map((k) => [`f:${k}`, {}]));
      object.metadata.uid = '3f0b9a8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
      object.metadata.resourceVersion = '123456';
      object.metadata.managedFields = [
        {
          manager: 'bench',
          operation: 'Apply',
          apiVersion: 'v1',
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:data': fields },
        },
      ];
      stream.respond({ ':status': 200, 'content-type': 'application/json' });
      stream.end(JSON.stringify(object));
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    console.log(typeof address === 'object' && address ? address.port : 0);
  });
}

async function apply(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vzmc-alloc-'));
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1'],
      ...['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-subj', '/CN=127.0.0.1'],
      ...['-addext', 'subjectAltName=IP:127.0.0.1'],
    ],
    { stdio: 'ignore' },
  );
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, 'serve', dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<number>((resolve) =>
      child.stdout.once('data', (d: Buffer) => {
        resolve(Number(String(d).trim()));
      }),
    );
    const server = `https://127.0.0.1:${port}`;
    const caPem = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const kubeconfig = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'c',
          cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') },
        },
      ],
      users: [{ name: 'u', user: { token: 'allocation' } }],
      contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'c',
    });
    const objects = configMaps(1_000, 'bench') as unknown as KubeObject[];
    const client = createK8sClusterClient({ kubeconfig: { yaml: kubeconfig } });
    const adapter = await allocatedMb(
      () => Promise.all(objects.map((o) => client.apply(o, { fieldManager: 'bench' }))),
      3,
    );
    client.close();
    const target = { server, caPem, token: 'allocation', fieldManager: 'bench', concurrency: 32 };
    const bodies = configMaps(1_000, 'bench') as unknown as Parameters<typeof http2ApplyFloor>[1];
    const floor = await allocatedMb(() => http2ApplyFloor(target, bodies), 3);
    console.log(
      `1,000 applies: the adapter ${adapter.toFixed(1)} KB allocated per apply; bare node:http2 ${floor.toFixed(1)} KB`,
    );
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

const [mode, arg] = process.argv.slice(2);
if (mode === 'serve') serve(arg!);
else if (mode === 'apply') await apply();
else if (mode === 'steady') await steady(Number(arg ?? 50_000));
else await plan(Number(arg ?? 50_000));
