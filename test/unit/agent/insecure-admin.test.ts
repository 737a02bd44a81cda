/**
 * Issue 13 item 4, "kubeconfigs from Secrets are data, never code" (docs/deviations.md, the agent):
 * an agent Secret whose admin-kubeconfig sets insecure-skip-tls-verify is refused, naming the
 * field path, unless the agent opts in (allowInsecureAdmin, `vzmc sync --allow-insecure-admin`);
 * then the flag is kept and every connection logs a loud warning. Never a token in either.
 */
import { describe, expect, it } from 'vitest';
import { INSECURE_ADMIN_WARNING, readAgentSecret } from '../../../src/agent/agent.js';
import { agentKubeconfig, agentKubeconfigAsData, parseAgentKubeconfig } from '../../../src/index.js';
import { kubeconfigFromAgentSecret } from '../../../src/k8s.js';
import type { Secret } from '../../../src/model/core.js';
import type { KubeObject } from '../../../src/model/meta.js';
import { memoryFleet } from '../../support/memory-fleet.js';

const TOKEN = 'TOKEN-THAT-MUST-NOT-LEAK';
const FIELD = 'clusters[admin].cluster.insecure-skip-tls-verify';
const insecureYaml = (token = TOKEN) =>
  agentKubeconfig({ server: 'https://admin:6443', caData: '', token }).replace(
    '    server:',
    '    insecure-skip-tls-verify: true\n    server:',
  );
const AGENT_SECRET = {
  apiVersion: 'v1',
  kind: 'Secret',
  namespace: 'verrazzano-system',
  name: 'verrazzano-cluster-agent',
} as const;

describe('agentKubeconfigAsData and insecure-skip-tls-verify (issue 13 item 4)', () => {
  it('refuses it by default, naming the field path and the opt-in, quoting no value', () => {
    const result = agentKubeconfigAsData(insecureYaml());
    expect(result).toEqual({
      field: FIELD,
      error: expect.stringContaining('--allow-insecure-admin') as string,
    });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it('keeps it with allowInsecure, and says so; false is plain data', () => {
    const allowed = agentKubeconfigAsData(insecureYaml(), { allowInsecure: true });
    expect(allowed).toEqual({
      kubeconfig: agentKubeconfig({ server: 'https://admin:6443', caData: '', token: TOKEN, insecure: true }),
      insecure: true,
    });
    expect('kubeconfig' in allowed && allowed.kubeconfig).toContain('insecure-skip-tls-verify: true');
    const off = agentKubeconfigAsData(insecureYaml().replace(': true', ': false'));
    expect(off).toEqual({
      kubeconfig: agentKubeconfig({ server: 'https://admin:6443', caData: '', token: TOKEN }),
      insecure: false,
    });
  });

  it('kubeconfigFromAgentSecret: refused as an Invalid ClusterError naming the field, kept with allowInsecure', () => {
    const secret = { stringData: { 'admin-kubeconfig': insecureYaml() } };
    expect(() => kubeconfigFromAgentSecret(secret)).toThrow(
      expect.objectContaining({ reason: 'Invalid', message: expect.stringContaining(FIELD) as string }),
    );
    expect(kubeconfigFromAgentSecret(secret, { allowInsecure: true })).toEqual({
      yaml: expect.stringContaining('insecure-skip-tls-verify: true') as string,
    });
  });
});

describe('the agent and insecure-skip-tls-verify (issue 13 item 4)', () => {
  async function insecureFleet() {
    const fleet = memoryFleet();
    await fleet.register('managed1');
    const local = fleet.managed.managed1!.client();
    const stored = await local.get<Secret & KubeObject>(AGENT_SECRET);
    const read = readAgentSecret(stored);
    if ('error' in read) throw new Error(read.error);
    const { token } = parseAgentKubeconfig(read.kubeconfig);
    await local.replace({
      ...stored,
      data: { ...stored.data, 'admin-kubeconfig': Buffer.from(insecureYaml(token)).toString('base64') },
    });
    return { fleet, token };
  }

  it('without the opt-in an iteration fails naming the field; nothing connects, no token is logged', async () => {
    const { fleet, token } = await insecureFleet();
    const lines: string[] = [];
    let connected = 0;
    const agent = fleet.agent('managed1', {
      connectAdmin: () => {
        connected++;
        return fleet.admin.client();
      },
      logger: { log: (level, message, fields) => lines.push(JSON.stringify({ level, message, fields })) },
    });
    const report = await agent.runOnce();
    expect(report).toMatchObject({ state: 'failed', reason: expect.stringContaining(FIELD) as string });
    expect(connected).toBe(0);
    expect(`${JSON.stringify(report)}${lines.join('')}`).not.toContain(token);
  });

  it('with allowInsecureAdmin it syncs, and warns in the log on every connection', async () => {
    const { fleet, token } = await insecureFleet();
    const warnings: string[] = [];
    const agent = fleet.agent('managed1', {
      allowInsecureAdmin: true,
      logger: { log: (level, message) => (level === 'warn' ? warnings.push(message) : undefined) },
    });
    expect((await agent.runOnce()).state).toBe('synced');
    expect((await agent.runOnce()).state).toBe('synced');
    expect(warnings.filter((w) => w === INSECURE_ADMIN_WARNING)).toHaveLength(2);
    expect(warnings.join('')).not.toContain(token);
  });
});
