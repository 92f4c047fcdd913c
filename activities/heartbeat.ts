import { Context } from '@temporalio/activity';

/**
 * Runs work that can take long (a scan over the roster or every open task) while heartbeating, so
 * the workflow's heartbeat timeout tells a stuck or lost worker from a slow query within seconds
 * instead of waiting out the start-to-close timeout. Outside an activity it just runs the work.
 */
export async function whileHeartbeating<T>(work: () => Promise<T>, everyMs = 5000): Promise<T> {
  let ctx: Context | null = null;
  try {
    ctx = Context.current();
  } catch {
    return work();
  }
  const activity = ctx;
  activity.heartbeat();
  const timer = setInterval(() => activity.heartbeat(), everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
