import { api, call } from '../../api/client';
import type { InboxQuery } from './inbox-params';

/** One page of the inbox, from GET /api/tasks through the typed client (its 401 → the login page). */
export const askInbox = (query: InboxQuery) => call(api.GET('/api/tasks', { params: { query } }));
