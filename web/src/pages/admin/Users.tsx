// /quan-tri/nguoi-dung[?agency=ID] - the staff of an agency with their roles
// (GET /users?agency=, users.read) and the form that creates a staff account
// with roles on that agency (POST /users, users.manage).
import { useEffect, useState } from 'preact/hooks';
import { post } from '../../api';
import { agencyOptions, agencyTree, flatten, isSystemAdmin, listUsers, may, scopeRoots, STAFF_ROLES, type Agency, type StaffUser } from '../../admin';
import { SelectField } from '../../components/dossier';
import { Alert, ErrorBox, Field, Loading, useFormErrors, useTitle } from '../../components/ui';
import { msg, t, tr, useLang, type Key, type Msg } from '../../i18n';
import { navigate } from '../../router';
import type { PageProps } from '../../routes';
import { useSession } from '../../session';
import { Crumbs, Forbidden } from './common';
import { RequireSignIn } from './guard';

const roleName = (r: string) => t(('role.' + r) as Key) || r;
const FIELDS = ['full_name', 'login', 'password', 'email', 'phone', 'roles', 'agency_id'];

function CreateUser({ agency, roles, done }: { agency: Agency; roles: readonly string[]; done: (m: Msg) => void }) {
  useLang();
  const [v, setV] = useState({ full_name: '', login: '', password: '', email: '', phone: '' });
  const [picked, setPicked] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const f = useFormErrors(FIELDS);
  const set = (k: keyof typeof v) => (x: string) => setV({ ...v, [k]: x });

  async function submit(e: Event) {
    e.preventDefault();
    if (busy || !f.require(v, { full_name: t('user.full_name'), login: t('user.login'), password: t('user.password') })) return;
    if (!picked.length) {
      return f.set({ roles: msg('user.roles.required') });
    }
    setBusy(true);
    try {
      await post('/users', {
        login: v.login.trim(), full_name: v.full_name.trim(), password: v.password, agency_id: agency.id, roles: picked,
        email: v.email.trim() || undefined, phone: v.phone.trim() || undefined,
      });
      done(msg('user.created', { login: v.login.trim(), agency: agency.name }));
      setV({ full_name: '', login: '', password: '', email: '', phone: '' });
      setPicked([]);
      f.clear();
    } catch (err) {
      f.fail(err);
    }
    setBusy(false);
  }

  return (
    <form ref={f.form} class="card form form--inline" onSubmit={submit} noValidate aria-labelledby="user-new">
      <h2 id="user-new">{t('user.create.title', { agency: agency.name })}</h2>
      {f.formError && <Alert>{tr(f.formError)}</Alert>}
      {f.errors.agency_id && <p class="field-error" data-field="agency_id">{tr(f.errors.agency_id)}</p>}
      <Field name="full_name" label={t('user.full_name')} value={v.full_name} onValue={set('full_name')} error={f.errors.full_name} required maxLength={200} autoComplete="off" />
      <Field name="login" label={t('user.login')} hint={t('user.login.hint')} value={v.login} onValue={set('login')} error={f.errors.login}
        required maxLength={64} autoComplete="off" autoCapitalize="none" spellcheck={false} />
      <Field name="password" type="password" label={t('user.password')} hint={t('user.password.hint')} value={v.password} onValue={set('password')}
        error={f.errors.password} required maxLength={128} autoComplete="new-password" />
      <Field name="email" type="email" label={t('user.email')} value={v.email} onValue={set('email')} error={f.errors.email} maxLength={254} autoComplete="off" />
      <Field name="phone" type="tel" label={t('user.phone')} value={v.phone} onValue={set('phone')} error={f.errors.phone} maxLength={20} autoComplete="off" />
      <fieldset class={'radios' + (f.errors.roles ? ' field--error' : '')} aria-describedby={f.errors.roles ? 'roles-error' : undefined}>
        <legend>{t('user.roles')}<span class="req" aria-hidden="true"> *</span></legend>
        {f.errors.roles && <p class="field-error" id="roles-error" data-field="roles"><span aria-hidden="true">⚠ </span>{tr(f.errors.roles)}</p>}
        {roles.map((r, i) => (
          <div class="check">
            <input type="checkbox" id={'role-' + r} name={i ? 'role-' + r : 'roles'} value={r} checked={picked.includes(r)}
              onChange={(e) => setPicked((e.currentTarget as HTMLInputElement).checked ? [...picked, r] : picked.filter((x) => x !== r))} />
            <label for={'role-' + r}>{roleName(r)}</label>
          </div>
        ))}
      </fieldset>
      <button type="submit" class="btn" aria-disabled={busy ? 'true' : undefined}>{t('user.create.submit')}</button>
    </form>
  );
}

export default function Users({ query }: PageProps) {
  useLang();
  useTitle(t('admin.users'));
  const { session, ready } = useSession();
  const [tree, setTree] = useState<Agency[] | null>(null);
  const [users, setUsers] = useState<StaffUser[] | null>(null);
  const [err, setErr] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [note, setNote] = useState<Msg | null>(null);

  useEffect(() => {
    const c = new AbortController();
    agencyTree(c.signal).then(setTree, (e) => !c.signal.aborted && setErr(e));
    return () => c.abort();
  }, []);

  const roots = tree ? scopeRoots(tree, session, 'users.read') : [];
  const all = flatten(roots);
  const wanted = parseInt(query.get('agency') ?? '', 10);
  const agency = all.find((x) => x.a.id === wanted)?.a ?? all[0]?.a ?? null;

  useEffect(() => {
    if (!agency) return;
    const c = new AbortController();
    setErr(null);
    setUsers(null);
    listUsers(agency.id, c.signal).then((r) => setUsers(r.items), (e) => !c.signal.aborted && setErr(e));
    return () => c.abort();
  }, [agency?.id, tick]);

  if (!ready) return null;
  if (!session) return <RequireSignIn />;
  const manage = agency && scopeRoots(tree ?? [], session, 'users.manage').some((r) => flatten([r]).some((x) => x.a.id === agency.id));
  const roles = STAFF_ROLES.filter((r) => r !== 'system_admin' || isSystemAdmin(session));

  return (
    <>
      <Crumbs here={t('admin.users')} />
      <h1 tabIndex={-1}>{t('admin.users')}</h1>
      <p class="lead">{t('user.lead')}</p>
      {note && <Alert kind="success" focus key={note.vi}>{tr(note)}</Alert>}
      {!tree ? (err ? <ErrorBox error={err} /> : <Loading />) : !may(session, 'users.read') || !agency ? <Forbidden /> : (
        <>
          <div class="inline-search">
            <SelectField name="agency" label={t('user.agency')} value={String(agency.id)} options={agencyOptions(roots)}
              onValue={(id) => {
                setNote(null);
                navigate('/quan-tri/nguoi-dung?agency=' + id);
              }} />
          </div>
          <section aria-labelledby="users-list" class="section">
            <h2 id="users-list">{t('user.list', { agency: agency.name })}</h2>
            {err ? <ErrorBox error={err} retry={() => setTick((x) => x + 1)} /> : !users ? <Loading /> : !users.length ? <p>{t('user.none')}</p> : (
              <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="users-list">
                <table class="table" id="users-table">
                  <thead>
                    <tr><th scope="col">{t('user.full_name')}</th><th scope="col">{t('user.login')}</th><th scope="col">{t('user.roles')}</th><th scope="col">{t('user.status')}</th></tr>
                  </thead>
                  <tbody>
                    {users.map((u) => (
                      <tr data-login={u.login}>
                        <th scope="row" lang="vi">{u.full_name}</th>
                        <td>{u.login}</td>
                        <td>{u.roles.map((g) => roleName(g.role) + (g.agency_id !== agency.id ? ` (${g.agency_code})` : '')).join(', ')}</td>
                        <td>{t(u.status === 'active' ? 'user.active' : 'user.inactive')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          {manage && (
            <section class="section">
              <CreateUser key={agency.id} agency={agency} roles={roles} done={(m) => {
                setNote(m);
                setTick((x) => x + 1);
              }} />
            </section>
          )}
        </>
      )}
    </>
  );
}
