// session.ts - who is signed in. The session itself is an HttpOnly cookie;
// this module keeps the user, roles and CSRF token returned by the API and
// a hint in localStorage so anonymous visitors never pay for GET /auth/me.
import { useEffect, useState } from 'preact/hooks';
import { get, post, setCsrf, ApiError } from './api';

export interface User {
  id: number;
  kind: string; // citizen | business | staff | client
  login: string;
  email: string | null;
  phone: string | null;
  full_name: string;
  status: string;
}
export interface Grant {
  role: string;
  agency_id: number;
  agency_code: string;
}
export interface Session {
  user: User;
  roles: Grant[];
  csrf_token?: string;
}

const HINT = 'motcua.signed-in';
type State = { ready: boolean; session: Session | null };
let state: State = { ready: false, session: null };
const listeners = new Set<(s: State) => void>();

function set(s: Session | null): void {
  state = { ready: true, session: s };
  setCsrf(s?.csrf_token ?? null);
  try {
    if (s) localStorage.setItem(HINT, '1');
    else localStorage.removeItem(HINT);
  } catch {
    /* ignore */
  }
  listeners.forEach((f) => f(state));
}

/** Loads the session at start (only when the hint says there may be one). */
export async function loadSession(): Promise<void> {
  let hint = false;
  try {
    hint = localStorage.getItem(HINT) === '1';
  } catch {
    /* ignore */
  }
  if (!hint) return set(null);
  try {
    set(await get<Session>('/auth/me'));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) set(null);
    else state = { ready: true, session: null }, listeners.forEach((f) => f(state));
  }
}

export async function signIn(login: string, password: string): Promise<Session> {
  const s = await post<Session>('/auth/login', { login, password });
  set(s);
  return s;
}

export async function signOut(): Promise<void> {
  try {
    await post('/auth/logout', {});
  } finally {
    set(null);
  }
}

export function hasRole(s: Session | null, ...roles: string[]): boolean {
  return !!s && s.roles.some((g) => roles.includes(g.role));
}

export const isStaff = (s: Session | null) => !!s && s.user.kind === 'staff';

export function useSession(): State {
  const [s, setS] = useState(state);
  useEffect(() => {
    listeners.add(setS);
    setS(state);
    return () => void listeners.delete(setS);
  }, []);
  return s;
}
