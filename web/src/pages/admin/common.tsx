// Pieces the administration pages share: the breadcrumb back to /quan-tri and
// the notice shown when the signed-in roles do not cover the page.
import { Alert } from '../../components/ui';
import { t } from '../../i18n';

export function Crumbs({ here }: { here: string }) {
  return (
    <nav class="crumbs" aria-label="breadcrumb">
      <ol>
        <li><a href="/quan-tri">{t('admin.title')}</a></li>
        <li><span aria-current="page">{here}</span></li>
      </ol>
    </nav>
  );
}

export function Forbidden() {
  return <Alert kind="info">{t('admin.forbidden')}</Alert>;
}
