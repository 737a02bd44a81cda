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
});
