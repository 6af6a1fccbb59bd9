// /dang-ky - a citizen or business account: register, then the 6-digit code
// sent by e-mail or SMS (POST /auth/register, /auth/verify), then signed in.
import { useState } from 'preact/hooks';
import { post } from '../api';
import { Alert, Field, flashTo, useFormErrors, useTitle } from '../components/ui';
import { msg, t, tr, useLang } from '../i18n';
import { signIn } from '../session';

interface Registered {
  login: string;
  status: string;
  verification_sent_to?: string;
}

export function Register() {
  useLang();
  useTitle(t('register.title'));
  const [kind, setKind] = useState<'citizen' | 'business'>('citizen');
  const [fullName, setFullName] = useState('');
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [done, setDone] = useState<Registered | null>(null);
  const [busy, setBusy] = useState(false);
  const reg = useFormErrors(['kind', 'full_name', 'login', 'password']);
  const ver = useFormErrors(['code']);

  async function register(e: Event) {
    e.preventDefault();
    const labels = {
      full_name: kind === 'business' ? t('register.full_name.business') : t('register.full_name'),
      login: t('register.login'),
      password: t('register.password'),
    };
    if (busy || !reg.require({ full_name: fullName, login, password }, labels)) return;
    setBusy(true);
    try {
      const r = await post<Registered>('/auth/register', { login: login.trim(), password, full_name: fullName.trim(), kind });
      reg.clear();
      setDone(r);
      requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus());
    } catch (err) {
      reg.fail(err);
    }
    setBusy(false);
  }

  async function verify(e: Event) {
    e.preventDefault();
    if (busy || !done || !ver.require({ code }, { code: t('verify.code') })) return;
    setBusy(true);
    try {
      await post('/auth/verify', { login: done.login, code: code.trim() });
      const s = await signIn(done.login, password);
      flashTo(msg('verify.done', { name: s.user.full_name }), '/', { replace: true });
    } catch (err) {
      ver.fail(err);
      setBusy(false);
    }
  }

  if (done) {
    return (
      <section class="narrow">
        <h1 tabIndex={-1}>{t('verify.title')}</h1>
        <Alert kind="success">{t('verify.lead', { to: done.login })}</Alert>
        <form ref={ver.form} class="card form" onSubmit={verify} noValidate>
          {ver.formError && <Alert>{tr(ver.formError)}</Alert>}
          <Field name="code" label={t('verify.code')} value={code} onValue={setCode} error={ver.errors.code}
            inputMode="numeric" autoComplete="one-time-code" maxLength={6} pattern="[0-9]*" required class="code-input" />
          <button type="submit" class="btn btn--block">{t('verify.submit')}</button>
        </form>
      </section>
    );
  }

  return (
    <section class="narrow">
      <h1 tabIndex={-1}>{t('register.title')}</h1>
      <p class="lead">{t('register.lead')}</p>
      <form ref={reg.form} class="card form" onSubmit={register} noValidate>
        {reg.formError && <Alert>{tr(reg.formError)}</Alert>}
        <fieldset class="radios">
          <legend>{t('register.kind')}</legend>
          {(['citizen', 'business'] as const).map((k) => (
            <div class="check">
              <input type="radio" id={'kind-' + k} name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              <label for={'kind-' + k}>{t(k === 'citizen' ? 'register.kind.citizen' : 'register.kind.business')}</label>
            </div>
          ))}
          {reg.errors.kind && <p class="field-error">{tr(reg.errors.kind)}</p>}
        </fieldset>
        <Field name="full_name" label={kind === 'business' ? t('register.full_name.business') : t('register.full_name')}
          value={fullName} onValue={setFullName} error={reg.errors.full_name} autoComplete={kind === 'business' ? 'organization' : 'name'} required />
        <Field name="login" label={t('register.login')} hint={t('register.login.hint')} value={login} onValue={setLogin}
          error={reg.errors.login} autoComplete="email" autoCapitalize="none" spellcheck={false} required />
        <Field name="password" label={t('register.password')} hint={t('register.password.hint')} value={password}
          onValue={setPassword} error={reg.errors.password} type="password" autoComplete="new-password" required />
        <button type="submit" class="btn btn--block" aria-disabled={busy ? 'true' : undefined}>
          {busy ? t('register.busy') : t('register.submit')}
        </button>
      </form>
      <p>{t('register.have')} <a href="/dang-nhap">{t('signin.title')}</a></p>
    </section>
  );
}
