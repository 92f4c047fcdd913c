import type { components } from '../api/schema';

export type SessionUser = components['schemas']['SessionUserView'];

interface SessionState {
  token: string | null;
  user: SessionUser | null;
  /** Set when the server refused the token: the login page says so. */
  expired: boolean;
}

const KEY = 'yiyang.session';
let state: SessionState = load();
const listeners = new Set<() => void>();

function load(): SessionState {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (raw) return { ...(JSON.parse(raw) as Omit<SessionState, 'expired'>), expired: false };
  } catch {
    // unreadable storage: start logged out
  }
  return { token: null, user: null, expired: false };
}

function set(next: SessionState) {
  state = next;
  if (next.token) sessionStorage.setItem(KEY, JSON.stringify({ token: next.token, user: next.user }));
  else sessionStorage.removeItem(KEY);
  listeners.forEach((l) => l());
}

/** The logged-in officer, kept for the browser tab (sessionStorage), not across tabs or restarts. */
export const session = {
  get: () => state,
  token: () => state.token,
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  login(token: string, user: SessionUser) {
    set({ token, user, expired: false });
  },
  logout() {
    set({ token: null, user: null, expired: false });
  },
  expire() {
    if (state.token) set({ token: null, user: null, expired: true });
  },
};
