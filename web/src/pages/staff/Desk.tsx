// /mot-cua - the one-stop desk: today's queue (online dossiers waiting to be
// checked, received ones waiting to be forwarded, results waiting to be handed
// back, dossiers waiting for a supplement) and the counter / postal receipt.
import { useEffect, useState } from 'preact/hooks';
import { DossierTable } from '../../components/dossier';
import { Alert, ErrorBox, Loading, useTitle } from '../../components/ui';
import { listDossiers, type Dossier } from '../../dossier';
import { t, useLang, type Key } from '../../i18n';
import type { PageProps } from '../../routes';
import { hasRole, useSession } from '../../session';
import { RequireSignIn } from '../admin/guard';

const QUEUES: { status: number; title: Key; text: Key }[] = [
  { status: 1, title: 'desk.q.submitted', text: 'desk.q.submitted.text' },
  { status: 2, title: 'desk.q.received', text: 'desk.q.received.text' },
  { status: 9, title: 'desk.q.resolved', text: 'desk.q.resolved.text' },
  { status: 5, title: 'desk.q.supplement', text: 'desk.q.supplement.text' },
];

export default function Desk(_: PageProps) {
  useLang();
  useTitle(t('desk.title'));
  const { session, ready } = useSession();
  const [lists, setLists] = useState<Record<number, Dossier[]> | null>(null);
  const [err, setErr] = useState<unknown>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (!session) return;
    const c = new AbortController();
    setErr(null);
    Promise.all(QUEUES.map((q) => listDossiers({ status: q.status, limit: 50 }, c.signal))).then(
      (rs) => setLists(Object.fromEntries(rs.map((r, i) => [QUEUES[i].status, r.items]))),
      (e) => !c.signal.aborted && setErr(e));
    return () => c.abort();
  }, [session, tick]);

  if (!ready) return null;
  if (!session) return <RequireSignIn />;
  return (
    <>
      <h1 tabIndex={-1}>{t('desk.title')}</h1>
      <p class="lead">{t('desk.lead')}</p>
      {!hasRole(session, 'desk_officer') && <Alert kind="info">{t('admin.forbidden')}</Alert>}
      <p class="row-buttons">
        <a class="btn btn--big" href="/mot-cua/tiep-nhan">{t('desk.receive')}</a>
        <button type="button" class="btn btn--secondary" onClick={() => setTick(tick + 1)}>{t('desk.refresh')}</button>
      </p>
      {err ? <ErrorBox error={err} retry={() => setTick(tick + 1)} /> : !lists ? <Loading /> : QUEUES.map((q) => (
        <section class="queue" aria-labelledby={'q-' + q.status} data-queue={q.status}>
          <h2 id={'q-' + q.status}>{t(q.title)} <span class="count">{lists[q.status].length}</span></h2>
          <p class="hint">{t(q.text)}</p>
          {lists[q.status].length ? <DossierTable items={lists[q.status]} caption={t(q.title)} /> : <p class="muted">{t('inbox.empty')}</p>}
        </section>
      ))}
    </>
  );
}
