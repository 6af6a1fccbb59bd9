// /xu-ly?view=&q= - the processing inbox of specialists and leaders: the
// counts (GET /dossiers/counts), filters (all open, due today, overdue,
// paused, mine, my agency), deadline colours; each row opens the dossier.
import { useEffect, useState } from 'preact/hooks';
import { DossierTable } from '../../components/dossier';
import { Alert, ErrorBox, Loading, useTitle } from '../../components/ui';
import { getCounts, listDossiers, type Counts, type Dossier, type ListFilter } from '../../dossier';
import { t, useLang, type Key } from '../../i18n';
import { navigate } from '../../router';
import type { PageProps } from '../../routes';
import { isStaff, useSession } from '../../session';
import { RequireSignIn } from '../admin/guard';

const VIEWS: { id: string; label: Key; count?: keyof Counts }[] = [
  { id: 'open', label: 'inbox.open', count: 'open' },
  { id: 'today', label: 'inbox.today', count: 'due_today' },
  { id: 'overdue', label: 'inbox.overdue', count: 'overdue' },
  { id: 'paused', label: 'inbox.paused', count: 'paused' },
  { id: 'mine', label: 'inbox.mine', count: 'mine' },
  { id: 'agency', label: 'inbox.agency' },
];

export default function Inbox({ query }: PageProps) {
  useLang();
  useTitle(t('inbox.title'));
  const { session, ready } = useSession();
  const view = VIEWS.some((v) => v.id === query.get('view')) ? query.get('view')! : 'open';
  const q = query.get('q') ?? '';
  const [text, setText] = useState(q);
  const [items, setItems] = useState<Dossier[] | null>(null);
  const [counts, setCounts] = useState<Counts | null>(null);
  const [err, setErr] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const agencies = [...new Set((session?.roles ?? []).filter((g) => g.role === 'specialist' || g.role === 'leader').map((g) => g.agency_code))];

  useEffect(() => {
    if (!session) return;
    const c = new AbortController();
    setItems(null);
    setErr(null);
    const f: ListFilter = { limit: 100, q: q || undefined };
    if (view === 'today') f.due = 'today';
    else if (view === 'overdue') f.due = 'overdue';
    else if (view === 'paused') f.due = 'paused';
    else if (view === 'mine') f.mine = true;
    else if (view === 'agency' && agencies[0]) f.agency = agencies[0];
    listDossiers(f, c.signal).then((r) => setItems(view === 'open' || view === 'agency' ? r.items.filter((d) => [2, 4, 5, 6].includes(d.status)) : r.items),
      (e) => !c.signal.aborted && setErr(e));
    getCounts(c.signal).then(setCounts, () => undefined);
    return () => c.abort();
  }, [session, view, q, tick]);

  if (!ready) return null;
  if (!session) return <RequireSignIn />;
  const href = (v: string) => '/xu-ly?view=' + v + (q ? '&q=' + encodeURIComponent(q) : '');

  return (
    <>
      <h1 tabIndex={-1}>{t('inbox.title')}</h1>
      {!isStaff(session) && <Alert kind="info">{t('admin.forbidden')}</Alert>}
      <nav aria-label={t('inbox.filters')}>
        <ul class="tabs">
          {VIEWS.map((v) => (
            <li>
              <a href={href(v.id)} aria-current={v.id === view ? 'page' : undefined} data-view={v.id}>
                {t(v.label)}
                {v.count && counts && <span class={'count' + (v.id === 'overdue' && counts.overdue ? ' count--late' : '')}>{counts[v.count]}</span>}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <form class="inline-search" role="search" onSubmit={(e) => { e.preventDefault(); navigate('/xu-ly?view=' + view + (text.trim() ? '&q=' + encodeURIComponent(text.trim()) : '')); }}>
        <label for="inbox-q">{t('inbox.search')}</label>
        <div class="search-row">
          <input id="inbox-q" type="search" name="q" value={text} onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)} />
          <button type="submit" class="btn">{t('search.button')}</button>
        </div>
      </form>
      <ul class="legend" aria-label={t('cal.legend')}>
        {['late', 'today', 'soon', 'ok', 'paused'].map((k) => <li><span class={'swatch due--' + k} aria-hidden="true" />{t(('deadline.' + k) as Key)}</li>)}
      </ul>
      {err ? <ErrorBox error={err} retry={() => setTick(tick + 1)} /> : !items ? <Loading /> : items.length === 0 ? (
        <p class="muted">{t('inbox.empty')}</p>
      ) : <DossierTable items={items} caption={t(VIEWS.find((v) => v.id === view)!.label)} />}
    </>
  );
}
