// /quan-tri/co-quan - the agency tree (GET /agencies) with forms to add a unit
// under a parent (POST /agencies) and to edit one (PUT /agencies/{code}).
// A system administrator sees and edits the whole tree (and adds roots); an
// agency administrator the subtree of the agency they administer.
import { useEffect, useRef, useState } from 'preact/hooks';
import { post, put } from '../../api';
import { AGENCY_LEVELS, agencyTree, isSystemAdmin, scopeRoots, type Agency } from '../../admin';
import { SelectField } from '../../components/dossier';
import { Alert, ErrorBox, Field, Loading, useFormErrors, useTitle } from '../../components/ui';
import { msg, t, tr, useLang, type Key, type Msg } from '../../i18n';
import type { PageProps } from '../../routes';
import { useSession } from '../../session';
import { Crumbs, Forbidden } from './common';
import { RequireSignIn } from './guard';

type Mode = { kind: 'create'; parent: Agency | null } | { kind: 'edit'; agency: Agency };
const FIELDS = ['code', 'name', 'level', 'parent', 'address', 'phone', 'email', 'website'];
export const levelName = (l: string) => t(('agency.level.' + l) as Key) || l;

function AgencyForm({ mode, done, cancel }: { mode: Mode; done: (m: Msg) => void; cancel: () => void }) {
  useLang();
  const a = mode.kind === 'edit' ? mode.agency : null;
  const [v, setV] = useState({
    code: '', name: a?.name ?? '', level: a?.level ?? (mode.kind === 'create' && mode.parent ? 'division' : 'province'),
    address: a?.address ?? '', phone: a?.phone ?? '', email: a?.email ?? '', website: a?.website ?? '',
  });
  const [busy, setBusy] = useState(false);
  const f = useFormErrors(FIELDS);
  const head = useRef<HTMLHeadingElement>(null);
  useEffect(() => head.current?.focus(), []);
  const set = (k: keyof typeof v) => (x: string) => setV({ ...v, [k]: x });
  const title = a ? t('agency.edit.title', { name: a.name })
    : mode.kind === 'create' && mode.parent ? t('agency.create.under', { name: mode.parent.name }) : t('agency.create.root');

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    const labels: Record<string, string> = { name: t('agency.name') };
    if (!a) labels.code = t('agency.code');
    if (!f.require(v, labels)) return;
    setBusy(true);
    const body = { name: v.name.trim(), level: v.level, address: v.address.trim(), phone: v.phone.trim(), email: v.email.trim(), website: v.website.trim() };
    try {
      if (a) {
        await put('/agencies/' + encodeURIComponent(a.code), body);
        done(msg('agency.saved', { name: body.name }));
      } else {
        const parent = mode.kind === 'create' ? mode.parent : null;
        await post('/agencies', { ...body, code: v.code.trim(), parent: parent ? parent.code : null });
        done(msg('agency.created', { name: body.name, code: v.code.trim() }));
      }
    } catch (err) {
      f.fail(err);
      setBusy(false);
    }
  }

  return (
    <form ref={f.form} class="card form form--inline" onSubmit={submit} noValidate aria-labelledby="agency-form-title" id="agency-form">
      <h2 id="agency-form-title" tabIndex={-1} ref={head}>{title}</h2>
      {f.formError && <Alert>{tr(f.formError)}</Alert>}
      {!a && (
        <Field name="code" label={t('agency.code')} hint={t('agency.code.hint')} value={v.code} onValue={set('code')}
          error={f.errors.code} required maxLength={13} autoComplete="off" />
      )}
      {f.errors.parent && <p class="field-error" data-field="parent">{tr(f.errors.parent)}</p>}
      <Field name="name" label={t('agency.name')} value={v.name} onValue={set('name')} error={f.errors.name} required maxLength={299} />
      <SelectField name="level" label={t('agency.level')} value={v.level} onValue={set('level')} error={f.errors.level}
        options={[...AGENCY_LEVELS, ...(AGENCY_LEVELS as readonly string[]).includes(v.level) ? [] : [v.level]].map((l) => [l, levelName(l)])} />
      <Field name="address" label={t('agency.address')} value={v.address} onValue={set('address')} error={f.errors.address} maxLength={499} autoComplete="off" />
      <Field name="phone" type="tel" label={t('agency.phone')} value={v.phone} onValue={set('phone')} error={f.errors.phone} maxLength={39} autoComplete="off" />
      <Field name="email" type="email" label={t('agency.email')} value={v.email} onValue={set('email')} error={f.errors.email} maxLength={253} autoComplete="off" />
      <Field name="website" type="url" label={t('agency.website')} value={v.website} onValue={set('website')} error={f.errors.website} maxLength={253} autoComplete="off" />
      <div class="row-buttons">
        <button type="submit" class="btn" aria-disabled={busy ? 'true' : undefined}>{a ? t('common.save') : t('agency.create.submit')}</button>
        <button type="button" class="btn btn--secondary" onClick={cancel}>{t('action.cancel')}</button>
      </div>
    </form>
  );
}

function Tree({ items, open }: { items: Agency[]; open: (m: Mode) => void }) {
  return (
    <ul class="tree">
      {items.map((a) => (
        <li data-code={a.code}>
          <div class="tree-row">
            <span class="tree-name">{a.name}</span>
            <span class="muted small">{a.code} · {levelName(a.level)}</span>
            <span class="row-buttons">
              <button type="button" class="link-btn" onClick={() => open({ kind: 'edit', agency: a })}>
                {t('agency.edit')}<span class="sr-only"> {a.name}</span>
              </button>
              <button type="button" class="link-btn" onClick={() => open({ kind: 'create', parent: a })}>
                {t('agency.add.child')}<span class="sr-only"> {t('agency.of', { name: a.name })}</span>
              </button>
            </span>
          </div>
          {a.children.length > 0 && <Tree items={a.children} open={open} />}
        </li>
      ))}
    </ul>
  );
}

export default function Agencies(_: PageProps) {
  useLang();
  useTitle(t('admin.agencies'));
  const { session, ready } = useSession();
  const [tree, setTree] = useState<Agency[] | null>(null);
  const [err, setErr] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [mode, setMode] = useState<Mode | null>(null);
  const [note, setNote] = useState<Msg | null>(null);

  useEffect(() => {
    const c = new AbortController();
    setErr(null);
    agencyTree(c.signal).then(setTree, (e) => !c.signal.aborted && setErr(e));
    return () => c.abort();
  }, [tick]);

  if (!ready) return null;
  if (!session) return <RequireSignIn />;
  const roots = tree ? scopeRoots(tree, session, 'users.manage') : [];
  const open = (m: Mode) => {
    setNote(null);
    setMode(m);
  };

  return (
    <>
      <Crumbs here={t('admin.agencies')} />
      <h1 tabIndex={-1}>{t('admin.agencies')}</h1>
      <p class="lead">{t('agency.lead')}</p>
      {note && <Alert kind="success" focus key={note.vi}>{tr(note)}</Alert>}
      {err ? <ErrorBox error={err} retry={() => setTick((x) => x + 1)} /> : !tree ? <Loading /> : !roots.length ? <Forbidden /> : (
        <div class="admin-split">
          <section aria-labelledby="agency-tree" class="section">
            <h2 id="agency-tree">{t('agency.tree')}</h2>
            {isSystemAdmin(session) && (
              <p><button type="button" class="btn btn--secondary btn--small" onClick={() => open({ kind: 'create', parent: null })}>{t('agency.add.root')}</button></p>
            )}
            <Tree items={roots} open={open} />
          </section>
          {mode && (
            <AgencyForm key={JSON.stringify(mode.kind === 'edit' ? ['e', mode.agency.id] : ['c', mode.parent?.id])} mode={mode}
              cancel={() => setMode(null)}
              done={(m) => {
                setMode(null);
                setNote(m);
                setTick((x) => x + 1);
              }} />
          )}
        </div>
      )}
    </>
  );
}
