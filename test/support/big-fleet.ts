/**
 * A synthetic fleet of the report's size target: `clusters` VMCs and `resources` projects and
 * wrappers (one project per ten resources, each project one namespace and nine wrappers), every
 * placement naming a few clusters, and per-cluster statuses on the placed ones.
 */
import { fleetFromObjects, type Fleet, type KubeObject } from '../../src/index.js';
import { mcapp, mccm, project, vmc } from './fleet.js';

export function bigFleet(clusters: number, resources: number): Fleet {
  const names = Array.from({ length: clusters }, (_, i) => `cluster-${String(i).padStart(4, '0')}`);
  const objects: KubeObject[] = names.map((n, i) => ({
    ...vmc(n),
    status: { state: i % 17 === 0 ? 'Inactive' : 'Active', lastAgentConnectTime: '2026-12-06T00:00:00Z' },
  }));
  const projects = Math.ceil(resources / 10);
  let made = 0;
  for (let p = 0; p < projects && made < resources; p++) {
    const ns = `app-${p}`;
    const placed = [
      names[(p * 7) % clusters]!,
      names[(p * 7 + 1) % clusters]!,
      names[(p * 13 + 5) % clusters]!,
    ];
    objects.push(project(`project-${String(p).padStart(4, '0')}`, [ns], placed));
    made++;
    for (let w = 0; w < 9 && made < resources; w++, made++) {
      const on = w % 3 === 0 ? placed.slice(0, 2) : [placed[w % 3]!, names[(p + w) % clusters]!];
      const wrapper = (w % 2 === 0
        ? mcapp(`app-${w}`, ns, on)
        : mccm(`config-${w}`, ns, on)) as unknown as KubeObject;
      objects.push({
        ...wrapper,
        status: {
          clusters: on.map((name, k) => ({
            name,
            state: (p + w + k) % 11 === 0 ? 'Failed' : 'Succeeded',
            lastUpdateTime: '2026-12-06T00:00:00Z',
          })),
        },
      });
    }
  }
  return fleetFromObjects(objects);
}
