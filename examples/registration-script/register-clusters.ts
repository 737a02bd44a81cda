/**
 * Writes the registration of a list of managed clusters into a directory, touching no cluster: a
 * GitOps pipeline then applies `<name>/admin.yaml` on the admin and `<name>/register.yaml` on the
 * managed cluster (step 1 and step 2 of Verrazzano's registration).
 *
 *   node dist/register-clusters.js clusters.json out/
 *
 * clusters.json (paths are relative to it):
 *
 *   {
 *     "adminServer": "https://admin.example.com:6443",
 *     "adminCaFile": "admin-ca.pem",
 *     "clusters": [{ "name": "prod-us", "tokenFile": "tokens/prod-us" }]
 *   }
 *
 * Each token belongs to the agent's ServiceAccount on the admin, `verrazzano-mc/verrazzano-cluster-<name>`
 * (for example from `kubectl create token`). To let vzmc create that token itself, call
 * `registerOnAdmin` with an admin client instead (see the controller example).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  adminObjectList,
  managedClusterClusterRole,
  registrationManifest,
  renderRegistration,
  toYaml,
  validateRegistration,
  type AdminRegistrationObjects,
  type VerrazzanoManagedCluster,
} from 'vzmc';

interface ClusterList {
  readonly adminServer: string;
  /** Absent: the admin's certificate comes from a well-known CA. */
  readonly adminCaFile?: string;
  readonly clusters: readonly { readonly name: string; readonly tokenFile: string }[];
}

const [listFile, outDir] = process.argv.slice(2);
if (!listFile || !outDir) {
  console.error('usage: register-clusters <clusters.json> <out-dir>');
  process.exit(2);
}
const list = JSON.parse(await readFile(listFile, 'utf8')) as ClusterList;
const read = (file: string) => readFile(resolve(dirname(listFile), file), 'utf8');
const adminCaBundle = list.adminCaFile ? await read(list.adminCaFile) : '';

// Validate every cluster before writing anything: a half-written output directory would be
// applied by the pipeline as if it were complete.
const rendered: { name: string; vmc: VerrazzanoManagedCluster; objects: AdminRegistrationObjects }[] = [];
const problems: string[] = [];
for (const { name, tokenFile } of list.clusters) {
  const vmc: VerrazzanoManagedCluster = {
    apiVersion: 'clusters.verrazzano.io/v1alpha1',
    kind: 'VerrazzanoManagedCluster',
    metadata: { name, namespace: 'verrazzano-mc' },
    spec: { description: `Managed cluster ${name}` },
  };
  const inputs = { adminServer: list.adminServer, adminCaBundle, token: (await read(tokenFile)).trim() };
  // The VMC webhook's rules, plus what Verrazzano lets through but should not: the name `local`,
  // a plain-http admin URL (the token would travel in clear text), a CA bundle that is not PEM.
  const findings = validateRegistration(vmc, inputs);
  problems.push(...findings.map((finding) => `${name}: ${finding.message}`));
  if (findings.length === 0) rendered.push({ name, vmc, objects: renderRegistration(vmc, inputs) });
}
if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}

for (const { name, vmc, objects } of rendered) {
  const dir = join(outDir, name);
  await mkdir(dir, { recursive: true });
  // Step 1, on the admin: the ClusterRole every agent binds to, the VMC pointing at its
  // ServiceAccount and manifest Secret, then those objects themselves.
  const admin = [
    managedClusterClusterRole(),
    { ...vmc, spec: { ...vmc.spec, ...objects.vmcSpec } },
    ...adminObjectList(objects),
  ];
  // Both files carry the agent's token: readable by their owner only.
  await writeFile(join(dir, 'admin.yaml'), toYaml(admin), { mode: 0o600 });
  // Step 2, on the managed cluster: the agent and registration Secrets in verrazzano-system.
  const manifest = registrationManifest(objects.agentSecret, objects.registrationSecret);
  await writeFile(join(dir, 'register.yaml'), manifest, { mode: 0o600 });
  console.log(`${name}: ${join(dir, 'admin.yaml')} (admin), ${join(dir, 'register.yaml')} (${name})`);
}
