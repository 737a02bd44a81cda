import { describe, expect, it } from 'vitest';
import {
  createProgressReporter,
  formatDuration,
  type BuildProgressEvent,
} from '../../../src/testing/harness/progress.js';

function fakeStream(isTTY: boolean, columns = 200) {
  const writes: string[] = [];
  return { stream: { isTTY, columns, write: (text: string) => writes.push(text) }, writes };
}

const step = { step: 4, totalSteps: 5, title: 'build kube-apiserver v1.34.4' };
const output = (line: string, packages: number, stepElapsedMs: number): BuildProgressEvent => ({
  kind: 'output',
  ...step,
  line,
  packages,
  stepElapsedMs,
  elapsedMs: stepElapsedMs,
});

describe('build progress', () => {
  it('formats durations for people', () => {
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(12_400)).toBe('12s');
    expect(formatDuration(190_000)).toBe('3m10s');
  });

  it('without a TTY, prints each step change and at most one progress line per interval', () => {
    let now = 0;
    const { stream, writes } = fakeStream(false);
    const report = createProgressReporter({ stream, intervalMs: 10_000, now: () => now });

    report({ kind: 'step-start', ...step, elapsedMs: 0 });
    for (let i = 1; i <= 30; i++) {
      now = i * 1_000;
      report(output(`k8s.io/pkg${i}`, i, now));
    }
    report({ kind: 'step-done', ...step, durationMs: 30_500, elapsedMs: 30_500 });

    expect(writes).toEqual([
      '[4/5] build kube-apiserver v1.34.4 …\n',
      '[4/5] build kube-apiserver v1.34.4 · 10s · 10 pkgs · k8s.io/pkg10\n',
      '[4/5] build kube-apiserver v1.34.4 · 20s · 20 pkgs · k8s.io/pkg20\n',
      '[4/5] build kube-apiserver v1.34.4 · 30s · 30 pkgs · k8s.io/pkg30\n',
      '[4/5] build kube-apiserver v1.34.4 done in 30s\n',
    ]);
  });

  it('on a TTY, rewrites one status line in place and ends the step with a newline', () => {
    let now = 0;
    const { stream, writes } = fakeStream(true);
    const report = createProgressReporter({ stream, now: () => now });

    report({ kind: 'step-start', ...step, elapsedMs: 0 });
    now = 1_000;
    report(output('k8s.io/apiserver/pkg/server', 812, 72_000));
    now = 1_010; // too soon to redraw
    report(output('k8s.io/apiserver/pkg/endpoints', 813, 72_010));
    report({ kind: 'step-done', ...step, durationMs: 190_000, elapsedMs: 190_000 });

    expect(writes.every((w) => w.startsWith('\r\x1b[2K') || w.endsWith('\n'))).toBe(true);
    expect(writes.join('')).toContain(
      '[4/5] build kube-apiserver v1.34.4 · 1m12s · 812 pkgs · k8s.io/apiserver/pkg/server',
    );
    expect(writes.join('')).not.toContain('k8s.io/apiserver/pkg/endpoints');
    expect(writes.at(-1)).toBe('[4/5] build kube-apiserver v1.34.4 done in 3m10s\n');
  });

  it('keeps a TTY status line within the terminal width', () => {
    const { stream, writes } = fakeStream(true, 80);
    const report = createProgressReporter({ stream, now: () => 1_000 });
    report(output(`k8s.io/${'very/long/'.repeat(20)}package`, 1, 1_000));
    expect(writes[0]!.replace('\r\x1b[2K', '').length).toBeLessThanOrEqual(79);
  });
});
