/**
 * Tiny benchmark helpers: wall-clock timing with warm-up, and a uniform report line. Every
 * benchmark prints its figure and its baseline, measured in the same run.
 */

/** Runs `fn` `warmup` times, then `runs` times, and returns the median milliseconds. */
export async function medianMs(fn: () => unknown, runs = 5, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** Peak resident memory of this process so far, in bytes. */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/** Prints one result line: name, figure, baseline, goal and verdict. */
export function report(line: {
  readonly bench: string;
  readonly figure: string;
  readonly baseline: string;
  readonly goal: string;
  readonly met: boolean;
}): void {
  console.log(
    `${line.bench}\n  figure:   ${line.figure}\n  baseline: ${line.baseline}\n  goal:     ${line.goal} → ${line.met ? 'met' : 'NOT met'}`,
  );
  console.log(`BENCH_JSON ${JSON.stringify(line)}`);
}

export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Runs this benchmark file again in a child process with `mode` as its argument and returns the
 * JSON the child printed last: memory is measured in a process of its own, so that the figure's
 * and the baseline's allocations in this one do not count.
 */
export async function inChild<T>(mode: string): Promise<T> {
  const { execFileSync } = await import('node:child_process');
  const out = execFileSync(process.execPath, [...process.execArgv, process.argv[1]!, mode], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as T;
}

/** The load average right now, for the report (benchmarks on a busy 2-core machine are noisy). */
export async function loadAverage(): Promise<string> {
  const { loadavg } = await import('node:os');
  return loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
}

export const ms = (value: number): string =>
  value < 10 ? `${value.toFixed(2)} ms` : `${value.toFixed(0)} ms`;
