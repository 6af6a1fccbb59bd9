import { useTitle } from '../components/ui';
import { t, useLang } from '../i18n';

export function NotFound() {
  useLang();
  useTitle(t('notfound.title'));
  return (
    <section class="narrow">
      <h1 tabIndex={-1}>{t('notfound.title')}</h1>
      <p>{t('notfound.text')}</p>
      <p><a href="/">{t('notfound.home')}</a></p>
    </section>
  );
}

/** A page whose feature comes in a later release (dossiers). */
export function Soon() {
  useLang();
  useTitle(t('soon.title'));
  return (
    <section class="narrow">
      <h1 tabIndex={-1}>{t('soon.title')}</h1>
      <p>{t('soon.text')}</p>
      <p><a href="/">{t('notfound.home')}</a></p>
    </section>
  );
}
