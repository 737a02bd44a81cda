import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { renderKubeconfig, renderMergedKubeconfig } from '../../../src/testing/harness/kubeconfig.js';

const input = (name: string, port: number) => ({
  clusterName: name,
  server: `https://127.0.0.1:${port}`,
  caPem: `-----BEGIN CERTIFICATE-----\n${name}\n-----END CERTIFICATE-----\n`,
  token: `token-${name}`,
  user: `${name}-admin`,
});

describe('the merged kubeconfig of vzmc test-clusters up', () => {
  it('holds every cluster as a context named after it, each as its own kubeconfig has it', () => {
    const inputs = [input('admin', 1), input('managed1', 2), input('managed2', 3)];
    const merged = load(renderMergedKubeconfig(inputs)) as Record<string, unknown>;
    const singles = inputs.map((i) => load(renderKubeconfig(i)) as Record<string, unknown[]>);
    for (const key of ['clusters', 'users', 'contexts'])
      expect(merged[key], key).toEqual(singles.map((s) => s[key]![0]));
    expect(merged['current-context']).toBe('admin');
  });

  it('is byte-identical for the same input', () => {
    const inputs = [input('admin', 1), input('managed1', 2)];
    expect(renderMergedKubeconfig(inputs)).toBe(renderMergedKubeconfig(inputs.map((i) => ({ ...i }))));
  });
});
