import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/memory.js';
import { revocationWatch } from '../../../src/agent/revocation.js';

describe('revocationWatch (D2, deviation: a revocation is confirmed before deregistering)', () => {
  it('D2: confirms only after the interval, through another connection', () => {
    const clock = manualClock('2026-11-27T10:00:00Z');
    const watch = revocationWatch(30_000, clock);
    expect(watch.suspect('m1', 1)).toEqual({
      confirmed: false,
      confirmAt: new Date('2026-11-27T10:00:30Z'),
    });
    clock.advance(30);
    expect(watch.suspect('m1', 1)).toMatchObject({ confirmed: false }); // the same connection proves nothing
    expect(watch.suspect('m1', 2)).toEqual({ confirmed: true });
    // Confirmed, the suspicion is spent: a new one starts over.
    expect(watch.suspect('m1', 3)).toMatchObject({ confirmed: false });
  });

  it('D2: clear() drops the suspicion; another cluster name starts a new one; 0 confirms at once', () => {
    const clock = manualClock('2026-11-27T10:00:00Z');
    const watch = revocationWatch(30_000, clock);
    watch.suspect('m1', 1);
    clock.advance(40);
    watch.clear();
    expect(watch.suspect('m1', 2)).toMatchObject({ confirmed: false });
    clock.advance(40);
    expect(watch.suspect('m2', 3)).toMatchObject({ confirmed: false });
    expect(revocationWatch(0, clock).suspect('m1', 1)).toEqual({ confirmed: true });
  });
});
