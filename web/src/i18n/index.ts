// i18n: Vietnamese first, English second. The choice is kept in
// localStorage ("motcua.lang") and mirrored on <html lang>.
import { useEffect, useState } from 'preact/hooks';
import { vi, type Key } from './vi';
import { en } from './en';

export type Lang = 'vi' | 'en';
export type { Key };

const STORE = 'motcua.lang';
const dicts: Record<Lang, Record<Key, string>> = { vi, en };
const listeners = new Set<(l: Lang) => void>();

function stored(): Lang {
  try {
    return localStorage.getItem(STORE) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

let lang: Lang = stored();
document.documentElement.lang = lang;

export function getLang(): Lang {
  return lang;
}

export function setLang(l: Lang): void {
  if (l === lang) return;
  lang = l;
  try {
    localStorage.setItem(STORE, l);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  document.documentElement.lang = l;
  listeners.forEach((f) => f(l));
}

/** The text of key in the current language, with {name} placeholders filled. */
export function t(key: Key, vars?: Record<string, string | number>): string {
  let s = dicts[lang][key] ?? vi[key] ?? key;
  if (vars) for (const k in vars) s = s.split('{' + k + '}').join(String(vars[k]));
  return s;
}

/** A text that exists in both languages (API messages carry both). */
export interface Msg {
  vi: string;
  en: string;
}

/** A key in both languages, for messages kept in state across a toggle. */
export function msg(key: Key, vars?: Record<string, string | number>): Msg {
  const fill = (s: string) => {
    if (vars) for (const k in vars) s = s.split('{' + k + '}').join(String(vars[k]));
    return s;
  };
  return { vi: fill(vi[key]), en: fill(en[key]) };
}

export function tr(m: Msg | string): string {
  return typeof m === 'string' ? m : lang === 'en' ? m.en || m.vi : m.vi || m.en;
}

/** Re-renders the calling component when the language changes. */
export function useLang(): Lang {
  const [l, set] = useState(lang);
  useEffect(() => {
    listeners.add(set);
    set(lang);
    return () => void listeners.delete(set);
  }, []);
  return l;
}

/** Month names for Intl-less formatting of the calendar and dates. */
export function monthName(m: number): string {
  if (lang === 'vi') return 'Tháng ' + m;
  return ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
    'November', 'December'][m - 1];
}

/** "23/11/2026" in Vietnamese, "23 Nov 2026" in English, from "2026-11-23". */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  if (lang === 'vi') return `${m[3]}/${m[2]}/${m[1]}`;
  return `${+m[3]} ${monthName(+m[2]).slice(0, 3)} ${m[1]}`;
}
