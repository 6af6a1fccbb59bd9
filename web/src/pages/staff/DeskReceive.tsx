// /mot-cua/tiep-nhan[?procedure=] - receipt at the counter (channel 1) or of a
// postal dossier (channel 3, with its tracking number): the procedure, the
// applicant, the components checklist with the counts received, the scanned
// files; POST /dossiers answers with the dossier in status 2 and the receipt
// slip, printable at once.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, post } from '../../api';
import { getProcedure, type Procedure } from '../../catalogue';
import { ApplicantFields, APPLICANT_FIELDS, applicantBody, applicantLabels, applicantValues, emptyApplicant } from '../../components/applicant';
import { FilePicker, TextField, UploadProgress, uploadAll, type Picked } from '../../components/dossier';
import { Alert, Field, useFormErrors, useTitle } from '../../components/ui';
import { slipUrl, type Applicant, type Dossier } from '../../dossier';
import { msg, t, tr, useLang, type Msg } from '../../i18n';
import { navigate } from '../../router';
import type { PageProps } from '../../routes';
import { useSession } from '../../session';
import { RequireSignIn } from '../admin/guard';

interface Row { name: string; checked: boolean; originals: string; copies: string; photocopies: string }

export default function DeskReceive({ query }: PageProps) {
  useLang();
  useTitle(t('desk.receive'));
  const { session, ready } = useSession();
  const [code, setCode] = useState(query.get('procedure') ?? '');
  const [proc, setProc] = useState<Procedure | null>(null);
  const [channel, setChannel] = useState<1 | 3>(1);
  const [tracking, setTracking] = useState('');
  const [app, setApp] = useState<Applicant>(emptyApplicant);
  const [rows, setRows] = useState<Row[]>([]);
  const [files, setFiles] = useState<Picked[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Dossier | null>(null);
  const [uploadNote, setUploadNote] = useState<Msg | null>(null);
  const f = useFormErrors(['procedure_code', 'agency', 'channel', 'postal_tracking', ...APPLICANT_FIELDS, 'components', 'components.originals',
    'components.copies', 'components.photocopies']);
  const pf = useFormErrors(['procedure_code']);

  useEffect(() => {
    if (query.get('procedure')) void load(new Event('x'));
  }, []);

  if (!ready) return null;
  if (!session) return <RequireSignIn />;

  async function load(e: Event) {
    e.preventDefault?.();
    if (!pf.require({ procedure_code: code }, { procedure_code: t('desk.procedure') })) return;
    try {
      const p = await getProcedure(code.trim());
      pf.clear();
      setProc(p);
      setRows((p.components ?? []).map((c) => ({
        name: c.name, checked: false, originals: String(c.originals || 0), copies: String(c.copies || 0), photocopies: String(c.photocopies || 0),
      })));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) pf.fail(new ApiError(404, 'not_found', msg('proc.notfound', { code }), { field: 'procedure_code' }));
      else pf.fail(err);
    }
  }

  async function receive(e: Event) {
    e.preventDefault();
    if (busy || !proc) return;
    const values = { ...applicantValues(app), postal_tracking: tracking };
    const labels: Record<string, string> = { ...applicantLabels() };
    if (channel === 3) labels.postal_tracking = t('desk.tracking');
    if (!f.require(values, labels)) return;
    setBusy(true);
    f.clear();
    let d = done;
    try {
      d = await post<Dossier>('/dossiers', {
        procedure_code: proc.code,
        agency: proc.agency_code || undefined,
        channel,
        postal_tracking: channel === 3 ? tracking.trim() : undefined,
        applicant: applicantBody(app),
        components: rows.filter((r) => r.checked).map((r) => ({ name: r.name, originals: +r.originals || 0, copies: +r.copies || 0, photocopies: +r.photocopies || 0 })),
      });
    } catch (err) {
      f.fail(err);
      setBusy(false);
      return;
    }
    if (files.length) {
      const left = await uploadAll(d.code, files, setFiles);
      if (left.length) setUploadNote(msg('wizard.upload.failed'));
    }
    setDone(d);
    setBusy(false);
    requestAnimationFrame(() => document.getElementById('received')?.focus());
  }

  const setRow = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const checked = rows.filter((r) => r.checked).length;

  return (
    <>
      <nav class="crumbs" aria-label="breadcrumb">
        <ol>
          <li><a href="/mot-cua">{t('nav.desk')}</a></li>
          <li><span aria-current="page">{t('desk.receive')}</span></li>
        </ol>
      </nav>
      <h1 tabIndex={-1}>{t('desk.receive')}</h1>
      {done ? (
        <section class="card receipt" id="received" tabIndex={-1} aria-labelledby="received-h">
          <h2 id="received-h">{t('desk.received')}</h2>
          {uploadNote && <Alert>{tr(uploadNote)}</Alert>}
          <p class="receipt-code" data-code={done.code}>{done.code}</p>
          <p class="row-buttons">
            <a class="btn btn--big" href={slipUrl(done.code, 'receipt')} target="_blank" rel="noopener" data-slip="receipt">
              {t('slip.print', { name: t('slip.receipt') })}
            </a>
            <a class="btn btn--secondary" href={'/ho-so/' + encodeURIComponent(done.code)}>{t('desk.open')}</a>
            <button type="button" class="btn btn--secondary" onClick={() => { navigate('/mot-cua/tiep-nhan?procedure=' + encodeURIComponent(proc!.code), { replace: true }); location.reload(); }}>
              {t('desk.another')}
            </button>
          </p>
        </section>
      ) : (
        <>
          <form ref={pf.form} class="card form form--inline" onSubmit={load} noValidate>
            {pf.formError && <Alert>{tr(pf.formError)}</Alert>}
            <Field name="procedure_code" label={t('desk.procedure')} hint={t('desk.procedure.hint')} value={code} onValue={setCode}
              error={pf.errors.procedure_code} required spellcheck={false} autoComplete="off" />
            <div><button type="submit" class="btn btn--secondary">{t('desk.procedure.load')}</button></div>
          </form>
          {proc && (
            <form ref={f.form} class="card form" onSubmit={receive} noValidate>
              <p class="lead" lang="vi">{proc.name}</p>
              {f.formError && <Alert>{tr(f.formError)}</Alert>}
              <fieldset class="radios">
                <legend>{t('dossier.channel')}</legend>
                {([1, 3] as const).map((c) => (
                  <div class="check">
                    <input type="radio" id={'ch-' + c} name="channel" checked={channel === c} onChange={() => setChannel(c)} />
                    <label for={'ch-' + c}>{t(c === 1 ? 'desk.channel.1' : 'desk.channel.3')}</label>
                  </div>
                ))}
              </fieldset>
              {channel === 3 && (
                <TextField name="postal_tracking" label={t('desk.tracking')} hint={t('desk.tracking.hint')} value={tracking} onValue={setTracking}
                  error={f.errors.postal_tracking} required />
              )}
              <h2 class="h-small">{t('dossier.applicant')}</h2>
              <ApplicantFields value={app} onChange={setApp} errors={f.errors} />
              <fieldset class="checklist">
                <legend>{t('desk.checklist', { n: checked, total: rows.length })}</legend>
                {(f.errors.components || f.errors['components.originals'] || f.errors['components.copies'] || f.errors['components.photocopies']) && (
                  <p class="field-error" data-field="components">
                    {tr((f.errors.components || f.errors['components.originals'] || f.errors['components.copies'] || f.errors['components.photocopies'])!)}
                  </p>
                )}
                {rows.map((r, i) => (
                  <div class="check-row">
                    <div class="check">
                      <input type="checkbox" id={'c-' + i} checked={r.checked} onChange={(e) => setRow(i, { checked: (e.currentTarget as HTMLInputElement).checked })} />
                      <label for={'c-' + i} lang="vi">{r.name}</label>
                    </div>
                    <div class="counts">
                      {(['originals', 'copies', 'photocopies'] as const).map((k) => (
                        <label class="count-input">
                          <span>{t(('desk.count.' + k) as 'desk.count.originals')}</span>
                          <input type="number" min={0} max={99} inputMode="numeric" value={r[k]} name={`components.${k}`}
                            onInput={(e) => setRow(i, { [k]: (e.currentTarget as HTMLInputElement).value })} />
                        </label>
                      ))}
                    </div>
                    <FilePicker index={i} label={r.name} files={files} onChange={setFiles} />
                  </div>
                ))}
              </fieldset>
              <UploadProgress files={busy ? files : []} />
              <div><button type="submit" class="btn btn--big" aria-disabled={busy ? 'true' : undefined}>{busy ? t('wizard.busy') : t('desk.receive.submit')}</button></div>
            </form>
          )}
        </>
      )}
    </>
  );
}
