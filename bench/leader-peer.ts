/**
 * The real peer of the failover benchmark: `bench/leader-peer/main.go`, a candidate elected by
 * client-go's `k8s.io/client-go/tools/leaderelection`, built with the Go toolchain into the cache
 * (`<cache>/bin/leader-peer-client-go-<version>-<hash>`), once, by `go-peer.ts`.
 */
import { ensureGoPeer, type GoPeerBinary } from './go-peer.js';

/** The built peer: where it is and the client-go release it runs. */
export type LeaderPeerBinary = GoPeerBinary;

/** Builds the peer unless the cache holds it for this source and client-go release. */
export function ensureLeaderPeer(cacheDir?: string, kubernetesVersion?: string): Promise<LeaderPeerBinary> {
  return ensureGoPeer(
    { name: 'leader-peer', generatedBy: 'failover benchmark (bench/leader-peer.ts)' },
    cacheDir,
    kubernetesVersion,
  );
}
