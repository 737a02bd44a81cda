import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createK8sClusterClient } from '../../../../src/k8s.js';
import { K8sDefaults } from '../../../../src/adapters/k8s/options.js';
import { kubeconfig, sendJson, sleep, startFakeApiServer, type FakeApiServer } from './fake-apiserver.js';

describe('bounded concurrency', () => {
  let server: FakeApiServer;
  let current = 0;
  let peak = 0;

  beforeAll(async () => {
    server = await startFakeApiServer({
      handler: async (req, res) => {
        current++;
        peak = Math.max(peak, current);
        await sleep(15);
        current--;
        sendJson(res, 200, { ...(req.json as object), metadata: { name: 'x' } });
      },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  async function burst(maxConcurrency: number | undefined, count: number): Promise<void> {
    peak = 0;
    server.requests.length = 0;
    const client = createK8sClusterClient({
      kubeconfig: { yaml: kubeconfig({ server: server.url }) },
      ...(maxConcurrency !== undefined ? { maxConcurrency } : {}),
    });
    const connectionsBefore = server.connections();
    const results = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        client.apply(
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'n' } },
          { fieldManager: 'bench' },
        ),
      ),
    );
    expect(results).toHaveLength(count);
    expect(server.requests).toHaveLength(count);
    // HTTP/2: every request a stream on one connection.
    expect(server.connections() - connectionsBefore).toBe(1);
    client.close();
  }

  it('never has more than maxConcurrency requests in flight, and uses all of them', async () => {
    await burst(4, 60);
    expect(peak).toBe(4);
  });

  it(`defaults to ${K8sDefaults.maxConcurrency} in flight`, async () => {
    await burst(undefined, 100);
    expect(peak).toBe(K8sDefaults.maxConcurrency);
  });

  it('over HTTP/1.1 keep-alive (http2: false), never opens more connections than slots', async () => {
    peak = 0;
    const client = createK8sClusterClient({
      kubeconfig: { yaml: kubeconfig({ server: server.url }) },
      maxConcurrency: 4,
      http2: false,
    });
    const connectionsBefore = server.connections();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'n', name: `c${i}` }),
      ),
    );
    expect(peak).toBe(4);
    expect(server.connections() - connectionsBefore).toBe(4);
    client.close();
  });

  it('serves queued requests in call order', async () => {
    server.requests.length = 0;
    const client = createK8sClusterClient({
      kubeconfig: { yaml: kubeconfig({ server: server.url }) },
      maxConcurrency: 1,
    });
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'n', name: `c${i}` }),
      ),
    );
    expect(server.requests.map((r) => r.pathname.split('/').at(-1))).toEqual([
      'c0',
      'c1',
      'c2',
      'c3',
      'c4',
      'c5',
      'c6',
      'c7',
    ]);
    client.close();
  });
});

describe('Semaphore', () => {
  it('hands slots over in FIFO order and lets a waiter give up at its deadline', async () => {
    const { Semaphore } = await import('../../../../src/adapters/k8s/semaphore.js');
    const { deadlineIn } = await import('../../../../src/adapters/k8s/deadline.js');
    const semaphore = new Semaphore(2);
    const order: string[] = [];
    const first = await semaphore.acquire(deadlineIn(1_000), () => new Error('timeout'));
    const second = await semaphore.acquire(deadlineIn(1_000), () => new Error('timeout'));
    expect(semaphore.inFlight).toBe(2);
    const late = semaphore.acquire(deadlineIn(20), () => new Error('gave up'));
    const third = semaphore
      .acquire(deadlineIn(1_000), () => new Error('timeout'))
      .then((release) => {
        order.push('third');
        return release;
      });
    await expect(late).rejects.toThrow('gave up');
    first();
    first();
    const release = await third;
    expect(order).toEqual(['third']);
    expect(semaphore.inFlight).toBe(2);
    second();
    release();
    expect(semaphore.inFlight).toBe(0);
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});

describe('Semaphore queue timer', () => {
  it('a thousand queued calls share one timer, and each still gives up at its own deadline, in any order', async () => {
    const { Semaphore } = await import('../../../../src/adapters/k8s/semaphore.js');
    const { deadlineIn } = await import('../../../../src/adapters/k8s/deadline.js');
    const semaphore = new Semaphore(1);
    const held = await semaphore.acquire(deadlineIn(1_000), () => new Error('timeout'));
    const timers = vi.spyOn(globalThis, 'setTimeout');
    try {
      const queued = Array.from({ length: 1_000 }, () =>
        semaphore.acquire(deadlineIn(60_000), () => new Error('timeout')),
      );
      expect(timers).toHaveBeenCalledTimes(1);
      // A later call with an earlier deadline re-arms the one timer, and gives up first.
      const hasty = semaphore.acquire(deadlineIn(30), () => new Error('hasty gave up'));
      const alsoHasty = semaphore.acquire(deadlineIn(60), () => new Error('also gave up'));
      expect(timers).toHaveBeenCalledTimes(2);
      await expect(hasty).rejects.toThrow('hasty gave up');
      await expect(alsoHasty).rejects.toThrow('also gave up');
      expect(semaphore.waiting).toBe(1_000);
      // The rest are granted in call order, one at a time.
      held();
      for (const call of queued) (await call)();
      expect(semaphore.inFlight).toBe(0);
      expect(semaphore.waiting).toBe(0);
    } finally {
      timers.mockRestore();
    }
  });

  it('an emptied queue clears its timer, so nothing holds the process open until the deadline', async () => {
    const { Semaphore } = await import('../../../../src/adapters/k8s/semaphore.js');
    const { deadlineIn } = await import('../../../../src/adapters/k8s/deadline.js');
    const semaphore = new Semaphore(1);
    const held = await semaphore.acquire(deadlineIn(1_000), () => new Error('timeout'));
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const queued = semaphore.acquire(deadlineIn(60_000), () => new Error('timeout'));
    expect(timers()).toBe(before + 1);
    held();
    (await queued)();
    expect(timers()).toBe(before);
    expect(semaphore.waiting).toBe(0);
  });
});
