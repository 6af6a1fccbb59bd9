// /nop-ho-so/:code - the online submission wizard: 1 applicant, 2 components
// and their files (several per component, type and size checked as they are
// chosen), 3 review and submit (POST /dossiers with an Idempotency-Key, then
// each file with its progress bar), 4 the receipt: the dossier code, the
// receipt PDF and the lookup link its QR code carries.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, post } from '../../api';
import { countLabel, getProcedure, type Procedure } from '../../catalogue';
import { ApplicantFields, APPLICANT_FIELDS, applicantBody, applicantLabels, applicantValues, emptyApplicant } from '../../components/applicant';
import { ComponentList, FilePicker, UploadProgress, uploadAll, type Picked } from '../../components/dossier';
import { Alert, ErrorBox, Loading, useFormErrors, useTitle } from '../../components/ui';
import { formatSize, idLabel, slipUrl, statusLabel, type Applicant, type Dossier } from '../../dossier';
import { msg, t, tr, useLang, type Msg } from '../../i18n';
import type { PageProps } from '../../routes';
import { useSession } from '../../session';
import { RequireSignIn } from '../admin/guard';

const STEPS = ['wizard.step.applicant', 'wizard.step.files', 'wizard.step.review', 'wizard.step.receipt'] as const;

function Progress({ step }: { step: number }) {
  return (
    <ol class="wizard-steps">
      {STEPS.map((k, i) => (
        <li class={i + 1 === step ? 'current' : i + 1 < step ? 'done' : ''} aria-current={i + 1 === step ? 'step' : undefined}>
          <span class="step-no" aria-hidden="true">{i + 1}</span> {t(k)}
        </li>
      ))}
    </ol>
  );
}

export default function Submit({ params }: PageProps) {
  useLang();
  const { session, ready } = useSession();
  const [proc, setProc] = useState<Procedure | null>(null);
  const [err, setErr] = useState<unknown>(null);
  const [step, setStep] = useState(1);
  const [app, setApp] = useState<Applicant>(emptyApplicant);
  const [files, setFiles] = useState<Picked[]>([]);
  const [busy, setBusy] = useState(false);
  const [dossier, setDossier] = useState<Dossier | null>(null);
  const [uploadNote, setUploadNote] = useState<Msg | null>(null);
  const [filesReady, setFilesReady] = useState(true);
  const f = useFormErrors([...APPLICANT_FIELDS, 'components', 'procedure_code', 'agency']);
  const idem = useRef('web-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2));
  useTitle(t('wizard.title') + (proc ? ': ' + proc.name : ''));

  useEffect(() => {
    const c = new AbortController();
    getProcedure(params.code, c.signal).then(setProc, (e) => !c.signal.aborted && setErr(e));
    return () => c.abort();
  }, [params.code]);

  useEffect(() => {
    if (session && !app.name) {
      const u = session.user;
      setApp({ ...app, name: u.full_name || '', phone: u.phone || '', email: u.email || '' });
    }
  }, [session]);

  // A new step: focus on its heading, unless an error already took the focus to its field.
  useEffect(() => {
    if (document.querySelector('main .field-error')) return;
    requestAnimationFrame(() => document.querySelector<HTMLElement>('main h2.step-title')?.focus());
  }, [step]);

  if (!ready) return null;
  if (!session) return <RequireSignIn />;
  if (err) return <><h1 tabIndex={-1}>{t('wizard.title')}</h1><ErrorBox error={err} /></>;
  if (!proc) return <Loading />;
  const comps = proc.components ?? [];

  function next1(e: Event) {
    e.preventDefault();
    if (f.require(applicantValues(app), applicantLabels())) setStep(2);
  }

  async function submit() {
    if (busy) return;
    setBusy(true);
    f.clear();
    let d = dossier;
    try {
      if (!d) {
        d = await post<Dossier>('/dossiers', {
          procedure_code: proc!.code,
          agency: proc!.agency_code || undefined,
          applicant: applicantBody(app),
          components: comps.map((c) => ({ name: c.name, originals: c.originals || 0, copies: c.copies || 0, photocopies: c.photocopies || 0 })),
        }, { headers: { 'Idempotency-Key': idem.current } });
        setDossier(d);
      }
    } catch (e) {
      setBusy(false);
      if (e instanceof ApiError && e.field?.startsWith('applicant')) setStep(1);
      f.fail(e);
      return;
    }
    if (files.length) {
      const left = await uploadAll(d.code, files, setFiles);
      if (left.length) {
        setFilesReady(false);
        setUploadNote(msg('wizard.upload.failed'));
        setBusy(false);
        return;
      }
    }
    setBusy(false);
    setStep(4);
  }

  const heading = (
    <>
      <nav class="crumbs" aria-label="breadcrumb">
        <ol>
          <li><a href="/thu-tuc">{t('nav.procedures')}</a></li>
          <li><a href={'/thu-tuc/' + encodeURIComponent(proc.code)}>{proc.code}</a></li>
          <li><span aria-current="page">{t('wizard.title')}</span></li>
        </ol>
      </nav>
      <h1 tabIndex={-1}>{t('wizard.title')}</h1>
      <p class="lead" lang="vi">{proc.name}</p>
      <Progress step={step} />
    </>
  );

  if (step === 4 && dossier) {
    return (
      <>
        {heading}
        <section class="card receipt" aria-labelledby="receipt-h">
          <h2 id="receipt-h" class="step-title" tabIndex={-1}>{t('wizard.receipt.title')}</h2>
          <Alert kind="success">{t('wizard.receipt.done')}</Alert>
          <p class="receipt-code-label">{t('dossier.code')}</p>
          <p class="receipt-code" data-code={dossier.code}>{dossier.code}</p>
          <dl class="kv">
            <div><dt>{t('dossier.status')}</dt><dd>{statusLabel(dossier.status)}</dd></div>
            <div><dt>{t('dossier.submitted')}</dt><dd>{dossier.submitted_at?.replace('T', ' ').slice(0, 16)}</dd></div>
          </dl>
          <p>{t('wizard.receipt.next')}</p>
          <p class="row-buttons">
            <a class="btn" href={slipUrl(dossier.code, 'receipt')} target="_blank" rel="noopener" download={dossier.code + '.pdf'}>
              {t('wizard.receipt.pdf')}
            </a>
            <a class="btn btn--secondary" href={'/ho-so/' + encodeURIComponent(dossier.code)}>{t('wizard.receipt.follow')}</a>
          </p>
          <p class="small">{t('wizard.receipt.lookup')} <a href={'/tra-cuu/' + encodeURIComponent(dossier.code)}>{location.origin}/tra-cuu/{dossier.code}</a></p>
        </section>
      </>
    );
  }

  return (
    <>
      {heading}
      {step === 1 && (
        <form ref={f.form} class="card form" onSubmit={next1} noValidate aria-labelledby="s1-h">
          <h2 id="s1-h" class="step-title" tabIndex={-1}>{t('wizard.step.applicant')}</h2>
          {f.formError && <Alert>{tr(f.formError)}</Alert>}
          <ApplicantFields value={app} onChange={setApp} errors={f.errors} />
          <div class="row-buttons"><button type="submit" class="btn">{t('wizard.next')}</button></div>
        </form>
      )}
      {step === 2 && (
        <form class="card form" onSubmit={(e) => { e.preventDefault(); setStep(3); }} noValidate aria-labelledby="s2-h">
          <h2 id="s2-h" class="step-title" tabIndex={-1}>{t('wizard.step.files')}</h2>
          <p class="hint">{t('wizard.files.lead')}</p>
          {comps.length === 0 && <p class="muted">{t('common.none')}</p>}
          {comps.map((c, i) => (
            <fieldset class="component">
              <legend lang="vi">{c.name}</legend>
              <p class="small muted">{countLabel(c)}{c.required_online ? ' · ' + t('wizard.files.required') : ''}</p>
              <FilePicker index={i} label={c.name} files={files} onChange={setFiles} />
            </fieldset>
          ))}
          <div class="row-buttons">
            <button type="button" class="btn btn--secondary" onClick={() => setStep(1)}>{t('wizard.back')}</button>
            <button type="submit" class="btn">{t('wizard.next')}</button>
          </div>
        </form>
      )}
      {step === 3 && (
        <form ref={f.form} class="card form" aria-labelledby="s3-h" noValidate onSubmit={(e) => { e.preventDefault(); void submit(); }}>
          <h2 id="s3-h" class="step-title" tabIndex={-1}>{t('wizard.step.review')}</h2>
          {f.formError && <Alert>{tr(f.formError)}</Alert>}
          {uploadNote && <Alert>{tr(uploadNote)}</Alert>}
          <h3>{t('wizard.step.applicant')}</h3>
          <dl class="kv">
            <div><dt>{t('app.name')}</dt><dd>{app.name}</dd></div>
            <div><dt>{t('app.id_kind')}</dt><dd>{idLabel(app)}</dd></div>
            <div><dt>{t('app.phone')}</dt><dd>{app.phone}</dd></div>
            {app.email && <div><dt>{t('app.email')}</dt><dd>{app.email}</dd></div>}
            {app.address && <div><dt>{t('app.address')}</dt><dd>{app.address}</dd></div>}
          </dl>
          <h3>{t('proc.components')}</h3>
          <ComponentList items={comps} />
          <h3>{t('wizard.files')}</h3>
          {files.length ? (
            busy || dossier ? <UploadProgress files={files} /> : (
              <ul class="picked">{files.map((p) => <li>{p.file.name} <span class="muted">({formatSize(p.file.size)})</span></li>)}</ul>
            )
          ) : <p class="muted">{t('file.none')}</p>}
          <p class="hint">{t('wizard.review.confirm')}</p>
          <div class="row-buttons">
            {!dossier && <button type="button" class="btn btn--secondary" onClick={() => setStep(2)}>{t('wizard.back')}</button>}
            <button type="submit" class="btn btn--big" aria-disabled={busy ? 'true' : undefined}>
              {busy ? t('wizard.busy') : dossier && !filesReady ? t('wizard.retry') : t('wizard.submit')}
            </button>
            {dossier && !filesReady && (
              <button type="button" class="btn btn--secondary" onClick={() => setStep(4)}>{t('wizard.skip_files')}</button>
            )}
          </div>
        </form>
      )}
    </>
  );
}
