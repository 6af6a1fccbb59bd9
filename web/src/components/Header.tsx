import { getLang, msg, setLang, t, useLang } from '../i18n';
import { useLocation } from '../router';
import { hasRole, isStaff, signOut, useSession } from '../session';
import { flashTo } from './ui';

function Emblem() {
  return (
    <svg class="emblem" viewBox="0 0 32 32" width="40" height="40" aria-hidden="true" focusable="false">
      <circle cx="16" cy="16" r="16" fill="#a4161a" />
      <path fill="#ffd100" d="M16 5.5l2.9 8.9h9.4l-7.6 5.5 2.9 8.9-7.6-5.5-7.6 5.5 2.9-8.9-7.6-5.5h9.4z" />
    </svg>
  );
}

export function Header() {
  const lang = useLang();
  const { session } = useSession();
  const { path } = useLocation();
  const cur = (p: string) => (p === '/' ? path === '/' : path === p || path.startsWith(p + '/')) ? 'page' : undefined;

  async function out() {
    await signOut().catch(() => undefined);
    flashTo(msg('signout.done'), '/');
  }

  return (
    <header class="site-header">
      <a class="skip" href="#main">{t('site.skip')}</a>
      <div class="flagbar" aria-hidden="true" />
      <div class="wrap header-top">
        <a class="brand" href="/">
          <Emblem />
          <span>
            <span class="brand-name">{t('site.name')}</span>
            <span class="brand-tag">{t('site.tagline')}</span>
          </span>
        </a>
        <div class="header-tools">
          <button
            type="button"
            class="lang"
            lang={lang === 'vi' ? 'en' : 'vi'}
            aria-label={t('lang.switch.label')}
            onClick={() => setLang(getLang() === 'vi' ? 'en' : 'vi')}
          >
            {t('lang.switch')}
          </button>
          {session ? (
            <>
              <span class="who">{t('nav.account', { name: session.user.full_name || session.user.login })}</span>
              <button type="button" class="link-btn" onClick={out}>
                {t('nav.signout')}
              </button>
            </>
          ) : (
            <>
              <a href="/dang-nhap" aria-current={cur('/dang-nhap')}>{t('nav.signin')}</a>
              <a href="/dang-ky" class="btn btn--small" aria-current={cur('/dang-ky')}>{t('nav.register')}</a>
            </>
          )}
        </div>
      </div>
      <nav class="site-nav" aria-label={t('nav.main')}>
        <ul class="wrap">
          <li><a href="/" aria-current={cur('/')}>{t('nav.home')}</a></li>
          <li><a href="/thu-tuc" aria-current={cur('/thu-tuc')}>{t('nav.procedures')}</a></li>
          <li><a href="/tra-cuu" aria-current={cur('/tra-cuu')}>{t('nav.lookup')}</a></li>
          {session && !isStaff(session) && <li><a href="/ho-so" aria-current={cur('/ho-so')}>{t('nav.mydossiers')}</a></li>}
          {hasRole(session, 'desk_officer') && <li><a href="/mot-cua" aria-current={cur('/mot-cua')}>{t('nav.desk')}</a></li>}
          {hasRole(session, 'specialist', 'leader') && <li><a href="/xu-ly" aria-current={cur('/xu-ly')}>{t('nav.inbox')}</a></li>}
          {isStaff(session) && <li><a href="/quan-tri" aria-current={cur('/quan-tri')}>{t('nav.admin')}</a></li>}
        </ul>
      </nav>
    </header>
  );
}

export function Footer() {
  useLang();
  return (
    <footer class="site-footer">
      <div class="wrap">
        <p><strong>{t('site.name')}</strong> — {t('site.tagline')}</p>
        <p>{t('site.footer.hours')}</p>
        <p>{t('site.footer')}</p>
      </div>
    </footer>
  );
}
