// /quan-tri/thu-tuc/{code} and /quan-tri/thu-tuc/moi - the main fields of a
// procedure: name, field, level, agency, online kind, time and fee per channel,
// cut-off, workflow and the date the change applies from. Edit sends the
// procedure as GET returned it with these fields changed (PUT, a new version);
// create sends the same shape (POST). What the server could not understand is
// listed after the save, next to the fields it names.
import { useEffect, useState } from 'preact/hooks';
import { post, put } from '../../api';
import { agencyTree, flatten, isSystemAdmin, listWorkflows, may, scopeRoots, TIME_UNITS, type Agency, type Workflow } from '../../admin';
import { channelNo, getProcedure, levelCodes, type Channel, type Procedure } from '../../catalogue';
import { SelectField, TextField } from '../../components/dossier';
import { Alert, ErrorBox, Field, flashTo, Loading, useFormErrors, useTitle } from '../../components/ui';
import { msg, t, tr, useLang, type Key, type Msg } from '../../i18n';
import type { PageProps } from '../../routes';
import { useSession } from '../../session';
import { Forbidden } from './common';
import { RequireSignIn } from './guard';

const FIELDS = ['code', 'name', 'field', 'level', 'agency_code', 'online_kind', 'cutoff', 'workflow', 'effective_from', 'channels'];
// What GET adds that a write does not take.
const SERVER_KEYS = ['version', 'versions', 'hash', 'problems', 'raw', 'effective_to', 'retired_at', 'source', 'level_codes', 'agency'];
const LEVELS = levelCodes.filter((l) => l !== 'other');

interface Ch { on: boolean; amount: string; unit: string; fee: string }
interface Problem { field?: string; message: string; message_en?: string }

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

function channelsOf(p: Procedure | null): Ch[] {
  return [1, 2, 3].map((n) => {
    const c = p?.channels?.find((x) => channelNo(x) === n);
    return { on: !!c || !p, amount: c?.time_amount != null && c.time_amount >= 0 ? String(c.time_amount) : '', unit: c?.time_unit || 'wd',
      fee: c?.fee_vnd != null && c.fee_vnd >= 0 ? String(c.fee_vnd) : '' };
  });
}

function Editor({ orig, agencies, all, workflows }: { orig: Procedure | null; agencies: Agency[]; all: boolean; workflows: Workflow[] | null }) {
  useLang();
  const [v, setV] = useState({
    code: orig?.code ?? '', name: orig?.name ?? '', field: orig?.field ?? '', agency_code: orig?.agency_code ?? (all ? '' : agencies[0]?.code ?? ''),
    online_kind: String(orig?.online_kind ?? 2), cutoff: (orig as { cutoff?: string } | null)?.cutoff ?? '',
    workflow: (orig as { workflow?: string } | null)?.workflow ?? '', effective_from: today(),
  });
  const [levels, setLevels] = useState<string[]>(orig?.level_codes ?? []);
  const [chs, setChs] = useState<Ch[]>(() => channelsOf(orig));
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<{ m: Msg; problems: Problem[] } | null>(null);
  const f = useFormErrors(FIELDS);
  const set = (k: keyof typeof v) => (x: string) => setV({ ...v, [k]: x });
  const setCh = (i: number, c: Partial<Ch>) => setChs(chs.map((x, j) => (j === i ? { ...x, ...c } : x)));

  function body(): Record<string, unknown> {
    const b: Record<string, unknown> = { ...(orig ?? {}) };
    for (const k of SERVER_KEYS) delete b[k];
    const same = orig && [...levels].sort().join() === [...(orig.level_codes ?? [])].sort().join();
    const channels: Channel[] = [];
    chs.forEach((c, i) => {
      if (!c.on) return;
      const old = orig?.channels?.find((x) => channelNo(x) === i + 1);
      const ch: Record<string, unknown> = { channel: i + 1 };
      if (old?.description) ch.description = old.description;
      if (c.amount !== '') Object.assign(ch, { time_amount: Number(c.amount), time_unit: c.unit });
      else if (old?.time_text) ch.time_text = old.time_text;
      if (c.fee !== '') ch.fee_vnd = Number(c.fee);
      else if (old?.fee_text) ch.fee_text = old.fee_text;
      channels.push(ch as unknown as Channel);
    });
    Object.assign(b, {
      code: v.code.trim(), name: v.name.trim(), field: v.field.trim(), online_kind: Number(v.online_kind), channels,
      level: same ? orig!.level : levels.map((l) => msg(('level.' + l) as Key).vi).join(', '),
      effective_from: v.effective_from,
    });
    for (const k of ['agency_code', 'cutoff', 'workflow'] as const) {
      if (v[k].trim()) b[k] = v[k].trim();
      else delete b[k];
    }
    return b;
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    const labels: Record<string, string> = { name: t('procadmin.name'), effective_from: t('procadmin.effective') };
    if (!orig) labels.code = t('procadmin.code');
    if (!f.require(v, labels)) return;
    const bad = chs.findIndex((c) => c.on && ((c.amount !== '' && !(Number(c.amount) >= 0)) || (c.fee !== '' && !(Number(c.fee) >= 0))));
    if (bad >= 0) return f.set({ channels: msg('procadmin.channel.bad', { channel: msg(('proc.channel.' + (bad + 1)) as Key).vi }) });
    if (!levels.length) return f.set({ level: msg('procadmin.level.required') });
    setBusy(true);
    setSaved(null);
    try {
      const b = body();
      const r = orig
        ? await put<{ code: string; version: number; result: string; problems?: Problem[] }>('/procedures/' + encodeURIComponent(orig.code), b)
        : await post<{ code: string; version: number; result: string; problems?: Problem[] }>('/procedures', b);
      const problems = (r.problems ?? []).filter((p) => p.field !== 'record');
      const m = msg(r.result === 'unchanged' ? 'procadmin.unchanged' : orig ? 'procadmin.saved' : 'procadmin.created',
        { code: r.code, version: r.version, name: String(b.name) });
      if (!problems.length) return flashTo(m, '/quan-tri/thu-tuc?q=' + encodeURIComponent(r.code));
      const errs: Record<string, Msg> = {};
      for (const p of problems) if (p.field && FIELDS.includes(p.field) && !errs[p.field]) errs[p.field] = { vi: p.message, en: p.message_en || p.message };
      f.clear();
      setSaved({ m, problems });
      if (Object.keys(errs).length) f.set(errs);
    } catch (err) {
      f.fail(err);
    }
    setBusy(false);
  }

  const agencyOpts: [string, string][] = flatten(agencies).map(({ a, depth }) => [a.code, '\u00a0\u00a0'.repeat(depth) + a.name]);
  const wfOpts: [string, string][] = (workflows ?? []).map((w) => [w.code, `${w.name} (${w.code})`]);
  if (v.workflow && !wfOpts.some(([c]) => c === v.workflow)) wfOpts.push([v.workflow, v.workflow]);

  return (
    <form ref={f.form} class="card form proc-form" onSubmit={submit} noValidate aria-label={orig ? t('procadmin.edit.title', { code: orig.code }) : t('procadmin.create')}>
      {saved && (
        <Alert kind="success" focus>
          <p>{tr(saved.m)}</p>
          <p>{t('procadmin.problems')}</p>
          <ul>{saved.problems.map((p) => <li>{tr({ vi: p.message, en: p.message_en || p.message })}</li>)}</ul>
        </Alert>
      )}
      {f.formError && !saved && <Alert>{tr(f.formError)}</Alert>}
      {!orig && <Field name="code" label={t('procadmin.code')} hint={t('procadmin.code.hint')} value={v.code} onValue={set('code')} error={f.errors.code} required maxLength={40} autoComplete="off" />}
      <Field name="name" label={t('procadmin.name')} value={v.name} onValue={set('name')} error={f.errors.name} required maxLength={1000} lang="vi" />
      <Field name="field" label={t('procadmin.field')} value={v.field} onValue={set('field')} error={f.errors.field} maxLength={300} lang="vi" />
      <fieldset class={'radios' + (f.errors.level ? ' field--error' : '')}>
        <legend>{t('procadmin.level')}<span class="req" aria-hidden="true"> *</span></legend>
        {f.errors.level && <p class="field-error" data-field="level"><span aria-hidden="true">⚠ </span>{tr(f.errors.level)}</p>}
        <div class="check-row">
          {LEVELS.map((l, i) => (
            <div class="check">
              <input type="checkbox" id={'lv-' + l} name={i ? 'level-' + l : 'level'} checked={levels.includes(l)}
                onChange={(e) => setLevels((e.currentTarget as HTMLInputElement).checked ? [...levels, l] : levels.filter((x) => x !== l))} />
              <label for={'lv-' + l}>{t(('level.' + l) as Key)}</label>
            </div>
          ))}
        </div>
      </fieldset>
      <SelectField name="agency_code" label={t('procadmin.agency')} value={v.agency_code} onValue={set('agency_code')} error={f.errors.agency_code}
        options={agencyOpts} placeholder={all ? t('procadmin.agency.none') : undefined} />
      <SelectField name="online_kind" label={t('procadmin.online')} value={v.online_kind} onValue={set('online_kind')} error={f.errors.online_kind}
        options={[['4', t('online.4')], ['3', t('online.3')], ['2', t('online.2')]]} />
      <fieldset class={'radios channels-edit' + (f.errors.channels ? ' field--error' : '')}>
        <legend>{t('procadmin.channels')}</legend>
        <p class="hint">{t('procadmin.channels.hint')}</p>
        {f.errors.channels && <p class="field-error" data-field="channels"><span aria-hidden="true">⚠ </span>{tr(f.errors.channels)}</p>}
        {chs.map((c, i) => {
          const n = i + 1, label = t(('proc.channel.' + n) as Key);
          return (
            <div class="channel-edit" data-channel={n}>
              <div class="check">
                <input type="checkbox" id={'ch-on-' + n} name={i ? 'ch-on-' + n : 'channels'} checked={c.on} onChange={(e) => setCh(i, { on: (e.currentTarget as HTMLInputElement).checked })} />
                <label for={'ch-on-' + n}>{t('procadmin.channel.on', { channel: label })}</label>
              </div>
              {c.on && (
                <div class="channel-grid">
                  <div class="field">
                    <label for={'ch-t-' + n}>{t('procadmin.time', { channel: label })}</label>
                    <input type="number" id={'ch-t-' + n} name={'time_' + n} min={0} step="any" inputMode="decimal" value={c.amount}
                      onInput={(e) => setCh(i, { amount: (e.currentTarget as HTMLInputElement).value })} />
                  </div>
                  <div class="field">
                    <label for={'ch-u-' + n}>{t('procadmin.unit', { channel: label })}</label>
                    <select id={'ch-u-' + n} name={'unit_' + n} value={c.unit} onChange={(e) => setCh(i, { unit: (e.currentTarget as HTMLSelectElement).value })}>
                      {TIME_UNITS.map((u) => <option value={u}>{t(('unit.' + u) as Key)}</option>)}
                    </select>
                  </div>
                  <div class="field">
                    <label for={'ch-f-' + n}>{t('procadmin.fee', { channel: label })}</label>
                    <input type="number" id={'ch-f-' + n} name={'fee_' + n} min={0} step={1000} inputMode="numeric" value={c.fee}
                      onInput={(e) => setCh(i, { fee: (e.currentTarget as HTMLInputElement).value })} />
                  </div>
                </div>
              )}
            </div>
          );
        })}
      </fieldset>
      <TextField name="cutoff" type="time" label={t('procadmin.cutoff')} hint={t('procadmin.cutoff.hint')} value={v.cutoff} onValue={set('cutoff')} error={f.errors.cutoff} />
      {workflows ? (
        <SelectField name="workflow" label={t('procadmin.workflow')} value={v.workflow} onValue={set('workflow')} error={f.errors.workflow}
          options={wfOpts} placeholder={t('procadmin.workflow.default')} />
      ) : (
        <TextField name="workflow" label={t('procadmin.workflow')} hint={t('procadmin.workflow.hint')} value={v.workflow} onValue={set('workflow')} error={f.errors.workflow} />
      )}
      <TextField name="effective_from" type="date" label={t('procadmin.effective')} hint={t('procadmin.effective.hint')} value={v.effective_from}
        onValue={set('effective_from')} error={f.errors.effective_from} required />
      <div class="row-buttons">
        <button type="submit" class="btn" aria-disabled={busy ? 'true' : undefined}>{orig ? t('common.save') : t('procadmin.create.submit')}</button>
        <a class="btn btn--secondary" href="/quan-tri/thu-tuc">{t('action.cancel')}</a>
      </div>
    </form>
  );
}

export default function ProcedureEdit({ params }: PageProps) {
  useLang();
  const creating = params.code === 'moi' || !params.code;
  const title = creating ? t('procadmin.create') : t('procadmin.edit.title', { code: params.code });
  useTitle(title);
  const { session, ready } = useSession();
  const [p, setP] = useState<Procedure | null>(null);
  const [tree, setTree] = useState<Agency[] | null>(null);
  const [wfs, setWfs] = useState<Workflow[] | null | undefined>(undefined);
  const [err, setErr] = useState<unknown>(null);

  useEffect(() => {
    const c = new AbortController();
    agencyTree(c.signal).then(setTree, (e) => !c.signal.aborted && setErr(e));
    listWorkflows(c.signal).then((r) => setWfs(r.items), () => !c.signal.aborted && setWfs(null));
    if (!creating) getProcedure(params.code, c.signal).then(setP, (e) => !c.signal.aborted && setErr(e));
    return () => c.abort();
  }, [params.code]);

  if (!ready) return null;
  if (!session) return <RequireSignIn />;
  const loaded = tree && wfs !== undefined && (creating || p);
  return (
    <>
      <nav class="crumbs" aria-label="breadcrumb">
        <ol>
          <li><a href="/quan-tri">{t('admin.title')}</a></li>
          <li><a href="/quan-tri/thu-tuc">{t('admin.procedures')}</a></li>
          <li><span aria-current="page">{creating ? t('procadmin.create') : params.code}</span></li>
        </ol>
      </nav>
      <h1 tabIndex={-1}>{title}</h1>
      {p && <p class="lead" lang="vi">{p.name}</p>}
      {!may(session, 'catalogue.manage') ? <Forbidden /> : err ? <ErrorBox error={err} /> : !loaded ? <Loading /> : (
        <Editor orig={p} agencies={scopeRoots(tree!, session, 'catalogue.manage')} all={isSystemAdmin(session)} workflows={wfs ?? null} />
      )}
    </>
  );
}
