/**
 * Issue 13, item 5 on the read path: an answer holding an integer that JSON.parse would round is
 * refused, never read rounded; an integer a double carries with its own digits reads exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createK8sClusterClient, type K8sClusterClient } from '../../../../src/k8s.js';
import { ClusterError } from '../../../../src/port/errors.js';
import { adminSnapshotFromObjects, planSync } from '../../../../src/index.js';
import { readLocalSnapshot } from '../../../../src/agent-entry.js';
import { component, mcapp, project, vmc } from '../../../support/fleet.js';
import { kubeconfig, PROTOCOLS, startFakeApiServer, type FakeApiServer } from './fake-apiserver.js';

const listText = (size: string) =>
  `{"kind":"ComponentList","apiVersion":"core.oam.dev/v1alpha2","metadata":{"resourceVersion":"7"},"items":[` +
  `{"apiVersion":"core.oam.dev/v1alpha2","kind":"Component","metadata":{"name":"c1","namespace":"app","resourceVersion":"12345678901234567"},` +
  `"spec":{"workload":{"kind":"Thing","spec":{"size":${size}}}}}]}`;

describe.each(PROTOCOLS)('integers in answers over $name', (protocol) => {
  let server: FakeApiServer;
  let client: K8sClusterClient;
  let body = '';

  beforeAll(async () => {
    server = await startFakeApiServer({
      http1Only: protocol.http1Only,
      handler: (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
        res.end(body);
      },
    });
    client = createK8sClusterClient({
      kubeconfig: { yaml: kubeconfig({ server: server.url }) },
      name: 'fake',
    });
  });
  afterAll(async () => {
    client.close();
    await server.close();
  });

  const list = () => client.list('core.oam.dev/v1alpha2', 'Component', { namespace: 'app' });

  it('a list holding 9007199254740993 fails with the integer and its path, so its kind and namespace count as unread', async () => {
    body = listText('9007199254740993');
    const error = await list().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ClusterError);
    expect(error).toMatchObject({
      reason: 'Unknown',
      target: { apiVersion: 'core.oam.dev/v1alpha2', kind: 'Component', namespace: 'app' },
    });
    expect((error as Error).message).toContain(
      "the answer holds the integer 9007199254740993 at items[0].spec.workload.spec.size, outside JavaScript's safe range (it would read as 9007199254740992); vzmc does not read it rounded",
    );
  });

  it('a get of that object fails the same way; -18446744073709551615 too', async () => {
    body = listText('-18446744073709551615');
    await expect(list()).rejects.toThrow(/integer -18446744073709551615 at items\[0\]/);
    body = JSON.stringify({ kind: 'Component' }).replace('}', ',"x":[1,2,99999999999999999]}');
    await expect(
      client.get({ apiVersion: 'core.oam.dev/v1alpha2', kind: 'Component', namespace: 'app', name: 'c1' }),
    ).rejects.toThrow(/integer 99999999999999999 at x\[2\]/);
  });

  it('in the agent: the kind and namespace count as unread, and the plan leaves that object alone', async () => {
    const empty = '{"kind":"List","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[]}';
    const bad = listText('9007199254740993');
    server.handler = (req, res) => {
      const text = req.url.includes('/components') ? bad : empty;
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    };
    try {
      const local = await readLocalSnapshot(client);
      const admin = adminSnapshotFromObjects([
        vmc('m1'),
        project('p', ['app'], ['m1']),
        mcapp('a', 'app', ['m1'], { components: ['c1'] }),
        component('c1', 'app'),
      ]);
      const plan = planSync('m1', admin, local, { now: new Date('2026-11-27T10:00:00Z') });
      expect(plan.unknown).toEqual([
        expect.objectContaining({
          side: 'local',
          kind: 'Component',
          reason: 'Unknown',
          message: expect.stringContaining(
            'integer 9007199254740993 at items[0].spec.workload.spec.size',
          ) as unknown,
        }),
      ]);
      expect(plan.actions.filter((a) => a.kind === 'Component')).toEqual([]);
    } finally {
      server.handler = (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
        res.end(body);
      };
    }
  });

  it('integers a double prints back, long digit strings and floats read as they are', async () => {
    for (const size of [
      '9007199254740994',
      '-1152921504606847000',
      '12345678901234567.5',
      '1e30',
      '"9007199254740993"',
    ]) {
      body = listText(size);
      const { items } = await list();
      expect(JSON.stringify(items[0])).toContain(`"size":${JSON.stringify(JSON.parse(size))}`);
    }
  });
});
