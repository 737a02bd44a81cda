/**
 * The client-go peer of the server-side apply benchmark: `bench/ssa-peer/main.go`, which applies
 * the ConfigMaps of a JSON file through client-go's typed clientset with a fixed number of
 * requests in flight, built into the cache by `go-peer.ts` as the failover benchmark's peer is.
 */
import { ensureGoPeer, type GoPeerBinary } from './go-peer.js';

/** Builds the peer unless the cache holds it for this source and client-go release. */
export function ensureSsaPeer(cacheDir?: string, kubernetesVersion?: string): Promise<GoPeerBinary> {
  return ensureGoPeer(
    { name: 'ssa-peer', generatedBy: 'server-side apply benchmark (bench/ssa-peer.ts)' },
    cacheDir,
    kubernetesVersion,
  );
}
