/**
 * Last-resort cleanup when the Node process ends without calling `stop()`: on exit, and on
 * SIGINT/SIGTERM/SIGHUP. Only synchronous work is possible there, so children get SIGKILL (test
 * data is disposable). A SIGKILL of Node itself runs none of this; the parent-death signal
 * (pdeathsig.ts) covers that case.
 */

/** Something that can kill its processes synchronously. */
export interface ExitGuarded {
  killNow(): void;
}

const guarded = new Set<ExitGuarded>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function killAll(): void {
  for (const entry of guarded) {
    try {
      entry.killNow();
    } catch {
      // Keep going: one failure must not leave the others running.
    }
  }
  guarded.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  uninstall();
  // Our listener replaced Node's default action (exit). Restore it by re-raising, unless someone
  // else (the test runner) listens and will decide how to end.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAll);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.off('exit', killAll);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/** Kills `entry`'s processes if this process ends first. Returns the function that stops guarding. */
export function guardUntilStopped(entry: ExitGuarded): () => void {
  guarded.add(entry);
  install();
  return () => {
    guarded.delete(entry);
    if (guarded.size === 0) uninstall();
  };
}
