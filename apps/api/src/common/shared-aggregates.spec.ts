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
