import { defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';

/**
 * The Temporal client's own gRPC retries, with their timers accounted for. `Connection.close()`
 * does not clear a retry already scheduled; when that timer fires on the closed channel it throws
 * outside any awaited call ("Channel has been shut down", an uncaught exception in the process).
 * Pass `interceptors` to `Connection.connect`/`lazy`, and `await settled()` before `close()`.
 */
export class TrackedGrpcRetries {
  private readonly defaults = defaultGrpcRetryOptions();
  private dueAt = 0;
  private closing = false;

  readonly interceptors = [
    makeGrpcRetryInterceptor({
      retryableDecider: (attempt, status) => !this.closing && this.defaults.retryableDecider(attempt, status),
      delayFunction: (attempt, status) => {
        const ms = this.defaults.delayFunction(attempt, status);
        this.dueAt = Math.max(this.dueAt, Date.now() + ms);
        return ms;
      },
    }),
  ];

  /** No new retries from now on; resolves once every retry already scheduled has fired (at most `maxMs`). */
  async settled(maxMs = 10_000): Promise<void> {
    this.closing = true;
    const wait = Math.min(this.dueAt - Date.now(), maxMs);
    if (wait > 0) await new Promise<void>((resolve) => setTimeout(resolve, wait + 20));
  }
}
