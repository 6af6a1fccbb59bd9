// /ho-so - the signed-in applicant's dossiers (GET /dossiers lists only
// theirs): status and the expected completion date; each opens its page
// with the timeline, supplement, withdraw and rating.
import { useEffect, useState } from 'preact/hooks';
import { DossierTable } from '../../components/dossier';
import { ErrorBox, Loading, useTitle } from '../../components/ui';
import { listDossiers, type Dossier } from '../../dossier';
import { t, useLang } from '../../i18n';
import type { PageProps } from '../../routes';
import { useSession } from '../../session';
import { RequireSignIn } from '../admin/guard';

export default function MyDossiers(_: PageProps) {
  useLang();
  useTitle(t('my.title'));
  const { session, ready } = useSession();
  const [items, setItems] = useState<Dossier[] | null>(null);
  const [err, setErr] = useState<unknown>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (!session) return;
    const c = new AbortController();
    setErr(null);
    listDossiers({ limit: 100 }, c.signal).then((r) => setItems(r.items), (e) => !c.signal.aborted && setErr(e));
    return () => c.abort();
  }, [session, tick]);

  if (!ready) return null;
  if (!session) return <RequireSignIn />;
  return (
    <>
      <h1 tabIndex={-1}>{t('my.title')}</h1>
      <p class="lead">{t('my.lead')}</p>
      {err ? <ErrorBox error={err} retry={() => setTick(tick + 1)} /> : !items ? <Loading /> : items.length === 0 ? (
        <p>{t('my.empty')} <a href="/thu-tuc">{t('nav.procedures')}</a></p>
      ) : <DossierTable items={items} caption={t('my.title')} />}
    </>
  );
}
