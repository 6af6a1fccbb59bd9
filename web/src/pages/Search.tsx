// /thu-tuc?q=&field=&level=&online=1&page=N - procedure search results.
import { useEffect, useState } from 'preact/hooks';
import type { List } from '../api';
import { agencyName, levelCodes, levelLabel, onlineLabel, searchProcedures, type ProcedureSummary } from '../catalogue';
import { SearchBox } from '../components/SearchBox';
import { ErrorBox, Loading, useTitle } from '../components/ui';
import { t, useLang, type Key } from '../i18n';
import { navigate } from '../router';
import type { PageProps } from '../routes';

const PER_PAGE = 20;

export function Search({ query }: PageProps) {
  useLang();
  const q = query.get('q') ?? '';
  const field = query.get('field') ?? '';
  const level = query.get('level') ?? '';
  const online = /^[234]$/.test(query.get('online') ?? '') ? query.get('online')! : '';
  const page = Math.max(1, parseInt(query.get('page') ?? '1', 10) || 1);
  const [data, setData] = useState<List<ProcedureSummary> | null>(null);
  const [err, setErr] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  useTitle(q ? `${q} — ${t('search.title')}` : t('search.title'));

  useEffect(() => {
    const c = new AbortController();
    setData(null);
    setErr(null);
    searchProcedures({ q, field, level, online, page, per_page: PER_PAGE }, c.signal).then(setData, (e) => {
      if (!c.signal.aborted) setErr(e);
    });
    return () => c.abort();
  }, [q, field, level, online, page, tick]);

  function href(over: Record<string, string | number | null>) {
    const p = new URLSearchParams(query);
    for (const k in over) {
      const v = over[k];
      if (v === null || v === '') p.delete(k);
      else p.set(k, String(v));
    }
    const s = p.toString();
    return '/thu-tuc' + (s ? '?' + s : '');
  }

  function applyFilters(e: Event) {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    navigate(href({ level: String(f.get('level') || ''), online: String(f.get('online') || ''), page: null }));
  }

  const total = data?.total ?? data?.items.length ?? 0;
  const hasNext = data ? (data.total != null ? page * PER_PAGE < data.total : !!data.next_cursor) : false;

  return (
    <>
      <h1 tabIndex={-1}>{t('search.title')}</h1>
      <SearchBox initial={q} key={q} />
      <div class="results-layout">
        <form class="filters" onSubmit={applyFilters} aria-labelledby="filters-title">
          <h2 id="filters-title" class="h-small">{t('search.filters')}</h2>
          {field && (
            <p class="chip-active">
              {t('search.field')}: <strong lang="vi">{field}</strong>{' '}
              <a href={href({ field: null, page: null })} aria-label={`${t('common.close')}: ${field}`}>✕</a>
            </p>
          )}
          <div class="field">
            <label for="f-level">{t('search.level')}</label>
            <select id="f-level" name="level" value={level}>
              <option value="">{t('search.level.any')}</option>
              {levelCodes.map((c) => <option value={c}>{t(('level.' + c) as Key)}</option>)}
            </select>
          </div>
          <div class="field">
            <label for="f-online">{t('search.online')}</label>
            <select id="f-online" name="online" value={online}>
              <option value="">{t('search.online.any')}</option>
              {['4', '3', '2'].map((k) => <option value={k}>{t(('online.' + k) as Key)}</option>)}
            </select>
          </div>
          <button type="submit" class="btn btn--secondary">{t('search.apply')}</button>
        </form>
        <section class="results" aria-labelledby="results-count" aria-busy={!data && !err ? 'true' : 'false'}>
          {err ? <ErrorBox error={err} retry={() => setTick(tick + 1)} /> : !data ? <Loading /> : (
            <>
              <h2 id="results-count" class="h-small" role="status">
                {q ? t('search.results.for', { n: total, q }) : t('search.results', { n: total })}
              </h2>
              {data.items.length === 0 ? <p>{t('search.empty')}</p> : (
                <ol class="result-list">
                  {data.items.map((p) => (
                    <li class="result">
                      <a class="result-name" href={'/thu-tuc/' + encodeURIComponent(p.code)}>{p.name}</a>
                      <p class="result-meta">
                        <span>{t('proc.code')}: {p.code}</span>
                        {p.field && <span>{p.field}</span>}
                        {levelLabel(p) && <span>{levelLabel(p)}</span>}
                        {agencyName(p) && <span>{agencyName(p)}</span>}
                      </p>
                      {onlineLabel(p.online_kind) && <span class={'badge badge--online' + p.online_kind}>{onlineLabel(p.online_kind)}</span>}
                    </li>
                  ))}
                </ol>
              )}
              {(page > 1 || hasNext) && (
                <nav class="pager" aria-label={t('search.pages')}>
                  {page > 1 && <a href={href({ page: page - 1 === 1 ? null : page - 1 })} rel="prev">← {t('search.prev')}</a>}
                  <span>{t('search.page', { n: page })}</span>
                  {hasNext && <a href={href({ page: page + 1 })} rel="next">{t('search.next')} →</a>}
                </nav>
              )}
            </>
          )}
        </section>
      </div>
    </>
  );
}
