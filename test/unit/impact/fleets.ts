/**
 * The fleets of the impact tests: the example fleet with a Secret that the hello-helidon app config
 * lists (before), and after two edits: the todo-list project and its app move from managed1 to
 * managed2, and the hello-helidon app config no longer lists the Secret.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fleetFromObjects, loadSources, type Fleet, type KubeObject } from '../../../src/index.js';

/** The hello-helidon Secret's password: it must never reach an output. */
export const HELLO_PASSWORD = 'hello-not-a-secret-4711';

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : name.endsWith('.yaml') ? [path] : [];
    });
}

/** The example fleet's objects. */
export function exampleObjects(): KubeObject[] {
  const sources = files('examples/fleet').map((file) => ({ file, content: readFileSync(file, 'utf8') }));
  return loadSources(sources).objects.map((o) => o.object);
}

const clone = <T>(value: T): T => structuredClone(value);
const named = (o: KubeObject, kind: string, name: string) => o.kind === kind && o.metadata.name === name;

/** The before objects: the example fleet plus the Secret hello-helidon/hello-credentials, listed by the app. */
export function beforeObjects(): KubeObject[] {
  const objects = exampleObjects().map((o) => {
    if (!named(o, 'MultiClusterApplicationConfiguration', 'hello-helidon')) return o;
    const app = clone(o) as KubeObject & { spec: { secrets?: string[] } };
    app.spec.secrets = ['hello-credentials'];
    return app;
  });
  const secret: KubeObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'hello-credentials', namespace: 'hello-helidon' },
    type: 'Opaque',
    data: { password: Buffer.from(HELLO_PASSWORD).toString('base64') },
  };
  return [...objects, secret];
}

/** Edit 1: the project `todo-list` and its app config move from managed1 to managed2. */
export function moveTodoList(objects: readonly KubeObject[]): KubeObject[] {
  return objects.map((o) => {
    if (
      !named(o, 'VerrazzanoProject', 'todo-list') &&
      !named(o, 'MultiClusterApplicationConfiguration', 'todo-app')
    )
      return o;
    const moved = clone(o) as KubeObject & { spec: { placement: { clusters: { name: string }[] } } };
    moved.spec.placement.clusters = [{ name: 'managed2' }];
    return moved;
  });
}

/** Edit 2: the hello-helidon app config no longer lists its Secret. */
export function dropHelloSecret(objects: readonly KubeObject[]): KubeObject[] {
  return objects.map((o) => {
    if (!named(o, 'MultiClusterApplicationConfiguration', 'hello-helidon')) return o;
    const app = clone(o) as KubeObject & { spec: { secrets?: string[] } };
    delete app.spec.secrets;
    return app;
  });
}

/** Both fleets. */
export function fleets(): { before: Fleet; after: Fleet } {
  const before = beforeObjects();
  return { before: fleetFromObjects(before), after: fleetFromObjects(dropHelloSecret(moveTodoList(before))) };
}

/** A third edit, for updates: the hello-helidon greeting (placed on both clusters) says something else. */
export function changeGreeting(objects: readonly KubeObject[]): KubeObject[] {
  return objects.map((o) => {
    if (!named(o, 'MultiClusterConfigMap', 'hello-helidon-greeting')) return o;
    const wrapper = clone(o) as KubeObject & { spec: { template: { data: Record<string, string> } } };
    wrapper.spec.template.data['GREETING'] = 'Bonjour';
    return wrapper;
  });
}
