import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fleetFromObjects, impactOf, loadSources } from '../../../src/index.js';
import { readManifestSources } from '../../../src/adapters/files.js';
import { FLEET, run } from './run.js';

/**
 * The demo fleet after two edits: the todo-list project and its app move from managed1 to
 * managed2, and the app stops listing the database Secret.
 */
const dir = mkdtempSync(join(tmpdir(), 'vzmc-impact-'));
const AFTER = join(dir, 'after');
cpSync(FLEET, AFTER, { recursive: true });
const edit = (file: string, from: string | RegExp, to: string) => {
  const path = join(AFTER, file);
  writeFileSync(path, readFileSync(path, 'utf8').replace(from, to));
};
edit('todo-list/verrazzano-project.yaml', '- name: managed1', '- name: managed2');
edit('todo-list/todo-app.yaml', '- name: managed1', '- name: managed2');
edit('todo-list/todo-app.yaml', /\n {4}- todo-db-credentials/, '');
/** Only managed2 changes: the hello-helidon greeting, placed on both, gets another value. */
const GREETING = join(dir, 'greeting');
cpSync(FLEET, GREETING, { recursive: true });
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const args = (after = AFTER) => ['impact', '--before', FLEET, '--after', after];

describe('vzmc impact', () => {
  it('P6, P12, P21, P25: text: totals first, then each cluster, deletes marked with the delete guard verdict', async () => {
    const { code, stdout, stderr } = await run(args());
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('Impact on 3 of 3 clusters: 15 appear, 16 disappear, 10 deletes, 6 left as is');
    expect(lines).toContain('managed1: 15 disappear, 9 deletes, 6 left as is');
    expect(lines).toContain(
      '  delete guard: lets the deletes run (9 deletes of 15 managed objects, window budget 10)',
    );
    expect(lines).toContain('  - delete MultiClusterApplicationConfiguration todo-list/todo-app  [P21]');
    expect(lines).toContain('      project `todo-list` no longer places `managed1` (project-placement, P6)');
    expect(lines).toContain('  = keep (disappear) Namespace todo-list  [P25]');
    expect(lines).toContain('  + create Secret todo-list/todo-registry-credentials  [P10]');
    // The Secret the app stopped listing does not follow it to managed2.
    expect(stdout).not.toContain('create Secret todo-list/todo-db-credentials');
    expect(stdout).not.toContain('\u001b[');
  });

  it('-o json is the library data, and is byte-identical run after run', async () => {
    const first = await run([...args(), '-o', 'json']);
    expect((await run([...args(), '-o', 'json'])).stdout).toBe(first.stdout);
    const fleet = async (path: string) =>
      fleetFromObjects(loadSources(await readManifestSources([path])).objects.map((o) => o.object));
    expect(JSON.parse(first.stdout)).toEqual(
      JSON.parse(JSON.stringify(impactOf(await fleet(FLEET), await fleet(AFTER)))),
    );
  });

  it('-o markdown: a pull-request comment, totals and a cluster table first, one collapsed section per cluster, deletes marked', async () => {
    const { stdout } = await run([...args(), '-o', 'markdown']);
    expect(
      stdout.startsWith('### vzmc impact\n\n**3 of 3 clusters change:** 15 appear, 16 disappear, 10 deletes'),
    ).toBe(true);
    expect(stdout).toContain('| managed1 | 0 | 15 | 0 | **9** |');
    expect(stdout.match(/<details/g)).toHaveLength(3);
    expect(stdout).toContain('<details open><summary><b>managed1</b>');
    expect(stdout).toContain('<details><summary><b>managed2</b>');
    expect(stdout).toContain('| 🗑️ **delete** | `Secret todo-list/todo-db-credentials` | P21 |');
    expect(stdout.indexOf('| Cluster |')).toBeLessThan(stdout.indexOf('<details'));
    expect(stdout.length).toBeLessThan(65_536);
  });

  it('no Secret value in any output format', async () => {
    const values = [
      'example-not-a-secret',
      Buffer.from('example-not-a-secret').toString('base64'),
      'eyJhdXRocyI6',
    ];
    for (const output of ['text', 'json', 'markdown']) {
      const { stdout } = await run([...args(), '-o', output]);
      for (const value of values) expect(stdout).not.toContain(value);
    }
  });

  it('colour only on a terminal, and never with NO_COLOR', async () => {
    expect((await run(args(), { tty: true })).stdout).toContain('\u001b[31m');
    expect((await run(args(), { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
    expect((await run([...args(), '--no-color'], { tty: true })).stdout).not.toContain('\u001b[');
  });

  it('--exit-code: 1 when the change deletes anything, 0 when it deletes nothing', async () => {
    expect((await run([...args(), '--exit-code'])).code).toBe(1);
    expect((await run([...args(FLEET), '--exit-code'])).code).toBe(0);
    expect((await run([...args(FLEET), '--exit-code', '--protect', 'managed1'])).code).toBe(0);
  });

  it('--exit-code with --protect: 1 when the change touches a protected cluster, even without deletes', async () => {
    const path = join(GREETING, 'hello-helidon/greeting-configmap.yaml');
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace(/GREETING: .*/, 'GREETING: Bonjour'));
    expect(readFileSync(path, 'utf8')).not.toBe(text);
    const changed = await run([...args(GREETING), '-o', 'json']);
    const impact = JSON.parse(changed.stdout);
    expect(impact.totals.deletes).toBe(0);
    expect(impact.touched).toEqual(['managed1', 'managed2']);
    expect((await run([...args(GREETING), '--exit-code'])).code).toBe(0);
    expect((await run([...args(GREETING), '--exit-code', '--protect', 'local,managed2'])).code).toBe(1);
    expect((await run([...args(GREETING), '--exit-code', '--protect', 'local'])).code).toBe(0);
  });

  it('--git REV reads --before at a revision (git ls-tree and git show, nothing checked out); errors name REV:path', async () => {
    const same = await run(['impact', '--git', 'HEAD', '--before', FLEET, '-o', 'json']);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout).touched).toEqual([]);
    const moved = await run(['impact', '--git', 'HEAD', '--before', FLEET, '--after', AFTER]);
    expect(moved.stdout).toBe((await run(args())).stdout);
    const missing = await run(['impact', '--git', 'HEAD', '--before', 'examples/no-such-fleet']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('HEAD:examples/no-such-fleet: no such file or directory at HEAD');
  });

  it('bad input: a YAML error names file, line and column; an invalid object its field path too', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\ndata: [unclosed\n');
    const yaml = await run(['impact', '--before', FLEET, '--after', bad]);
    expect(yaml.code).toBe(1);
    expect(yaml.stderr).toContain(`${bad}:5:7: unclosed flow sequence`);
    writeFileSync(
      bad,
      'apiVersion: clusters.verrazzano.io/v1alpha1\nkind: VerrazzanoProject\nmetadata:\n  name: p\n  namespace: verrazzano-mc\nspec:\n  template: {}\n  placement:\n    clusters: 3\n',
    );
    const invalid = await run(['impact', '--before', FLEET, '--after', bad, '--exit-code']);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain(
      `${bad}:9:5 VerrazzanoProject verrazzano-mc/p spec.placement.clusters: Invalid value`,
    );
  });

  it('usage: --after or --git is required', async () => {
    const { code, stderr } = await run(['impact', '--before', FLEET]);
    expect(code).toBe(2);
    expect(stderr).toContain('give --after, or --git REV');
  });

  it('examples/impact-ci.sh: in a repository whose pull request moves todo-list, prints the comment and exits 1 (deletes)', () => {
    const repo = join(dir, 'repo');
    const git = (...argv: string[]) => {
      const done = spawnSync('git', argv, { cwd: repo, encoding: 'utf8' });
      expect(done.status, done.stderr).toBe(0);
    };
    cpSync(FLEET, join(repo, 'fleet'), { recursive: true });
    git('init', '-q');
    git('add', 'fleet');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'base');
    rmSync(join(repo, 'fleet'), { recursive: true });
    cpSync(AFTER, join(repo, 'fleet'), { recursive: true });
    const root = resolve('.');
    const script = spawnSync('sh', [join(root, 'examples/impact-ci.sh')], {
      cwd: repo,
      encoding: 'utf8',
      env: {
        PATH: process.env['PATH'],
        FLEET: 'fleet',
        BASE_REF: 'HEAD',
        VZMC: `${join(root, 'node_modules/.bin/tsx')} ${join(root, 'src/cli/main.ts')}`,
      },
    });
    expect(script.stderr).toBe('');
    expect(script.status).toBe(1);
    expect(script.stdout.startsWith('### vzmc impact\n\n**3 of 3 clusters change:**')).toBe(true);
    expect(script.stdout).toContain('| 🗑️ **delete** | `VerrazzanoProject verrazzano-mc/todo-list` | P22 |');
  }, 60_000);

  it('docs/impact.md shows the pull-request comment of the demo change exactly as vzmc prints it', async () => {
    const doc = readFileSync('docs/impact.md', 'utf8');
    const start = '<!-- impact-comment:start -->\n';
    const pasted = doc.slice(doc.indexOf(start) + start.length, doc.indexOf('<!-- impact-comment:end -->'));
    expect(pasted).toBe((await run([...args(), '-o', 'markdown'])).stdout);
  });
});
