// router.ts - path-based routing over the History API. The server answers
// index.html for every app path (docs/internals/http.md), so any route here
// can be loaded directly. Same-origin <a href> clicks are taken over.
import { useEffect, useState } from 'preact/hooks';

export interface Loc {
  path: string;
  query: URLSearchParams;
}

const listeners = new Set<() => void>();
let current = read();

function read(): Loc {
  return { path: location.pathname.replace(/\/+$/, '') || '/', query: new URLSearchParams(location.search) };
}

function changed(): void {
  current = read();
  listeners.forEach((f) => f());
}

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (to === location.pathname + location.search) {
    if (!opts.replace) return;
  }
  if (opts.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  changed();
  window.scrollTo(0, 0);
}

export function useLocation(): Loc {
  const [, tick] = useState(0);
  useEffect(() => {
    const f = () => tick((n) => n + 1);
    listeners.add(f);
    return () => void listeners.delete(f);
  }, []);
  return current;
}

/** Params of pattern ("/thu-tuc/:code") matched against path, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/'), s = path.split('/');
  if (p.length !== s.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) {
      if (!s[i]) return null;
      try {
        out[p[i].slice(1)] = decodeURIComponent(s[i]);
      } catch {
        return null;
      }
    } else if (p[i] !== s[i]) return null;
  }
  return out;
}

/** A same-origin link target: a path beginning with one "/" and outside /api/. */
export function isAppHref(href: string): boolean {
  return href.startsWith('/') && !href.startsWith('//') && !href.startsWith('/api/') && !href.startsWith('/assets/');
}

export function startRouter(): void {
  window.addEventListener('popstate', changed);
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element | null)?.closest?.('a');
    if (!a || a.target || a.hasAttribute('download')) return;
    const href = a.getAttribute('href');
    if (!href || !isAppHref(href)) return;
    e.preventDefault();
    navigate(href);
  });
}
