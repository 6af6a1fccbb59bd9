// /ho-so/:code - one dossier for whoever may see it (the applicant, the desk,
// the processing agency): status and the expected completion date, the
// applicant, components, files with preview, workflow steps, slips, the full
// timeline, and the actions the API allows this caller now. After an action
// that issues a slip, its PDF is one click away.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api';
import {
  ActionPanel, ComponentList, DueBadge, FileList, SlipLinks, StatusBadge, StepsTable, Timeline,
} from '../../components/dossier';
import { Alert, ErrorBox, Loading, useTitle } from '../../components/ui';
import {
  channelName, formatDateTime, getDossier, getHistory, idLabel, listFiles, slipLabel, slipUrl,
  type Dossier, type DossierFile, type HistoryRow,
} from '../../dossier';
import { t, tr, useLang, type Msg } from '../../i18n';
import type { PageProps } from '../../routes';
import { isStaff, useSession } from '../../session';
import { RequireSignIn } from '../admin/guard';

function Section({ id, title, children }: { id: string; title: string; children: preact.ComponentChildren }) {
  return (
    <section class="proc-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

export default function DossierPage({ params }: PageProps) {
  useLang();
  const code = params.code;
  useTitle(t('dossier.title', { code }));
  const { session, ready } = useSession();
  const [d, setD] = useState<Dossier | null>(null);
  const [hist, setHist] = useState<HistoryRow[]>([]);
  const [files, setFiles] = useState<DossierFile[] | null>(null);
  const [filesApi, setFilesApi] = useState(true);
  const [err, setErr] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [note, setNote] = useState<{ m: Msg; slip: string | null } | null>(null);
  /* true while the dossier is fetched again after an action: the allowed
   * actions may change, so the page says so (aria-busy) until they are current */
  const [refreshing, setRefreshing] = useState(false);

  useEffect(() => {
    if (!session) return;
    const c = new AbortController();
    setErr(null);
    Promise.all([getDossier(code, c.signal), getHistory(code, c.signal)]).then(([x, h]) => {
      setD(x);
      setHist(h.items);
      setRefreshing(false);
    }, (e) => {
      if (c.signal.aborted) return;
      setErr(e);
      setRefreshing(false);
    });
    listFiles(code, c.signal).then((r) => setFiles(r.items), (e) => {
      if (c.signal.aborted) return;
      if (e instanceof ApiError && (e.missingRoute || e.status === 405)) setFilesApi(false);
      setFiles([]);
    });
    return () => c.abort();
  }, [code, tick, session]);

  if (!ready) return null;
  if (!session) return <RequireSignIn />;
  if (err) {
    const nf = err instanceof ApiError && err.status === 404;
    return (
      <>
        <h1 tabIndex={-1}>{t('dossier.title', { code })}</h1>
        {nf ? <p>{t('dossier.notfound', { code })}</p> : <ErrorBox error={err} retry={() => setTick(tick + 1)} />}
      </>
    );
  }
  if (!d) return <Loading />;
  const staff = isStaff(session);
  const back = staff ? (session.roles.some((g) => g.role === 'desk_officer') ? ['/mot-cua', t('nav.desk')] : ['/xu-ly', t('nav.inbox')])
    : ['/ho-so', t('nav.mydossiers')];

  return (
    <article class="dossier" aria-busy={refreshing ? 'true' : undefined}>
      <nav class="crumbs" aria-label="breadcrumb">
        <ol>
          <li><a href={back[0]}>{back[1]}</a></li>
          <li><span aria-current="page">{d.code}</span></li>
        </ol>
      </nav>
      <h1 tabIndex={-1}>{t('dossier.title', { code: d.code })}</h1>
      <p class="lead" lang="vi">{d.procedure_name}</p>
      {note && (
        <Alert kind="success" focus key={note.m.vi}>
          <p>{tr(note.m)}</p>
          {note.slip && (
            <p><a class="btn" href={slipUrl(d.code, note.slip)} target="_blank" rel="noopener" data-slip={note.slip}>
              {t('slip.print', { name: slipLabel(note.slip) })}
            </a></p>
          )}
        </Alert>
      )}
      <dl class="facts dossier-facts">
        <div><dt>{t('dossier.status')}</dt><dd><StatusBadge status={d.status} /></dd></div>
        <div><dt>{t('dossier.due')}</dt><dd><DueBadge d={d} /></dd></div>
        {staff && d.internal_due_at && <div><dt>{t('dossier.internal_due')}</dt><dd>{formatDateTime(d.internal_due_at)}</dd></div>}
        <div><dt>{t('dossier.channel')}</dt><dd>{channelName(d.channel)}</dd></div>
        {d.submitted_at && <div><dt>{t('dossier.submitted')}</dt><dd>{formatDateTime(d.submitted_at)}</dd></div>}
        {d.received_at && <div><dt>{t('dossier.received')}</dt><dd>{formatDateTime(d.received_at)}</dd></div>}
        {d.finished_at && <div><dt>{t('dossier.finished')}</dt><dd>{formatDateTime(d.finished_at)}</dd></div>}
        {d.delivered_at && <div><dt>{t('dossier.delivered')}</dt><dd>{formatDateTime(d.delivered_at)}</dd></div>}
        {d.result_code && <div><dt>{t('dossier.result_code')}</dt><dd>{d.result_code}</dd></div>}
        {d.rating != null && <div><dt>{t('dossier.rating')}</dt><dd data-rating={d.rating}>{t('dossier.rating.value', { n: d.rating })}</dd></div>}
      </dl>
      {d.paused && <Alert kind="info">{t('dossier.paused.note')}</Alert>}
      {d.status === 1 && !staff && <Alert kind="info">{t('dossier.submitted.note')}</Alert>}
      {d.stuck && staff && <Alert kind="info">{t('dossier.stuck')}</Alert>}

      <Section id="s-actions" title={t('dossier.actions')}>
        <ActionPanel d={d} files={{ enabled: filesApi }} onDone={(x, m) => {
          setNote({ m, slip: x.slip ?? null });
          setRefreshing(true);
          setTick(tick + 1);
        }} />
      </Section>

      <div class="dossier-grid">
        <Section id="s-applicant" title={t('dossier.applicant')}>
          <dl class="kv">
            <div><dt>{t('app.name')}</dt><dd>{d.applicant.name}</dd></div>
            <div><dt>{t('app.id_kind')}</dt><dd>{idLabel(d.applicant)}</dd></div>
            <div><dt>{t('app.phone')}</dt><dd>{d.applicant.phone}</dd></div>
            {d.applicant.email && <div><dt>{t('app.email')}</dt><dd>{d.applicant.email}</dd></div>}
            {d.applicant.address && <div><dt>{t('app.address')}</dt><dd>{d.applicant.address}</dd></div>}
            {d.postal_tracking && <div><dt>{t('desk.tracking')}</dt><dd>{d.postal_tracking}</dd></div>}
          </dl>
        </Section>
        <Section id="s-components" title={t('proc.components')}>
          <ComponentList items={d.components} />
        </Section>
      </div>
      <Section id="s-files" title={t('wizard.files')}>
        {!filesApi ? <p class="muted">{t('file.unavailable')}</p> : files ? <FileList files={files} components={d.components} /> : <Loading />}
      </Section>
      {staff && d.steps && d.steps.length > 0 && (
        <Section id="s-steps" title={t('dossier.steps')}>
          <StepsTable steps={d.steps} />
        </Section>
      )}
      <Section id="s-slips" title={t('slip.title')}>
        <SlipLinks code={d.code} history={hist} />
      </Section>
      <Section id="s-history" title={t('dossier.history')}>
        <Timeline items={hist} />
      </Section>
    </article>
  );
}
