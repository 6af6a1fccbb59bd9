// SearchBox - procedure search with suggestions as you type (ARIA 1.2
// combobox with a listbox popup). Debounced; each keystroke cancels the
// request before it. Enter on a suggestion opens the procedure; Enter
// otherwise submits to the results page.
import { useEffect, useRef, useState } from 'preact/hooks';
import { searchProcedures, type ProcedureSummary } from '../catalogue';
import { t, useLang } from '../i18n';
import { navigate } from '../router';
import { useId } from './ui';

const DEBOUNCE_MS = 200;
const MAX = 8;

export function SearchBox({ initial = '', big = false }: { initial?: string; big?: boolean }) {
  useLang();
  const id = useId('search');
  const [q, setQ] = useState(initial);
  const [items, setItems] = useState<ProcedureSummary[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState('');
  const ctl = useRef<AbortController | null>(null);
  const timer = useRef<number>(0);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => () => {
    clearTimeout(timer.current);
    ctl.current?.abort();
  }, []);

  useEffect(() => {
    const close = (e: Event) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    return () => document.removeEventListener('pointerdown', close);
  }, []);

  function suggest(v: string) {
    clearTimeout(timer.current);
    ctl.current?.abort();
    if (v.trim().length < 2) {
      setItems([]);
      setOpen(false);
      setStatus('');
      return;
    }
    timer.current = window.setTimeout(() => {
      const c = new AbortController();
      ctl.current = c;
      searchProcedures({ q: v.trim(), per_page: MAX }, c.signal).then(
        (r) => {
          if (c.signal.aborted) return;
          const list = (r?.items ?? []).slice(0, MAX);
          setItems(list);
          setActive(-1);
          setOpen(true);
          setStatus(list.length ? t('search.suggestions.count', { n: list.length }) : t('search.suggestions.none'));
        },
        () => {
          if (!c.signal.aborted) {
            setItems([]);
            setOpen(false);
          }
        },
      );
    }, DEBOUNCE_MS);
  }

  function go(p: ProcedureSummary) {
    setOpen(false);
    navigate('/thu-tuc/' + encodeURIComponent(p.code));
  }

  function onKey(e: KeyboardEvent) {
    const n = items.length;
    if (e.key === 'ArrowDown' && n) {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (a + 1) % n);
    } else if (e.key === 'ArrowUp' && n) {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (a <= 0 ? n - 1 : a - 1));
    } else if (e.key === 'Escape') {
      if (open) {
        e.preventDefault();
        setOpen(false);
        setActive(-1);
      }
    } else if (e.key === 'Enter' && open && active >= 0 && items[active]) {
      e.preventDefault();
      go(items[active]);
    }
  }

  function submit(e: Event) {
    e.preventDefault();
    setOpen(false);
    ctl.current?.abort();
    clearTimeout(timer.current);
    navigate('/thu-tuc' + (q.trim() ? '?q=' + encodeURIComponent(q.trim()) : ''));
  }

  const expanded = open && items.length > 0;
  return (
    <form class={'search' + (big ? ' search--big' : '')} role="search" onSubmit={submit}>
      <label for={id} class="search-label">{t('search.label')}</label>
      <p class="hint" id={id + '-hint'}>{t('search.hint')}</p>
      <div class="search-row" ref={box}>
        <div class="combo">
          <input
            id={id}
            name="q"
            type="search"
            role="combobox"
            autoComplete="off"
            spellcheck={false}
            aria-autocomplete="list"
            aria-expanded={expanded ? 'true' : 'false'}
            aria-controls={id + '-list'}
            aria-describedby={id + '-hint'}
            aria-activedescendant={expanded && active >= 0 ? `${id}-opt-${active}` : undefined}
            placeholder={t('search.placeholder')}
            value={q}
            onInput={(e) => {
              const v = (e.currentTarget as HTMLInputElement).value;
              setQ(v);
              suggest(v);
            }}
            onKeyDown={onKey}
            onFocus={() => items.length && setOpen(true)}
          />
          <ul id={id + '-list'} role="listbox" aria-label={t('search.suggestions')} class="suggestions" hidden={!expanded}>
            {items.map((p, i) => (
              <li
                id={`${id}-opt-${i}`}
                role="option"
                aria-selected={i === active ? 'true' : 'false'}
                class={i === active ? 'active' : undefined}
                onPointerDown={(e) => e.preventDefault()}
                onClick={() => go(p)}
              >
                <span class="s-name">{p.name}</span>
                <span class="s-meta">{p.code}{p.field ? ' · ' + p.field : ''}</span>
              </li>
            ))}
          </ul>
        </div>
        <button type="submit" class="btn">{t('search.button')}</button>
      </div>
      <p class="sr-only" role="status" aria-live="polite">{status}</p>
    </form>
  );
}
