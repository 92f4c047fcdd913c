import { Inject, Injectable } from '@nestjs/common';
import { LRUCache, type Perf } from 'lru-cache';
import { YIYANG_CONFIG, type YiyangConfig } from '@app/runtime';

/** Below this many tasks an aggregate is cheap and always computed afresh for the request. */
export const SHARED_AGGREGATE_MIN_TASKS = 1_000;

interface Question {
  compute: () => Promise<unknown>;
  /** How many tasks the answer covers. */
  tasks: (answer: unknown) => number;
}
interface Shared {
  value: unknown;
  /** When it was computed (the cache's clock). */
  at: number;
  /** Over SHARED_AGGREGATE_MIN_TASKS tasks, with reuse on: shared, and refreshed in the background. */
  large: boolean;
}

/**
 * Large aggregates (the supervisor summary, the inbox's total over a county's 250,000 open tasks)
 * are shared between the users who ask the same question at the same moment, instead of each
 * request scanning the same index again: concurrent identical questions wait for one query, and an
 * answer over more than SHARED_AGGREGATE_MIN_TASKS tasks is reused for YIYANG_SHARED_AGGREGATE_MS
 * (2 s by default; 0 turns reuse off). For as long again, such an answer is still given while it
 * is recomputed once in the background, so supervisors do not wait for the scan each time the
 * answer expires; an answer older than twice the reuse time is never given (the request waits for a
 * new one). Small answers — a township officer's inbox, a test's few cases — are
 * never reused, so a decision shows at once where a person counts one by one. The summary carries
 * `asOf`, so a reused answer says how old it is.
 *
 * The key must name the whole question, including whatever the caller's scope adds; the caller has
 * already checked that the caller may ask it.
 */
export class AggregateCache {
  private readonly cache: LRUCache<string, Shared, Question>;
  private readonly clock: Perf;

  /** `clock` is for tests; the default is `performance`. */
  constructor(
    private readonly maxAge: number,
    clock?: Perf,
  ) {
    this.clock = clock ?? performance;
    this.cache = new LRUCache<string, Shared, Question>({
      max: 500,
      ttl: Math.max(maxAge, 1),
      perf: this.clock,
      fetchMethod: async (_key, _stale, { options, context }) => {
        const at = this.clock.now();
        const value = await context.compute();
        const large = maxAge > 0 && context.tasks(value) > SHARED_AGGREGATE_MIN_TASKS;
        // A small answer is only shared with the requests already waiting for it.
        if (!large) options.ttl = 1;
        return { value, at, large };
      },
    });
  }

  async get<T>(key: string, compute: () => Promise<T>, tasks: (answer: T) => number): Promise<T> {
    // An expired large answer within its grace is given now, while lru-cache refreshes it (once).
    const held = this.cache.peek(key, { allowStale: true });
    const allowStale = held !== undefined && held.large && this.clock.now() - held.at <= 2 * this.maxAge;
    const shared = await this.cache.fetch(key, { allowStale, context: { compute, tasks: tasks as (answer: unknown) => number } });
    return shared!.value as T;
  }
}

@Injectable()
export class SharedAggregates extends AggregateCache {
  constructor(@Inject(YIYANG_CONFIG) config: YiyangConfig) {
    super(config.sharedAggregateMs);
  }
}
