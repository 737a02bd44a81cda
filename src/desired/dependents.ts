/**
 * References from app configs to the Secrets (P10) and Components (P11) they need, and warnings for
 * references that lead nowhere.
 */
import { IssueCode, Severity, type Issue } from '../types/issues.js';
import { toIssues } from '../types/validate.js';
import type { MultiClusterApplicationConfiguration } from '../types/verrazzano.js';
import { listedSecrets, referencedComponents } from './copies.js';
import type { Fleet } from '../placement/fleet.js';

/**
 * Warnings for dangling references: a listed Secret that does not exist in the app config's
 * namespace, and a component that is neither an admin Component nor a MultiClusterComponent there.
 *
 * @example
 * referenceWarnings(fleet)
 * //=> [{ code: 'reference/dangling-secret', severity: 'warning', message: 'Secret mc-todo-list/missing listed in spec.secrets does not exist', … }]
 */
export function referenceWarnings(fleet: Fleet): Issue[] {
  const secrets = new Set(fleet.secrets.map((s) => `${s.metadata.namespace ?? ''}/${s.metadata.name ?? ''}`));
  const components = new Set(
    fleet.components.map((c) => `${c.metadata.namespace ?? ''}/${c.metadata.name ?? ''}`),
  );
  for (const w of fleet.wrappers) {
    if (w.kind === 'MultiClusterComponent')
      components.add(`${w.metadata.namespace ?? ''}/${w.metadata.name ?? ''}`);
  }
  const issues: Issue[] = [];
  for (const wrapper of fleet.wrappers) {
    if (wrapper.kind !== 'MultiClusterApplicationConfiguration') continue;
    const app: MultiClusterApplicationConfiguration = wrapper;
    const ns = app.metadata.namespace ?? '';
    const secretList = app.spec?.secrets ?? [];
    const findings = [
      ...listedSecrets(app)
        .filter((name) => !secrets.has(`${ns}/${name}`))
        .map((name) => ({
          code: IssueCode.DanglingSecret,
          severity: Severity.Warning,
          message: `Secret ${ns}/${name} listed in spec.secrets does not exist`,
          path: ['spec', 'secrets', secretList.indexOf(name)],
          ruleId: 'P10',
        })),
      ...referencedComponents(app)
        .filter((name) => !components.has(`${ns}/${name}`))
        .map((name) => ({
          code: IssueCode.DanglingComponent,
          severity: Severity.Warning,
          message: `component ${name} is neither a Component nor a MultiClusterComponent in namespace ${ns}`,
          path: [
            'spec',
            'template',
            'spec',
            'components',
            (app.spec?.template.spec?.components ?? []).findIndex((c) => c.componentName === name),
            'componentName',
          ],
          ruleId: 'P11',
        })),
    ];
    issues.push(...toIssues(app, findings));
  }
  return issues;
}
