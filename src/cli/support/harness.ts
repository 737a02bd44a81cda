/**
 * The one door from the CLI to the test harness: loaded on demand, when `vzmc test-clusters` or
 * `vzmc demo --real` starts clusters, so no other command loads src/testing
 * (test/unit/cli/no-harness.test.ts proves it).
 */
export async function loadHarness() {
  const [harness, { writeKubeconfig }, { renderMergedKubeconfig }] = await Promise.all([
    import('../../testing/harness/index.js'),
    import('../../testing/harness/cluster-set.js'),
    import('../../testing/harness/kubeconfig.js'),
  ]);
  return { ...harness, writeKubeconfig, renderMergedKubeconfig };
}
