import { describe, expect, it } from 'vitest';
import { helpOf } from '../../../scripts/cli-reference.js';
import { DEFAULT_CLUSTERS } from '../../../src/cli/definitions/test-clusters.js';
import { DEFAULT_CLUSTER_NAMES } from '../../../src/testing/harness/index.js';

describe('vzmc test-clusters', () => {
  it.each(['up', 'down', 'build'])('%s has help with an Examples section', async (sub) => {
    const text = await helpOf(['test-clusters', sub]);
    expect(text).toContain(`Usage: vzmc test-clusters ${sub}`);
    expect(text).toMatch(/\nExamples:\n {2}vzmc test-clusters /);
  });

  it('offers --clusters and --state-dir on up, --state-dir on down, --kubectl on build', async () => {
    expect(await helpOf(['test-clusters', 'up'])).toMatch(/--clusters <names>[\s\S]*--state-dir <dir>/);
    expect(await helpOf(['test-clusters', 'down'])).toContain('--state-dir <dir>');
    expect(await helpOf(['test-clusters', 'build'])).toContain('--kubectl');
  });

  it("up's default clusters are the harness's (written out so that the help loads no harness code)", () => {
    expect(DEFAULT_CLUSTERS).toBe(DEFAULT_CLUSTER_NAMES.join(','));
  });
});
