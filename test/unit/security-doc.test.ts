import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SECURITY_DOC_PATH, securityDoc } from '../../scripts/security-reference.js';

describe('docs/security.md (issue 13)', () => {
  it('its RBAC tables are those of the Roles vzmc prints and creates (npm run docs:security regenerates them)', () => {
    const current = readFileSync(SECURITY_DOC_PATH, 'utf8');
    expect(securityDoc(current)).toBe(current);
  });

  it("names the least-privilege agent's every rule by resourceNames in verrazzano-mc, and nothing cluster-wide", () => {
    const doc = readFileSync(SECURITY_DOC_PATH, 'utf8');
    const secure = doc.slice(
      doc.indexOf('wiring `cluster-namespace` (the default'),
      doc.indexOf("wiring `verrazzano` (Verrazzano's own)"),
    );
    expect(secure).not.toContain('ClusterRole');
    const mcTable = secure.slice(secure.indexOf('**Role `verrazzano-mc/vzmc-agent-<C>`**'));
    expect(
      mcTable
        .split('\n')
        .filter((l) => l.startsWith('| `'))
        .every((l) => !l.endsWith('| any |')),
    ).toBe(true);
  });
});
