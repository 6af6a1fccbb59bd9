// dossier.tsx - pieces of the dossier screens shared by the citizen, desk
// and processing pages: status and deadline badges, the timeline, workflow
// steps, the component checklist, file picking with checks and upload
// progress, the file list with preview, slips, and the action panel that
// offers exactly the actions the API allows now (allowed_actions).
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get, type List } from '../api';
import {
  act, actionLabel, checkFile, deadline, deadlineLabel, endOfDay, FILE_ACCEPT, fileType, fileUrl, formatDateTime,
  formatSize, slipLabel, slipUrl, statusLabel, uploadFile, SLIP_OF, type Dossier, type DossierFile, type HistoryRow,
  type Step,
} from '../dossier';
import { countLabel } from '../catalogue';
import { msg, t, tr, useLang, type Key, type Msg } from '../i18n';
import { useSession } from '../session';
import { Alert, useFormErrors, useId } from './ui';

export function StatusBadge({ status }: { status: number }) {
  return <span class={'status status--' + status}>{statusLabel(status)}</span>;
}

export function DueBadge({ d }: { d: Pick<Dossier, 'status' | 'due_at' | 'paused'> }) {
  const k = deadline(d);
  if (!d.due_at) return <span class="muted">—</span>;
  return (
    <span class={'due' + (k ? ' due--' + k : '')}>
      {formatDateTime(d.due_at)}
      {k && k !== 'ok' && <span class="due-tag">{deadlineLabel(k)}</span>}
    </span>
  );
}

/** The dossier list as a table (status, due date with its colour). */
export function DossierTable({ items, caption }: { items: Dossier[]; caption: string }) {
  return (
    <div class="table-wrap">
      <table class="table dossiers">
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dossier.code')}</th>
            <th scope="col">{t('dossier.procedure')}</th>
            <th scope="col">{t('dossier.applicant')}</th>
            <th scope="col">{t('dossier.status')}</th>
            <th scope="col">{t('dossier.due')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => (
            <tr data-code={d.code}>
              <th scope="row"><a href={'/ho-so/' + encodeURIComponent(d.code)}>{d.code}</a></th>
              <td data-label={t('dossier.procedure')} lang="vi">{d.procedure_name}</td>
              <td data-label={t('dossier.applicant')}>{d.applicant?.name}</td>
              <td data-label={t('dossier.status')}><StatusBadge status={d.status} /></td>
              <td data-label={t('dossier.due')}><DueBadge d={d} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Timeline({ items }: { items: HistoryRow[] }) {
  if (!items.length) return <p class="muted">{t('common.none')}</p>;
  return (
    <ol class="timeline">
      {items.map((h) => (
        <li class={'tl tl--' + h.action}>
          <p class="tl-head">
            <strong>{actionLabel(h.action)}</strong>
            <span class="muted"> — {formatDateTime(h.at)}</span>
          </p>
          <p class="tl-meta">
            {h.actor}
            {h.to_status && h.to_status !== h.from_status ? <> · {statusLabel(h.to_status)}</> : null}
            {h.timeliness ? <> · {t(('timeliness.' + h.timeliness) as Key)}</> : null}
          </p>
          {h.comment && <p class="tl-comment" lang="vi">{h.comment}</p>}
          {h.due_at && (h.action === 'accept' || h.action === 'receive' || h.action === 'apologize' || h.action === 'supplement' ||
            h.action === 'calendar_changed' || h.action === 'confirm_payment') && (
            <p class="tl-meta">{t('dossier.due')}: {formatDateTime(h.due_at)}</p>
          )}
        </li>
      ))}
    </ol>
  );
}

export function StepsTable({ steps }: { steps: Step[] }) {
  return (
    <div class="table-wrap">
      <table class="table steps-table">
        <caption class="sr-only">{t('dossier.steps')}</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('step.name')}</th>
            <th scope="col">{t('step.role')}</th>
            <th scope="col">{t('step.deadline')}</th>
            <th scope="col">{t('step.state')}</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((s) => (
            <tr class={s.completed_at ? 'step--done' : s.started_at ? 'step--open' : 'step--waiting'}>
              <td>{s.position}</td>
              <td lang="vi">{s.name}</td>
              <td>{t(('role.' + s.role) as Key) || s.role}</td>
              <td>{formatDateTime(s.deadline_at) || '—'}</td>
              <td>
                {s.completed_at
                  ? t('step.done', { at: formatDateTime(s.completed_at) }) + (s.timeliness ? ` (${t(('timeliness.' + s.timeliness) as Key)})` : '')
                  : s.started_at ? t('step.open') : t('step.waiting')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ComponentList({ items }: { items: { name: string; originals?: number | null; copies?: number | null; photocopies?: number | null }[] }) {
  if (!items.length) return <p class="muted">{t('common.none')}</p>;
  return (
    <ul class="comp-list">
      {items.map((c) => (
        <li><span lang="vi">{c.name}</span>{countLabel(c) && <span class="muted"> — {countLabel(c)}</span>}</li>
      ))}
    </ul>
  );
}

// --- files ------------------------------------------------------------------

export interface Picked {
  file: File;
  component: number;
  progress: number; // 0..1
  error: Msg | null;
  done: boolean;
}

/** Several files for one component: type and size are checked as they are chosen. */
export function FilePicker({ index, label, files, onChange }: {
  index: number;
  label: string;
  files: Picked[];
  onChange: (next: Picked[]) => void;
}) {
  useLang();
  const id = useId('file');
  const [rejected, setRejected] = useState<Msg[]>([]);
  const mine = files.filter((f) => f.component === index);
  function pick(e: Event) {
    const input = e.currentTarget as HTMLInputElement;
    const bad: Msg[] = [];
    const ok: Picked[] = [];
    for (const f of Array.from(input.files ?? [])) {
      const why = checkFile(f);
      if (why) bad.push(why);
      else ok.push({ file: f, component: index, progress: 0, error: null, done: false });
    }
    setRejected(bad);
    onChange([...files, ...ok]);
    input.value = '';
  }
  return (
    <div class={'field file-field' + (rejected.length ? ' field--error' : '')}>
      <label for={id}>{t('file.choose', { name: label })}</label>
      <p class="hint" id={id + '-hint'}>{t('file.hint')}</p>
      {rejected.map((m, i) => (
        <p class="field-error" id={`${id}-error-${i}`} data-field={'file-' + index}><span aria-hidden="true">⚠ </span>{tr(m)}</p>
      ))}
      <input id={id} type="file" multiple accept={FILE_ACCEPT} name={'file-' + index} onChange={pick}
        aria-describedby={[id + '-hint', ...rejected.map((_, i) => `${id}-error-${i}`)].join(' ')}
        aria-invalid={rejected.length ? 'true' : undefined} />
      {mine.length > 0 && (
        <ul class="picked">
          {mine.map((p) => (
            <li>
              <span class="picked-name">{p.file.name}</span> <span class="muted">({formatSize(p.file.size)})</span>{' '}
              <button type="button" class="link-btn danger" onClick={() => onChange(files.filter((x) => x !== p))}>
                {t('file.remove', { name: p.file.name })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Upload progress of every chosen file. */
export function UploadProgress({ files }: { files: Picked[] }) {
  if (!files.length) return null;
  return (
    <ul class="uploads" aria-label={t('file.progress')}>
      {files.map((p) => (
        <li>
          <span class="picked-name">{p.file.name}</span>
          <progress max={100} value={Math.round(p.progress * 100)} aria-label={t('file.progress.one', { name: p.file.name })} />
          <span class="small">{p.error ? '' : p.done ? t('file.done') : Math.round(p.progress * 100) + '%'}</span>
          {p.error && <p class="field-error" data-field="file">{tr(p.error)}</p>}
        </li>
      ))}
    </ul>
  );
}

/** Uploads files one after the other, updating their progress; returns the files that failed. */
export async function uploadAll(code: string, files: Picked[], update: (f: Picked[]) => void): Promise<Picked[]> {
  let list = files.map((p) => ({ ...p }));
  const set = (i: number, patch: Partial<Picked>) => {
    list = list.map((p, j) => (j === i ? { ...p, ...patch } : p));
    update(list);
  };
  for (let i = 0; i < list.length; i++) {
    if (list[i].done) continue;
    try {
      await uploadFile(code, list[i].file, list[i].component, (f) => set(i, { progress: f }));
      set(i, { done: true, progress: 1, error: null });
    } catch (e) {
      set(i, { error: e instanceof ApiError ? e.msg : msg('error.generic') });
    }
  }
  return list.filter((p) => !p.done);
}

export function FileList({ files, components }: { files: DossierFile[]; components: { name: string }[] }) {
  useLang();
  const [open, setOpen] = useState<string | null>(null);
  if (!files.length) return <p class="muted">{t('file.none')}</p>;
  return (
    <ul class="files">
      {files.map((f) => {
        const type = fileType({ name: f.name, type: f.mime || f.content_type || '' });
        const key = f.sha256 + f.name;
        const comp = f.component != null ? components[f.component]?.name : '';
        return (
          <li>
            <p class="file-line">
              <a href={fileUrl(f.sha256)} target="_blank" rel="noopener">{f.name}</a>{' '}
              <span class="muted">({formatSize(f.size)}{comp ? ' · ' : ''}{comp && <span lang="vi">{comp}</span>})</span>{' '}
              {(type === 'application/pdf' || type.startsWith('image/')) && (
                <button type="button" class="link-btn" aria-expanded={open === key ? 'true' : 'false'}
                  onClick={() => setOpen(open === key ? null : key)}>
                  {open === key ? t('file.preview.hide') : t('file.preview')}
                </button>
              )}
            </p>
            {open === key && (type === 'application/pdf'
              ? <iframe class="preview" src={fileUrl(f.sha256)} title={t('file.preview.of', { name: f.name })} />
              : <img class="preview" src={fileUrl(f.sha256)} alt={t('file.preview.of', { name: f.name })} />)}
          </li>
        );
      })}
    </ul>
  );
}

/** The slips this dossier's history has issued, each a PDF link. */
export function SlipLinks({ code, history }: { code: string; history: HistoryRow[] }) {
  const kinds = [...new Set(history.map((h) => SLIP_OF[h.action]).filter(Boolean))];
  if (!kinds.length) return <p class="muted">{t('slip.none')}</p>;
  return (
    <ul class="slips">
      {kinds.map((k) => <li><a href={slipUrl(code, k)} target="_blank" rel="noopener" data-slip={k}>{t('slip.print', { name: slipLabel(k) })}</a></li>)}
    </ul>
  );
}

// --- actions --------------------------------------------------------------

/** Actions that go through at once; the others open a small form first. */
const DIRECT = ['accept', 'forward', 'claim', 'complete_step', 'deliver', 'confirm_payment'];
const NEEDS_COMMENT = ['refuse', 'guide_supplement', 'request_supplement', 'request_payment', 'stop', 'recall', 'apologize'];
const ORDER = ['accept', 'guide_supplement', 'refuse', 'forward', 'claim', 'complete_step', 'approve', 'assign',
  'request_supplement', 'request_payment', 'confirm_payment', 'apologize', 'stop', 'deliver', 'recall', 'supplement',
  'withdraw', 'rate'];
const PRIMARY = ['accept', 'forward', 'complete_step', 'approve', 'deliver', 'supplement', 'rate'];

interface Person { id: number; login: string; full_name: string; roles: { role: string; agency_code: string }[] }

export function ActionPanel({ d, onDone, files }: {
  d: Dossier;
  onDone: (d: Dossier, note: Msg) => void;
  /** uploads a supplement's files before the action (citizen and desk). */
  files?: { enabled: boolean };
}) {
  useLang();
  const { session } = useSession();
  const [open, setOpen] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [due, setDue] = useState('');
  const [result, setResult] = useState('');
  const [rating, setRating] = useState(0);
  const [assignee, setAssignee] = useState('');
  const [people, setPeople] = useState<Person[] | null>(null);
  const [picked, setPicked] = useState<Picked[]>([]);
  const [busy, setBusy] = useState(false);
  const f = useFormErrors(['comment', 'new_due_at', 'result_code', 'rating', 'assignee_id', 'action']);
  const formRef = useRef<HTMLDivElement>(null);
  const allowed = ORDER.filter((a) => d.allowed_actions?.includes(a));

  useEffect(() => {
    if (open !== 'assign' || people) return;
    const codes = [...new Set((session?.roles ?? []).filter((g) => g.role === 'leader').map((g) => g.agency_code))];
    Promise.all(codes.map((c) => get<List<Person>>('/users', { query: { agency: c } })))
      .then((ls) => setPeople(ls.flatMap((l) => l.items).filter((p) => p.roles.some((r) => r.role === 'specialist' || r.role === 'leader'))))
      .catch((e) => f.fail(e));
  }, [open]);

  if (!allowed.length) return <p class="muted">{t('action.none')}</p>;

  async function run(action: string, body: Record<string, unknown> = {}) {
    if (busy) return;
    setBusy(true);
    f.clear();
    try {
      if (action === 'supplement' && picked.length) {
        const left = await uploadAll(d.code, picked, setPicked);
        if (left.length) {
          setBusy(false);
          return;
        }
      }
      const r = await act(d.code, { action, ...body });
      setOpen(null);
      setComment('');
      setDue('');
      setResult('');
      setPicked([]);
      onDone(r, msg('action.done', { action: actionLabel(action) }));
    } catch (e) {
      f.fail(e);
    }
    setBusy(false);
  }

  function submit(e: Event) {
    e.preventDefault();
    if (!open) return;
    const body: Record<string, unknown> = {};
    if (comment.trim()) body.comment = comment.trim();
    const labels: Record<string, string> = {};
    const values: Record<string, string> = { comment, new_due_at: due, assignee_id: assignee, rating: rating ? String(rating) : '' };
    if (NEEDS_COMMENT.includes(open)) labels.comment = t('action.comment');
    if (open === 'apologize') {
      labels.new_due_at = t('action.new_due');
      if (due) body.new_due_at = endOfDay(due);
    }
    if (open === 'assign') {
      labels.assignee_id = t('action.assignee');
      if (assignee) body.assignee_id = +assignee;
    }
    if (open === 'rate') {
      labels.rating = t('action.rating');
      if (rating) body.rating = rating;
    }
    if (open === 'approve' && result.trim()) body.result_code = result.trim();
    if (!f.require(values, labels)) return;
    void run(open, body);
  }

  const commentLabel = open === 'apologize' ? t('action.reason') : NEEDS_COMMENT.includes(open ?? '') ? t('action.comment')
    : t('action.comment.optional');

  return (
    <div class="actions" ref={formRef}>
      <div class="action-buttons">
        {allowed.map((a) => (
          <button type="button" class={'btn' + (PRIMARY.includes(a) ? '' : ' btn--secondary')} data-action={a}
            aria-expanded={DIRECT.includes(a) ? undefined : open === a ? 'true' : 'false'}
            aria-disabled={busy ? 'true' : undefined}
            onClick={() => {
              f.clear();
              if (DIRECT.includes(a)) void run(a);
              else setOpen(open === a ? null : a);
            }}>
            {actionLabel(a)}
          </button>
        ))}
      </div>
      {!open && f.formError && <Alert>{tr(f.formError)}</Alert>}
      {open && (
        <form ref={f.form} class="card form action-form" onSubmit={submit} noValidate aria-label={actionLabel(open)}>
          <h3>{actionLabel(open)}</h3>
          <p class="hint">{t(('action.help.' + open) as Key) || ''}</p>
          {f.formError && <Alert>{tr(f.formError)}</Alert>}
          {open === 'rate' && (
            <fieldset class={'radios stars' + (f.errors.rating ? ' field--error' : '')}>
              <legend>{t('action.rating')}</legend>
              {f.errors.rating && <p class="field-error" data-field="rating">{tr(f.errors.rating)}</p>}
              {[5, 4, 3, 2, 1].map((n) => (
                <div class="check">
                  <input type="radio" id={'rate-' + n} name="rating" value={n} checked={rating === n} onChange={() => setRating(n)} />
                  <label for={'rate-' + n}>{t(('rating.' + n) as Key)}</label>
                </div>
              ))}
            </fieldset>
          )}
          {open === 'assign' && (
            <SelectField name="assignee_id" label={t('action.assignee')} value={assignee} onValue={setAssignee} error={f.errors.assignee_id}
              options={(people ?? []).map((p) => [String(p.id), p.full_name || p.login])} placeholder={people ? t('action.assignee.pick') : t('common.loading')} />
          )}
          {open === 'apologize' && (
            <TextField name="new_due_at" type="date" label={t('action.new_due')} value={due} onValue={setDue} error={f.errors.new_due_at}
              hint={t('action.new_due.hint', { due: formatDateTime(d.due_at) })} />
          )}
          {open === 'approve' && (
            <TextField name="result_code" label={t('action.result_code')} value={result} onValue={setResult} error={f.errors.result_code}
              hint={t('action.result_code.hint')} />
          )}
          {open === 'supplement' && files?.enabled && (
            <>
              {d.components.map((c, i) => (
                <FilePicker index={i} label={c.name} files={picked} onChange={setPicked} />
              ))}
              <UploadProgress files={picked} />
            </>
          )}
          <TextArea name="comment" label={commentLabel} value={comment} onValue={setComment} error={f.errors.comment}
            required={NEEDS_COMMENT.includes(open)} />
          <div class="row-buttons">
            <button type="submit" class="btn" aria-disabled={busy ? 'true' : undefined}>{busy ? t('action.busy') : t('action.confirm', { action: actionLabel(open) })}</button>
            <button type="button" class="btn btn--secondary" onClick={() => setOpen(null)}>{t('action.cancel')}</button>
          </div>
        </form>
      )}
    </div>
  );
}

// --- small form fields (textarea, select, typed input) -------------------------

function describe(id: string, hint?: string, error?: Msg | null) {
  return [hint ? id + '-hint' : '', error ? id + '-error' : ''].filter(Boolean).join(' ') || undefined;
}
function FieldTop({ id, name, label, hint, error, required }: { id: string; name: string; label: string; hint?: string; error?: Msg | null; required?: boolean }) {
  return (
    <>
      <label for={id}>{label}{required && <span class="req" aria-hidden="true"> *</span>}</label>
      {hint && <p class="hint" id={id + '-hint'}>{hint}</p>}
      {error && <p class="field-error" id={id + '-error'} data-field={name}><span aria-hidden="true">⚠ </span>{tr(error)}</p>}
    </>
  );
}

export function TextArea(p: { name: string; label: string; value: string; onValue: (v: string) => void; error?: Msg | null; hint?: string; required?: boolean }) {
  const id = useId(p.name);
  return (
    <div class={'field' + (p.error ? ' field--error' : '')}>
      <FieldTop id={id} {...p} />
      <textarea id={id} name={p.name} rows={3} value={p.value} onInput={(e) => p.onValue((e.currentTarget as HTMLTextAreaElement).value)}
        aria-invalid={p.error ? 'true' : undefined} aria-describedby={describe(id, p.hint, p.error)} aria-required={p.required ? 'true' : undefined} />
    </div>
  );
}

export function TextField(p: { name: string; label: string; value: string; onValue: (v: string) => void; error?: Msg | null; hint?: string; required?: boolean; type?: string; inputMode?: string; autoComplete?: string; maxLength?: number }) {
  const id = useId(p.name);
  return (
    <div class={'field' + (p.error ? ' field--error' : '')}>
      <FieldTop id={id} {...p} />
      <input id={id} name={p.name} type={p.type ?? 'text'} value={p.value} inputMode={p.inputMode as 'numeric'} autoComplete={p.autoComplete}
        maxLength={p.maxLength} onInput={(e) => p.onValue((e.currentTarget as HTMLInputElement).value)}
        aria-invalid={p.error ? 'true' : undefined} aria-describedby={describe(id, p.hint, p.error)} aria-required={p.required ? 'true' : undefined} />
    </div>
  );
}

export function SelectField(p: { name: string; label: string; value: string; onValue: (v: string) => void; error?: Msg | null; hint?: string; required?: boolean; options: [string, string][]; placeholder?: string }) {
  const id = useId(p.name);
  return (
    <div class={'field' + (p.error ? ' field--error' : '')}>
      <FieldTop id={id} {...p} />
      <select id={id} name={p.name} value={p.value} onChange={(e) => p.onValue((e.currentTarget as HTMLSelectElement).value)}
        aria-invalid={p.error ? 'true' : undefined} aria-describedby={describe(id, p.hint, p.error)} aria-required={p.required ? 'true' : undefined}>
        {p.placeholder !== undefined && <option value="">{p.placeholder}</option>}
        {p.options.map(([v, l]) => <option value={v}>{l}</option>)}
      </select>
    </div>
  );
}
