import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { realSleep } from '../../../src/agent/retry.js';

describe('realSleep', () => {
  it('leaves no abort listener behind when its timer fires, so a loop that sleeps on one signal for days collects none', async () => {
    const signal = new AbortController().signal;
    for (let i = 0; i < 20; i++) await realSleep(1, signal);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('ends at once when the signal aborts, and clears its timer', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const sleeping = realSleep(60_000, controller.signal);
    controller.abort();
    await sleeping;
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('sleepers on one signal share one listener: 50 at once (actions retrying together) never trip the leak warning, and an abort wakes them all', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      const started = performance.now();
      const short = Array.from({ length: 50 }, () => realSleep(5, controller.signal));
      const long = Array.from({ length: 50 }, () => realSleep(60_000, controller.signal));
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
      await Promise.all(short);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
      controller.abort();
      await Promise.all(long);
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      // Once every sleeper is done, none is left on a signal that never aborts either.
      const idle = new AbortController().signal;
      await Promise.all(Array.from({ length: 50 }, () => realSleep(1, idle)));
      expect(getEventListeners(idle, 'abort')).toHaveLength(0);
      await new Promise((resolve) => {
        process.nextTick(resolve);
      });
      expect(warnings.map((w) => w.name)).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
