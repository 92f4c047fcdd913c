import { landsOnInbox } from './auth/access';
import { session } from './auth/session-store';
import { askInbox } from './features/inbox/inbox-api';
import { INITIAL_INBOX_QUERY } from './features/inbox/inbox-params';

/**
 * The inbox's first page, asked for as soon as the console's code starts to run.
 *
 * main.tsx imports this module first, so the request goes out before React, antd and the pages
 * are evaluated (the ES module graph runs in import order), and it is answered while they are,
 * instead of after the app has mounted. Not earlier, on purpose: while the browser is still
 * fetching the console's script files (six connections per host over HTTP/1.1), a request made
 * from the HTML waits for a free connection behind them (measured: 300–500 ms in the queue).
 * prefetchInbox (use-inbox.ts) takes the answer.
 */
let pending: ReturnType<typeof askInbox> | null = start();

function start(): ReturnType<typeof askInbox> | null {
  const { token, user } = session.get();
  if (!token || !landsOnInbox(window.location.pathname, user?.role)) return null;
  const request = askInbox(INITIAL_INBOX_QUERY);
  request.catch(() => undefined); // the taker sees the failure; it is not an unhandled rejection
  return request;
}

/** The early answer, once (the first load of the inbox); every later one asks the API as usual. */
export function takeEarlyInbox(): ReturnType<typeof askInbox> | null {
  const taken = pending;
  pending = null;
  return taken;
}
