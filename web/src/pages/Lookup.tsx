// /tra-cuu[/:code] - public lookup of a dossier by its code and the last four
// digits of the applicant's phone or ID number (GET /lookup/{code}?verify=).
// The receipt's QR code opens /tra-cuu/<code>, so only the digits are asked.
import { useState } from 'preact/hooks';
import { Alert, Field, useFormErrors, useTitle } from '../components/ui';
import { deadline, deadlineLabel, formatDateTime, lookup, statusLabel, type LookupAnswer } from '../dossier';
import { t, tr, useLang } from '../i18n';
import type { PageProps } from '../routes';

export function Lookup({ params }: PageProps) {
  useLang();
  useTitle(t('lookup.title'));
  const [code, setCode] = useState(params.code ?? '');
  const [verify, setVerify] = useState('');
  const [busy, setBusy] = useState(false);
  const [res, setRes] = useState<LookupAnswer | null>(null);
  const f = useFormErrors(['code', 'verify']);
  const fixed = !!params.code;

  async function submit(e: Event) {
    e.preventDefault();
    const labels = { code: t('lookup.code'), verify: t('lookup.verify') };
    if (busy || !f.require({ code, verify }, labels)) return;
    setBusy(true);
    setRes(null);
    try {
      const r = await lookup(code.trim(), verify.trim());
      f.clear();
      setRes(r);
      // The address becomes the QR link's (shareable), without remounting the page and losing the answer.
      if (!fixed) history.replaceState(null, '', '/tra-cuu/' + encodeURIComponent(code.trim()));
      requestAnimationFrame(() => document.getElementById('lookup-result')?.focus());
    } catch (err) {
      f.fail(err);
    }
    setBusy(false);
  }

  const k = res ? deadline({ status: res.status, due_at: res.due_at, paused: res.status === 5 || res.status === 6 }) : '';
  return (
    <section class="narrow">
      <h1 tabIndex={-1}>{t('lookup.title')}</h1>
      <p class="lead">{fixed ? t('lookup.lead.code') : t('lookup.lead')}</p>
      <form ref={f.form} class="card form" onSubmit={submit} noValidate>
        {f.formError && <Alert>{tr(f.formError)}</Alert>}
        {fixed ? (
          <p class="lookup-code"><span class="muted">{t('lookup.code')}:</span> <strong>{code}</strong></p>
        ) : (
          <Field name="code" label={t('lookup.code')} hint={t('lookup.code.hint')} value={code} onValue={setCode}
            error={f.errors.code} required autoCapitalize="characters" spellcheck={false} autoComplete="off" />
        )}
        <Field name="verify" label={t('lookup.verify')} hint={t('lookup.verify.hint')} value={verify} onValue={setVerify}
          error={f.errors.verify} required inputMode="numeric" maxLength={4} pattern="[0-9]*" autoComplete="off" class="code-input" />
        <button type="submit" class="btn btn--block" aria-disabled={busy ? 'true' : undefined}>
          {busy ? t('lookup.busy') : t('lookup.submit')}
        </button>
      </form>
      {res && (
        <section class="card lookup-result" id="lookup-result" tabIndex={-1} aria-labelledby="lookup-result-h">
          <h2 id="lookup-result-h">{t('lookup.result', { code: res.code })}</h2>
          <dl class="kv">
            <div><dt>{t('dossier.procedure')}</dt><dd lang="vi">{res.procedure_name}</dd></div>
            <div><dt>{t('dossier.agency')}</dt><dd lang="vi">{res.agency_name}</dd></div>
            <div><dt>{t('dossier.status')}</dt><dd><span class={'status status--' + res.status}>{statusLabel(res.status)}</span></dd></div>
            {res.received_at && <div><dt>{t('dossier.received')}</dt><dd>{formatDateTime(res.received_at)}</dd></div>}
            {res.due_at && (
              <div><dt>{t('dossier.due')}</dt><dd><span class={'due due--' + k}>{formatDateTime(res.due_at)}{k && k !== 'ok' &&
                <span class="due-tag">{deadlineLabel(k)}</span>}</span></dd></div>
            )}
            {res.finished_at && <div><dt>{t('dossier.finished')}</dt><dd>{formatDateTime(res.finished_at)}</dd></div>}
            {res.delivered_at && <div><dt>{t('dossier.delivered')}</dt><dd>{formatDateTime(res.delivered_at)}</dd></div>}
          </dl>
        </section>
      )}
    </section>
  );
}
