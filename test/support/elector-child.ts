/**
 * One leader-election replica as its own process, for the failover test: it campaigns for a Lease
 * on a real API server with client-go's default timings and prints one JSON line per event
 * (`{"event":"leading","identity":…,"atMs":…}`), with `atMs` from the system clock, which the
 * parent shares. SIGTERM stops it (releasing the Lease when VZMC_RELEASE=1).
 *
 * Run: node --import tsx test/support/elector-child.ts <kubeconfig> <namespace> <lease> <identity>
 */
import { createLeaderElector } from '../../src/agent/leader.js';
import { jsonLinesLogger } from '../../src/agent/logger.js';
import { createK8sClusterClient } from '../../src/k8s.js';

const [kubeconfig, namespace, name, identity] = process.argv.slice(2);
if (!kubeconfig || !namespace || !name || !identity) {
  process.stderr.write('usage: elector-child <kubeconfig> <namespace> <lease> <identity>\n');
  process.exit(2);
}
const say = (event: string, fields: Record<string, unknown> = {}) => {
  process.stdout.write(`${JSON.stringify({ event, identity, atMs: Date.now(), ...fields })}\n`);
};

const client = createK8sClusterClient({ kubeconfig: { file: kubeconfig }, name: 'admin' });
const elector = createLeaderElector({
  client,
  namespace,
  name,
  identity,
  releaseOnCancel: process.env.VZMC_RELEASE === '1',
  // The elector's own log goes to stderr, which the test passes through: it explains a slow takeover.
  logger: jsonLinesLogger((line) => process.stderr.write(`${identity} ${line}`), { level: 'debug' }),
});
const stop = new AbortController();
process.once('SIGTERM', () => {
  stop.abort();
});
say('campaigning');
await elector.run(stop.signal, {
  onStartedLeading: (leaderSignal) => {
    say('leading');
    return new Promise<void>((resolve) => {
      leaderSignal.addEventListener('abort', () => {
        resolve();
      });
    });
  },
  onStoppedLeading: () => {
    say('stopped');
  },
  onNewLeader: (leader) => {
    say('new-leader', { leader });
  },
});
client.close();
say('exited');
