// /quan-tri - the administration index: the features of the signed-in roles
// (system_admin everything; agency_admin its subtree; leaders read the staff).
import { may } from '../../admin';
import { Alert, useTitle } from '../../components/ui';
import { t, useLang, type Key } from '../../i18n';
import { isStaff, useSession } from '../../session';
import { RequireSignIn } from './guard';

const TILES: { href: string; title: Key; text: Key; perm: string | null }[] = [
  { href: '/quan-tri/co-quan', title: 'admin.agencies', text: 'admin.agencies.text', perm: 'users.manage' },
  { href: '/quan-tri/nguoi-dung', title: 'admin.users', text: 'admin.users.text', perm: 'users.read' },
  { href: '/quan-tri/thu-tuc', title: 'admin.procedures', text: 'admin.procedures.text', perm: 'catalogue.manage' },
  { href: '/quan-tri/quy-trinh', title: 'admin.workflows', text: 'admin.workflows.text', perm: 'catalogue.manage' },
  { href: '/quan-tri/lich', title: 'admin.calendar', text: 'admin.calendar.text', perm: null },
];

export default function AdminHome() {
  useLang();
  useTitle(t('admin.title'));
  const { session, ready } = useSession();
  if (!ready) return null;
  if (!session) return <RequireSignIn />;
  const tiles = TILES.filter((x) => !x.perm || may(session, x.perm));
  return (
    <>
      <h1 tabIndex={-1}>{t('admin.title')}</h1>
      <p class="lead">{t('admin.lead')}</p>
      {!isStaff(session) && <Alert kind="info">{t('admin.forbidden')}</Alert>}
      <ul class="tiles">
        {tiles.map((x) => (
          <li class="tile">
            <h2><a href={x.href}>{t(x.title)}</a></h2>
            <p>{t(x.text)}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
