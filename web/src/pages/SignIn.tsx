// /dang-nhap[?next=/path] - sign in with e-mail, phone or staff user name.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { Alert, Field, flashTo, useFormErrors, useTitle } from '../components/ui';
import { msg, t, tr, useLang } from '../i18n';
import { isAppHref } from '../router';
import type { PageProps } from '../routes';
import { hasRole, isStaff, signIn, useSession, type Session } from '../session';

/** Where each kind of account starts its work. */
function home(s: Session): string {
  if (hasRole(s, 'desk_officer')) return '/mot-cua';
  if (hasRole(s, 'specialist', 'leader')) return '/xu-ly';
  return isStaff(s) ? '/quan-tri' : '/';
}

export function SignIn({ query }: PageProps) {
  useLang();
  useTitle(t('signin.title'));
  const { session } = useSession();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [show, setShow] = useState(false);
  const [busy, setBusy] = useState(false);
  const f = useFormErrors(['login', 'password']);
  const next = query.get('next');
  const [oidcStart, setOidcStart] = useState<string | null>(null);
  useEffect(() => {
    api<{ oidc?: { enabled: boolean; start: string | null } }>('GET', '/api/v1/auth/providers')
      .then((p) => setOidcStart(p.oidc?.enabled ? p.oidc.start : null))
      .catch(() => setOidcStart(null));
  }, []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy || !f.require({ login, password }, { login: t('signin.login'), password: t('signin.password') })) return;
    setBusy(true);
    f.clear();
    try {
      const s = await signIn(login.trim(), password);
      flashTo(msg('signin.done', { name: s.user.full_name || s.user.login }),
        next && isAppHref(next) ? next : home(s), { replace: true });
    } catch (err) {
      f.fail(err);
      setBusy(false);
    }
  }

  return (
    <section class="narrow">
      <h1 tabIndex={-1}>{t('signin.title')}</h1>
      <p class="lead">{t('signin.lead')}</p>
      {next && !session && <Alert kind="info">{t('signin.needed')}</Alert>}
      <form ref={f.form} class="card form" onSubmit={submit} noValidate>
        {f.formError && <Alert>{tr(f.formError)}</Alert>}
        <Field name="login" label={t('signin.login')} value={login} onValue={setLogin} error={f.errors.login}
          autoComplete="username" required autoCapitalize="none" spellcheck={false} />
        <Field name="password" label={t('signin.password')} value={password} onValue={setPassword} error={f.errors.password}
          type={show ? 'text' : 'password'} autoComplete="current-password" required />
        <div class="check">
          <input type="checkbox" id="show-pw" checked={show} onChange={(e) => setShow((e.currentTarget as HTMLInputElement).checked)} />
          <label for="show-pw">{t('signin.show')}</label>
        </div>
        <button type="submit" class="btn btn--block" aria-disabled={busy ? 'true' : undefined}>
          {busy ? t('signin.busy') : t('signin.submit')}
        </button>
      </form>
      {oidcStart && (
        <p><a class="btn btn--secondary btn--block" href={oidcStart} data-oidc>{t('signin.oidc')}</a></p>
      )}
      <p>{t('signin.noaccount')} <a href="/dang-ky">{t('signin.register')}</a></p>
    </section>
  );
}
