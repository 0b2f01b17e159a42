import { forEachBounded } from '../../src/services/rights/pool.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('forEachBounded (the batch authorizer pool)', () => {
  test('never runs more than `concurrency` items at once and processes every item', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachBounded(Array.from({ length: 50 }, (_, i) => i), { concurrency: 4 }, async (i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await tick();
      seen.push(i);
      inFlight--;
    });
    expect(peak).toBe(4);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  test('pulls from a stream only when a worker is free (streaming, not loading it all first)', async () => {
    let produced = 0;
    let maxAhead = 0;
    let finished = 0;
    async function* stream() {
      for (let i = 0; i < 100; i++) {
        produced++;
        maxAhead = Math.max(maxAhead, produced - finished);
        yield i;
      }
    }
    await forEachBounded(stream(), { concurrency: 3 }, async () => {
      await tick();
      finished++;
    });
    expect(produced).toBe(100);
    // At most the items in flight (3) plus the one being pulled are outstanding.
    expect(maxAhead).toBeLessThanOrEqual(4);
  });

  test('after abort, no new item starts; items in flight finish', async () => {
    const stop = new AbortController();
    const started: number[] = [];
    const done: number[] = [];
    await forEachBounded(Array.from({ length: 20 }, (_, i) => i), { concurrency: 2, signal: stop.signal }, async (i) => {
      started.push(i);
      if (i === 3) stop.abort();
      await tick();
      done.push(i);
    });
    expect(started.length).toBeLessThanOrEqual(5);
    expect(done.sort()).toEqual(started.sort());
  });

  test('an error from the stream is rethrown after items in flight settle', async () => {
    async function* broken() {
      yield 1;
      yield 2;
      throw new Error('listing failed');
    }
    const done: number[] = [];
    await expect(forEachBounded(broken(), { concurrency: 2 }, async (i) => { await tick(); done.push(i); })).rejects.toThrow('listing failed');
    expect(done.sort()).toEqual([1, 2]);
  });
});
