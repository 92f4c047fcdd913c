import { mapBounded } from './map-bounded';

describe('mapBounded', () => {
  it.each([
    { items: 0, limit: 4 },
    { items: 1, limit: 4 },
    { items: 10, limit: 1 },
    { items: 10, limit: 3 },
    { items: 3, limit: 10 },
  ])('$items items, at most $limit at once: every result in input order', async ({ items, limit }) => {
    let inFlight = 0;
    let peak = 0;
    const input = Array.from({ length: items }, (_, i) => i);
    const out = await mapBounded(input, limit, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      // Later items finish first, so order comes from the index, not from completion.
      await new Promise((r) => setImmediate(r));
      for (let k = 0; k < items - n; k++) await Promise.resolve();
      inFlight--;
      return n * 2;
    });
    expect(out).toEqual(input.map((n) => n * 2));
    expect(peak).toBeLessThanOrEqual(Math.max(1, limit));
    if (items > 0) expect(peak).toBe(Math.min(limit, items));
  });
});
