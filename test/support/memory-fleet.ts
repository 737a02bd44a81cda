/**
 * An in-memory fleet (admin, managed1, managed2) wired like a real one: registration through the
 * two steps, agents connecting to the admin with the token from their agent Secret.
 */
import { parseAgentKubeconfig, type KubeObject, Wiring } from '../../src/index.js';
import {
  applyManifest,
  createAgent,
  registerOnAdmin,
  syncAdmin,
  type Agent,
  type AgentOptions,
} from '../../src/agent-entry.js';
import { createMemoryCluster, manualClock, type MemoryCluster } from '../../src/memory.js';

export interface MemoryFleet {
  readonly clock: ReturnType<typeof manualClock>;
  readonly admin: MemoryCluster;
  readonly managed: Record<string, MemoryCluster>;
  /** Registers `cluster` with Verrazzano's wiring, or the one given. */
  register(cluster: string, wiring?: Wiring): Promise<void>;
  /** A new agent for `cluster` (its suspicions start empty); `options` override the fleet's wiring. */
  agent(cluster: string, options?: Partial<AgentOptions>): Agent;
  applyAdmin(objects: readonly KubeObject[]): Promise<void>;
  syncAdmin(): ReturnType<typeof syncAdmin>;
}

export function memoryFleet(names: readonly string[] = ['managed1', 'managed2']): MemoryFleet {
  const clock = manualClock(new Date('2026-11-27T10:00:00Z'));
  const admin = createMemoryCluster({ name: 'admin', clock });
  const managed = Object.fromEntries(names.map((n) => [n, createMemoryCluster({ name: n, clock })]));
  const now = () => clock();
  return {
    clock,
    admin,
    managed,
    async register(cluster, wiring = Wiring.Verrazzano) {
      const manifest = await registerOnAdmin(admin.client(), cluster, {
        adminServer: 'https://admin.example.com:6443',
        adminCaBundle: '',
        wiring,
      });
      await applyManifest(managed[cluster]!.client(), manifest);
    },
    agent(cluster, options = {}) {
      return createAgent({
        local: managed[cluster]!.client(),
        connectAdmin: (kubeconfig) => admin.client({ token: parseAgentKubeconfig(kubeconfig).token }),
        clock: now,
        random: () => 0.5,
        sleep: () => Promise.resolve(),
        ...options,
      });
    },
    async applyAdmin(objects) {
      const client = admin.client();
      for (const object of objects) await client.apply(object, { fieldManager: 'kubectl', force: true });
    },
    syncAdmin: () =>
      syncAdmin(admin.client(), { clock: now, random: () => 0.5, sleep: () => Promise.resolve() }),
  };
}
