import { AggregateCache, SHARED_AGGREGATE_MIN_TASKS } from './shared-aggregates';

/** A clock the test moves by hand, and a question that counts how often it was computed. */
function setup(maxAge: number) {
  const clock = { t: 1_000, now: () => clock.t };
  const cache = new AggregateCache(maxAge, clock);
  const computed: number[] = [];
  const ask = (key: string, answer: number) =>
    cache.get(
      key,
      async () => {
        computed.push(answer);
        return answer;
      },
      (n) => n,
    );
  return { clock, ask, computed };
}

const LARGE = SHARED_AGGREGATE_MIN_TASKS + 1;
/** Resolves once every promise already settled has run its callbacks (a background recount whose computation resolved). */
const microtasksDone = () => new Promise<void>((resolve) => setImmediate(resolve));
const SMALL = SHARED_AGGREGATE_MIN_TASKS;

describe('AggregateCache (large dashboard answers shared between users)', () => {
  it('computes concurrent identical questions once, whatever the size', async () => {
    for (const size of [SMALL, LARGE]) {
      const { ask, computed } = setup(2_000);
      const answers = await Promise.all(Array.from({ length: 32 }, () => ask('q', size)));
      expect(answers).toEqual(Array(32).fill(size));
      expect(computed).toHaveLength(1);
    }
  });

  it.each([
    // [maxAge, answer, ms later, computed again?]
    [2_000, LARGE, 0, false],
    [2_000, LARGE, 1_999, false],
    [2_000, LARGE, 2_001, true],
    [2_000, SMALL, 2, true],
    [2_000, 0, 2, true],
    [0, LARGE, 2, true],
  ])('maxAge %i ms, an answer over %i tasks, asked again %i ms later: computed again = %s', async (maxAge, answer, later, again) => {
    const { clock, ask, computed } = setup(maxAge);
    await ask('q', answer);
    clock.t += later;
    await ask('q', answer);
    expect(computed).toHaveLength(again ? 2 : 1);
  });

  it('keeps different questions apart', async () => {
    const { ask, computed } = setup(2_000);
    expect(await ask('a', LARGE)).toBe(LARGE);
    expect(await ask('b', LARGE + 1)).toBe(LARGE + 1);
    expect(computed).toEqual([LARGE, LARGE + 1]);
  });

  it.each([
    // [ms later, answer given at once: the old one?]
    [2_001, true],
    [4_000, true],
    [4_001, false],
  ])(
    'an expired large answer asked again %i ms later (reuse 2,000 ms): the old answer given while it is recomputed = %s',
    async (later, old) => {
      const { clock, ask, computed } = setup(2_000);
      await ask('q', LARGE);
      clock.t += later;
      expect(await ask('q', LARGE + 1)).toBe(old ? LARGE : LARGE + 1);
      expect(computed).toEqual([LARGE, LARGE + 1]);
      // Once the recount has settled (its computation has already resolved), the new answer is the one
      // given, and it is fresh again.
      await microtasksDone();
      expect(await ask('q', LARGE + 2)).toBe(LARGE + 1);
      expect(computed).toHaveLength(2);
    },
  );

  it('recomputes an expired large answer once, however many ask while it is recomputed', async () => {
    const { clock, ask, computed } = setup(2_000);
    await ask('q', LARGE);
    clock.t += 2_500;
    const answers = await Promise.all(Array.from({ length: 32 }, (_, i) => ask('q', LARGE + 1 + i)));
    expect(answers).toEqual(Array(32).fill(LARGE));
    expect(computed).toEqual([LARGE, LARGE + 1]);
  });

  it('never gives an expired small answer, even within the grace of a large one', async () => {
    const { clock, ask, computed } = setup(2_000);
    await ask('q', SMALL);
    clock.t += 2;
    expect(await ask('q', SMALL - 1)).toBe(SMALL - 1);
    expect(computed).toEqual([SMALL, SMALL - 1]);
  });

  it('does not keep a failed background recount: the old answer was given, the next request computes again', async () => {
    const { clock } = setup(2_000);
    const cache = new AggregateCache(2_000, clock);
    const large = async () => LARGE;
    await cache.get('q', large, (n) => n);
    clock.t += 2_500;
    const failing = () => Promise.reject(new Error('database down'));
    await expect(cache.get('q', failing, () => LARGE)).resolves.toBe(LARGE);
    await microtasksDone();
    await expect(cache.get('q', failing, () => LARGE)).rejects.toThrow('database down');
  });

  it('does not keep a failure: the next request asks again', async () => {
    const { clock } = setup(2_000);
    const cache = new AggregateCache(2_000, clock);
    await expect(
      cache.get(
        'q',
        () => Promise.reject(new Error('database down')),
        () => LARGE,
      ),
    ).rejects.toThrow('database down');
    await expect(
      cache.get(
        'q',
        async () => LARGE,
        (n) => n,
      ),
    ).resolves.toBe(LARGE);
  });
});
