/**
 * Issue 13 item 4: a kubeconfig a person passes (--kubeconfig, --context, --admin-context) that
 * turns TLS verification off gets one loud warning per client, naming the context, cluster and
 * server and never the token: on stderr for `plan` and `register`, in the log for `sync` and
 * `admin`. The fake API server forbids everything; only the warnings matter here.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  kubeconfig,
  sendJson,
  startFakeApiServer,
  status,
  type FakeApiServer,
} from '../adapters/k8s/fake-apiserver.js';
import { run } from './run.js';

const TOKEN = 'TOKEN-THAT-MUST-NOT-LEAK';
let fake: FakeApiServer;
let file: string;

beforeAll(async () => {
  fake = await startFakeApiServer({
    handler: (request, response) => {
      sendJson(response, 403, status(403, 'Forbidden', `forbidden: ${request.pathname}`));
    },
  });
  file = join(mkdtempSync(join(tmpdir(), 'vzmc-insecure-')), 'kubeconfig');
  writeFileSync(file, kubeconfig({ server: fake.url, token: TOKEN, insecure: true, contextName: 'shaky' }));
});

afterAll(async () => {
  await fake.close();
});

describe('a kubeconfig without TLS verification warns once per client (issue 13 item 4)', () => {
  it.each([
    [['plan', '--cluster', 'managed1', '--admin-context', 'shaky', '--context', 'shaky'], 2],
    [['plan', '--cluster', 'managed1', '--admin', 'examples/fleet', '--context', 'shaky'], 1],
    [['register', 'managed1', '--context', 'shaky'], 1],
    [['sync', '--cluster', 'managed1', '--once', '--context', 'shaky', '--log-format', 'json'], 1],
    [['admin', '--once', '--context', 'shaky'], 1],
  ])('vzmc %j: %i warning(s)', async (argv, count) => {
    const { stderr, stdout } = await run([...argv, '--kubeconfig', file]);
    const expected = `TLS verification is OFF for context "shaky" (cluster "shaky", server ${fake.url.replace(/\/$/, '')})`;
    // JSON log lines escape the quotes.
    const inJson = JSON.stringify(expected).slice(1, -1);
    expect(stderr.split(expected).length - 1 + stderr.split(inJson).length - 1).toBe(count);
    expect(stderr + stdout).not.toContain(TOKEN);
  });
});
