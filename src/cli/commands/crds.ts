import { generateCrds, type KubeObject } from '../../model/index.js';
import type { CommandContext } from '../shared/io.js';
import { manifests } from '../support/print.js';
import { formatTable } from '../support/table.js';

/** `vzmc crds`. */
export function run({ io }: CommandContext, options: { output: 'yaml' | 'json' | 'text' }): void {
  const crds = generateCrds();
  if (options.output !== 'text') {
    io.stdout.write(manifests(crds as unknown as KubeObject[], options.output, false));
    return;
  }
  io.stdout.write(
    formatTable([
      ['NAME', 'KIND', 'SCOPE', 'VERSIONS'],
      ...crds.map((crd) => [
        crd.metadata.name ?? '',
        crd.spec.names.kind,
        crd.spec.scope,
        crd.spec.versions.map((v) => v.name).join(','),
      ]),
    ]),
  );
}
