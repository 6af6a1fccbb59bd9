// /quan-tri - the administration index: the features of the signed-in roles.
import { Alert, useTitle } from '../../components/ui';
import { t, useLang, type Key } from '../../i18n';
import { isStaff, useSession } from '../../session';
import { RequireSignIn } from './guard';

const SOON: Key[] = ['admin.agencies', 'admin.users', 'admin.procedures', 'admin.workflows'];

export default function AdminHome() {
  useLang();
  useTitle(t('admin.title'));
  const { session, ready } = useSession();
  if (!ready) return null;
  if (!session) return <RequireSignIn />;
  return (
    <>
      <h1 tabIndex={-1}>{t('admin.title')}</h1>
      <p class="lead">{t('admin.lead')}</p>
      {!isStaff(session) && <Alert kind="info">{t('admin.forbidden')}</Alert>}
      <ul class="tiles">
        <li class="tile">
          <h2><a href="/quan-tri/lich">{t('admin.calendar')}</a></h2>
          <p>{t('admin.calendar.text')}</p>
        </li>
        {SOON.map((k) => (
          <li class="tile tile--soon">
            <h2>{t(k)}</h2>
            <p>{t('admin.soon')}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
