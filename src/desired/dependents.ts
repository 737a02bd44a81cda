/**
 * References from app configs to the Secrets (P10) and Components (P11) they need: the copies a
 * managed cluster gets of them, and warnings for references that lead nowhere.
 */
import type { Fleet } from '../placement/fleet.js';
import type { Secret } from '../model/core.js';
import { IssueCode, Severity, type Issue } from '../model/issues.js';
import type { Component } from '../model/oam.js';
import { toIssues } from '../validation/validate.js';
import type { MultiClusterApplicationConfiguration, MultiClusterWrapper } from '../model/verrazzano.js';
import { copyComponent, copySecret } from './copies.js';
import { desiredSource, type DesiredObject } from './object.js';
import { Phase } from './order.js';

/** The component names an MC app config references (P11). */
export function referencedComponents(app: MultiClusterApplicationConfiguration): string[] {
  const names = (app.spec?.template.spec?.components ?? [])
    .map((c) => c.componentName)
    .filter((n): n is string => !!n);
  return [...new Set(names)];
}

/** The Secret names an MC app config lists (P10). */
export function listedSecrets(app: MultiClusterApplicationConfiguration): string[] {
  return [...new Set(app.spec?.secrets ?? [])];
}

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

/**
 * The Secrets (P10) and Components (P11) that the app configs in `placed` (the wrappers placed on
 * the managed cluster `cluster`) use, each copied once and naming every app config that uses it.
 * A dangling reference renders nothing (see {@link referenceWarnings}).
 */
export function renderDependents(
  fleet: Fleet,
  cluster: string,
  placed: readonly MultiClusterWrapper[],
): DesiredObject[] {
  const { secretUsers, componentUsers } = dependentUsers(placed);
  const byKey = <T extends Secret | Component>(objects: readonly T[]) =>
    new Map<string, T>(objects.map((o) => [`${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`, o]));
  const secrets = byKey(fleet.secrets);
  const components = byKey(fleet.components);
  const out: DesiredObject[] = [];
  for (const [key, users] of secretUsers) {
    const secret = secrets.get(key);
    if (!secret) continue; // dangling: reported by referenceWarnings
    out.push({
      object: copySecret(secret, cluster, users),
      phase: Phase.Secrets,
      ruleId: 'P10',
      reason: `listed in spec.secrets of ${[...users].sort().join(', ')}`,
      source: desiredSource(secret),
    });
  }
  for (const [key, users] of componentUsers) {
    const component = components.get(key);
    // P11: without an admin Component, a MultiClusterComponent of the same name provides it.
    if (!component) continue;
    out.push({
      object: copyComponent(component, cluster, users),
      phase: Phase.AppConfigs,
      ruleId: 'P11',
      reason: `referenced by ${[...users].sort().join(', ')}`,
      source: desiredSource(component),
    });
  }
  return out;
}

/** For each `<namespace>/<name>` of a Secret or Component, the placed app configs that use it. */
function dependentUsers(placed: readonly MultiClusterWrapper[]): {
  secretUsers: Map<string, string[]>;
  componentUsers: Map<string, string[]>;
} {
  const secretUsers = new Map<string, string[]>();
  const componentUsers = new Map<string, string[]>();
  const note = (map: Map<string, string[]>, key: string, user: string) => {
    const users = map.get(key);
    if (users) users.push(user);
    else map.set(key, [user]);
  };
  for (const app of placed) {
    if (app.kind !== 'MultiClusterApplicationConfiguration') continue;
    const ns = app.metadata.namespace ?? '';
    for (const name of listedSecrets(app)) note(secretUsers, `${ns}/${name}`, app.metadata.name ?? '');
    for (const name of referencedComponents(app))
      note(componentUsers, `${ns}/${name}`, app.metadata.name ?? '');
  }
  return { secretUsers, componentUsers };
}
