// /quan-tri/quy-trinh - workflow templates (GET /workflows): the steps of each
// (group, name, role, agency, allotted time) and a form to edit a template
// (PUT /workflows/{code}); errors name their step field ("steps[1].role").
// Steps of the same group run in parallel (docs/internals/dossiers.md).
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, put } from '../../api';
import { agencyTree, flatten, listWorkflows, may, STEP_ROLES, STEP_UNITS, type Agency, type Workflow, type WorkflowStep } from '../../admin';
import { Alert, ErrorBox, Field, Loading, useFormErrors, useTitle } from '../../components/ui';
import { msg, t, tr, useLang, type Key, type Msg } from '../../i18n';
import type { PageProps } from '../../routes';
import { useSession } from '../../session';
import { Crumbs, Forbidden } from './common';
import { RequireSignIn } from './guard';

const roleName = (r: string) => t(('role.' + r) as Key) || r;
const unitLabel = (n: number, u: string) => t(('proc.unit.' + u) as Key, { n }) || `${n} ${u}`;
const KEYS = ['group', 'name', 'role', 'agency_code', 'amount', 'unit'] as const;
const fieldName = (i: number, k: string) => `steps[${i}].${k}`;

function Cell({ i, k, label, error, children }: { i: number; k: string; label: string; error?: Msg; children: ComponentChildren }) {
  const id = `st-${i}-${k}`;
  return (
    <div class={'field' + (error ? ' field--error' : '')}>
      <label for={id}>{label}</label>
      {error && <p class="field-error" id={id + '-error'} data-field={fieldName(i, k)}><span aria-hidden="true">⚠ </span>{tr(error)}</p>}
      {children}
    </div>
  );
}

function Editor({ wf, agencies, done, cancel }: { wf: Workflow; agencies: Agency[]; done: (w: Workflow) => void; cancel: () => void }) {
  useLang();
  const [name, setName] = useState(wf.name);
  const [steps, setSteps] = useState<WorkflowStep[]>(() => wf.steps.map((s) => ({ ...s })));
  const [busy, setBusy] = useState(false);
  const fields = ['name', 'steps', ...steps.flatMap((_, i) => KEYS.map((k) => fieldName(i, k)))];
  const f = useFormErrors(fields);
  const head = useRef<HTMLHeadingElement>(null);
  useEffect(() => head.current?.focus(), []);
  const setStep = (i: number, p: Partial<WorkflowStep>) => setSteps(steps.map((s, j) => (j === i ? { ...s, ...p } : s)));
  const attrs = (i: number, k: string) => {
    const e = f.errors[fieldName(i, k)];
    return { id: `st-${i}-${k}`, name: fieldName(i, k), 'aria-invalid': e ? 'true' as const : undefined, 'aria-describedby': e ? `st-${i}-${k}-error` : undefined };
  };
  const agencyOpts = flatten(agencies).map(({ a, depth }) => [a.code, '\u00a0\u00a0'.repeat(depth) + a.name]);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy || !f.require({ name }, { name: t('wf.name') })) return;
    const errs: Record<string, Msg> = {};
    steps.forEach((s, i) => {
      if (!s.name.trim()) errs[fieldName(i, 'name')] = msg('error.required', { label: t('wf.step.name').toLowerCase() });
      if (!(s.amount >= 0)) errs[fieldName(i, 'amount')] = msg('wf.amount.bad');
      if (!(s.group >= 1)) errs[fieldName(i, 'group')] = msg('wf.group.bad');
    });
    if (!steps.length) errs.steps = msg('wf.steps.required');
    if (Object.keys(errs).length) return f.set(errs);
    setBusy(true);
    try {
      const w = await put<Workflow>('/workflows/' + encodeURIComponent(wf.code), { name: name.trim(), steps: steps.map((s) => ({ ...s, name: s.name.trim() })) });
      done(w && w.steps ? w : { ...wf, name, steps });
    } catch (err) {
      f.fail(err);
      setBusy(false);
    }
  }

  return (
    <form ref={f.form} class="card form wf-form" onSubmit={submit} noValidate aria-labelledby="wf-edit">
      <h2 id="wf-edit" tabIndex={-1} ref={head}>{t('wf.edit.title', { name: wf.name })}</h2>
      {f.formError && <Alert>{tr(f.formError)}</Alert>}
      <Field name="name" label={t('wf.name')} value={name} onValue={setName} error={f.errors.name} required maxLength={200} lang="vi" />
      {f.errors.steps && <p class="field-error" data-field="steps">{tr(f.errors.steps)}</p>}
      <ol class="wf-steps">
        {steps.map((s, i) => (
          <li class="wf-step" data-step={i}>
            <fieldset>
              <legend>{t('wf.step', { n: i + 1 })}</legend>
              <div class="channel-grid">
                <Cell i={i} k="group" label={t('wf.group')} error={f.errors[fieldName(i, 'group')]}>
                  <input type="number" min={1} step={1} inputMode="numeric" value={s.group} {...attrs(i, 'group')}
                    onInput={(e) => setStep(i, { group: parseInt((e.currentTarget as HTMLInputElement).value, 10) })} />
                </Cell>
                <Cell i={i} k="name" label={t('wf.step.name')} error={f.errors[fieldName(i, 'name')]}>
                  <input type="text" value={s.name} lang="vi" maxLength={200} {...attrs(i, 'name')}
                    onInput={(e) => setStep(i, { name: (e.currentTarget as HTMLInputElement).value })} />
                </Cell>
                <Cell i={i} k="role" label={t('wf.role')} error={f.errors[fieldName(i, 'role')]}>
                  <select value={s.role} {...attrs(i, 'role')} onChange={(e) => setStep(i, { role: (e.currentTarget as HTMLSelectElement).value })}>
                    {[...STEP_ROLES, ...(STEP_ROLES as readonly string[]).includes(s.role) ? [] : [s.role]].map((r) => <option value={r}>{roleName(r)}</option>)}
                  </select>
                </Cell>
                <Cell i={i} k="agency_code" label={t('wf.agency')} error={f.errors[fieldName(i, 'agency_code')]}>
                  <select value={s.agency_code ?? ''} {...attrs(i, 'agency_code')} onChange={(e) => setStep(i, { agency_code: (e.currentTarget as HTMLSelectElement).value || null })}>
                    <option value="">{t('wf.agency.dossier')}</option>
                    {agencyOpts.map(([c, n]) => <option value={c}>{n}</option>)}
                    {s.agency_code && !agencyOpts.some(([c]) => c === s.agency_code) && <option value={s.agency_code}>{s.agency_code}</option>}
                  </select>
                </Cell>
                <Cell i={i} k="amount" label={t('wf.amount')} error={f.errors[fieldName(i, 'amount')]}>
                  <input type="number" min={0} step="any" inputMode="decimal" value={s.amount} {...attrs(i, 'amount')}
                    onInput={(e) => setStep(i, { amount: parseFloat((e.currentTarget as HTMLInputElement).value) })} />
                </Cell>
                <Cell i={i} k="unit" label={t('wf.unit')} error={f.errors[fieldName(i, 'unit')]}>
                  <select value={s.unit} {...attrs(i, 'unit')} onChange={(e) => setStep(i, { unit: (e.currentTarget as HTMLSelectElement).value })}>
                    {STEP_UNITS.map((u) => <option value={u}>{t(('unit.' + u) as Key)}</option>)}
                  </select>
                </Cell>
              </div>
              <button type="button" class="link-btn danger" onClick={() => setSteps(steps.filter((_, j) => j !== i))}>
                {t('wf.step.remove', { n: i + 1 })}
              </button>
            </fieldset>
          </li>
        ))}
      </ol>
      <p>
        <button type="button" class="btn btn--secondary btn--small"
          onClick={() => setSteps([...steps, { group: (steps[steps.length - 1]?.group ?? 0) + 1, name: '', role: 'specialist', agency_code: null, amount: 1, unit: 'wd' }])}>
          {t('wf.step.add')}
        </button>
      </p>
      <div class="row-buttons">
        <button type="submit" class="btn" aria-disabled={busy ? 'true' : undefined}>{t('common.save')}</button>
        <button type="button" class="btn btn--secondary" onClick={cancel}>{t('action.cancel')}</button>
      </div>
    </form>
  );
}

function Steps({ wf, names }: { wf: Workflow; names: Map<string, string> }) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-labelledby={'wf-' + wf.code}>
      <table class="table wf-table">
        <caption class="sr-only">{t('wf.steps.of', { name: wf.name })}</caption>
        <thead><tr><th scope="col">{t('wf.group')}</th><th scope="col">{t('wf.step.name')}</th><th scope="col">{t('wf.role')}</th><th scope="col">{t('wf.agency')}</th><th scope="col">{t('wf.time')}</th></tr></thead>
        <tbody>
          {wf.steps.map((s) => (
            <tr>
              <td>{s.group}</td>
              <td lang="vi">{s.name}</td>
              <td>{roleName(s.role)}</td>
              <td lang={s.agency_code ? 'vi' : undefined}>{s.agency_code ? names.get(s.agency_code) ?? s.agency_code : t('wf.agency.dossier')}</td>
              <td class="wf-time">{unitLabel(s.amount, s.unit)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function Workflows(_: PageProps) {
  useLang();
  useTitle(t('admin.workflows'));
  const { session, ready } = useSession();
  const [items, setItems] = useState<Workflow[] | null>(null);
  const [tree, setTree] = useState<Agency[]>([]);
  const [err, setErr] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [editing, setEditing] = useState<string | null>(null);
  const [note, setNote] = useState<Msg | null>(null);

  useEffect(() => {
    const c = new AbortController();
    setErr(null);
    listWorkflows(c.signal).then((r) => setItems(r.items), (e) => !c.signal.aborted && setErr(e));
    agencyTree(c.signal).then(setTree, () => undefined);
    return () => c.abort();
  }, [tick]);

  if (!ready) return null;
  if (!session) return <RequireSignIn />;
  const manage = may(session, 'catalogue.manage');
  const names = new Map(flatten(tree).map(({ a }) => [a.code, a.name]));
  const missing = err instanceof ApiError && err.missingRoute;

  return (
    <>
      <Crumbs here={t('admin.workflows')} />
      <h1 tabIndex={-1}>{t('admin.workflows')}</h1>
      <p class="lead">{t('wf.lead')}</p>
      {note && <Alert kind="success" focus key={note.vi}>{tr(note)}</Alert>}
      {!manage ? <Forbidden /> : missing ? <Alert kind="info">{t('error.unavailable')}</Alert> : err ? <ErrorBox error={err} retry={() => setTick((x) => x + 1)} /> : !items ? <Loading /> : (
        items.map((wf) => (
          <section class="proc-section wf" aria-labelledby={'wf-' + wf.code} data-code={wf.code}>
            <h2 id={'wf-' + wf.code}><span lang="vi">{wf.name}</span> <span class="muted small">({wf.code})</span></h2>
            {editing === wf.code ? (
              <Editor wf={wf} agencies={tree} cancel={() => setEditing(null)} done={(w) => {
                setItems(items.map((x) => (x.code === wf.code ? w : x)));
                setEditing(null);
                setNote(msg('wf.saved', { name: w.name }));
              }} />
            ) : (
              <>
                <Steps wf={wf} names={names} />
                <button type="button" class="btn btn--secondary btn--small" onClick={() => { setNote(null); setEditing(wf.code); }}>
                  {t('wf.edit')}<span class="sr-only"> {wf.name}</span>
                </button>
              </>
            )}
          </section>
        ))
      )}
    </>
  );
}
