// /quan-tri/thu-tuc[?q=&page=] - the catalogue for its administrators: search,
// links to edit and create (ProcedureEdit), retire (DELETE /procedures/{code})
// and the import of a file (POST /procedures/import?format=) with its report.
import { useEffect, useState } from 'preact/hooks';
import { del, type List } from '../../api';
import { agencyTree, flatten, guessFormat, importProcedures, isSystemAdmin, may, scopeRoots, type Agency, type ImportReport } from '../../admin';
import { agencyName, levelLabel, onlineLabel, searchProcedures, type ProcedureSummary } from '../../catalogue';
import { SelectField } from '../../components/dossier';
import { Alert, ErrorBox, Loading, useFormErrors, useId, useTitle } from '../../components/ui';
import { msg, t, tr, useLang, type Msg } from '../../i18n';
import { navigate } from '../../router';
import type { PageProps } from '../../routes';
import { useSession, type Session } from '../../session';
import { Crumbs, Forbidden } from './common';
import { RequireSignIn } from './guard';

const PER_PAGE = 20;
const COUNTS = ['created', 'updated', 'unchanged', 'partial', 'failed'] as const;

/** Codes of the agencies a session may change procedures of (null: all). */
export function catalogueScope(tree: Agency[], s: Session | null): Set<string> | null {
  if (isSystemAdmin(s)) return null;
  return new Set(flatten(scopeRoots(tree, s, 'catalogue.manage')).map((x) => x.a.code));
}
const agencyCode = (p: ProcedureSummary) => (p.agency && typeof p.agency === 'object' ? p.agency.code : p.agency_code) ?? '';

function Report({ r }: { r: ImportReport }) {
  useLang();
  const listed = r.problems ?? [];
  return (
    <section aria-labelledby="import-report" class="section" id="import-report-box">
      <h3 id="import-report" tabIndex={-1}>{t('import.report')}</h3>
      <dl class="facts counts-report">
        {COUNTS.map((k) => (
          <div data-count={k}><dt>{t(('import.' + k) as 'import.created')}</dt><dd>{r[k] ?? 0}</dd></div>
        ))}
      </dl>
      {!listed.length ? <p>{t('import.noproblems')}</p> : (
        <>
          <p>{t('import.problems', { n: listed.length })}</p>
          <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="import-report">
            <table class="table" id="import-problems">
              <thead><tr><th scope="col">{t('import.line')}</th><th scope="col">{t('import.record')}</th><th scope="col">{t('import.message')}</th></tr></thead>
              <tbody>
                {listed.map((p) => (
                  <tr><td>{p.line ?? '—'}</td><td>{p.record ?? '—'}</td><td>{tr({ vi: p.message, en: p.message_en || p.message })}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function ImportForm({ done }: { done: () => void }) {
  useLang();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState('csv');
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const f = useFormErrors(['file', 'format']);
  const id = useId('file');

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    if (!file) return f.set({ file: msg('import.file.required') });
    setBusy(true);
    setReport(null);
    f.clear();
    try {
      const r = await importProcedures(file, format);
      setReport(r);
      requestAnimationFrame(() => document.getElementById('import-report')?.focus());
      done();
    } catch (err) {
      f.fail(err);
    }
    setBusy(false);
  }

  return (
    <section aria-labelledby="import-title" class="section">
      <h2 id="import-title">{t('import.title')}</h2>
      <p class="hint">{t('import.help')}</p>
      <form ref={f.form} class="card form form--inline" onSubmit={submit} noValidate aria-labelledby="import-title">
        {f.formError && <Alert>{tr(f.formError)}</Alert>}
        <div class={'field' + (f.errors.file ? ' field--error' : '')}>
          <label for={id}>{t('import.file')}<span class="req" aria-hidden="true"> *</span></label>
          {f.errors.file && <p class="field-error" id={id + '-error'} data-field="file"><span aria-hidden="true">⚠ </span>{tr(f.errors.file)}</p>}
          <input type="file" id={id} name="file" accept=".csv,.json,.jsonl,.ndjson,text/csv,application/json"
            aria-invalid={f.errors.file ? 'true' : undefined} aria-describedby={f.errors.file ? id + '-error' : undefined} aria-required="true"
            onChange={(e) => {
              const fl = (e.currentTarget as HTMLInputElement).files?.[0] ?? null;
              setFile(fl);
              if (fl) setFormat(guessFormat(fl.name));
            }} />
        </div>
        <SelectField name="format" label={t('import.format')} value={format} onValue={setFormat} error={f.errors.format}
          options={[['csv', t('import.format.csv')], ['json', t('import.format.json')], ['scrape', t('import.format.scrape')]]} />
        <button type="submit" class="btn" aria-disabled={busy ? 'true' : undefined}>{busy ? t('import.busy') : t('import.submit')}</button>
      </form>
      {report && <Report r={report} />}
    </section>
  );
}

export default function Procedures({ query }: PageProps) {
  useLang();
  useTitle(t('admin.procedures'));
  const { session, ready } = useSession();
  const q = query.get('q') ?? '';
  const page = Math.max(1, parseInt(query.get('page') ?? '', 10) || 1);
  const [text, setText] = useState(q);
  const [list, setList] = useState<List<ProcedureSummary> | null>(null);
  const [tree, setTree] = useState<Agency[] | null>(null);
  const [err, setErr] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [confirm, setConfirm] = useState<ProcedureSummary | null>(null);
  const [note, setNote] = useState<Msg | null>(null);
  const [retireErr, setRetireErr] = useState<Msg | null>(null);

  useEffect(() => {
    const c = new AbortController();
    agencyTree(c.signal).then(setTree, () => setTree([]));
    return () => c.abort();
  }, []);
  useEffect(() => {
    const c = new AbortController();
    setErr(null);
    searchProcedures({ q, page, per_page: PER_PAGE }, c.signal).then(setList, (e) => !c.signal.aborted && setErr(e));
    return () => c.abort();
  }, [q, page, tick]);

  if (!ready) return null;
  if (!session) return <RequireSignIn />;
  if (!may(session, 'catalogue.manage'))
    return (<><Crumbs here={t('admin.procedures')} /><h1 tabIndex={-1}>{t('admin.procedures')}</h1><Forbidden /></>);
  const scope = tree ? catalogueScope(tree, session) : new Set<string>();
  const mine = (p: ProcedureSummary) => !scope || scope.has(agencyCode(p));
  const go = (nq: string, np: number) => navigate('/quan-tri/thu-tuc' + (nq || np > 1 ? '?' + new URLSearchParams({ ...(nq ? { q: nq } : {}), ...(np > 1 ? { page: String(np) } : {}) }) : ''));
  const pages = list?.total ? Math.ceil(list.total / PER_PAGE) : 1;

  async function retire(p: ProcedureSummary) {
    setRetireErr(null);
    try {
      await del('/procedures/' + encodeURIComponent(p.code));
      setConfirm(null);
      setNote(msg('procadmin.retired', { code: p.code, name: p.name }));
      setTick((x) => x + 1);
    } catch (e) {
      setRetireErr(e instanceof Error && 'msg' in e ? (e as { msg: Msg }).msg : msg('error.generic'));
    }
  }

  return (
    <>
      <Crumbs here={t('admin.procedures')} />
      <h1 tabIndex={-1}>{t('admin.procedures')}</h1>
      <p class="lead">{t('procadmin.lead')}</p>
      <p><a class="btn btn--secondary" href="/quan-tri/thu-tuc/moi">{t('procadmin.create')}</a></p>
      {note && <Alert kind="success" focus key={note.vi}>{tr(note)}</Alert>}
      <form class="inline-search" role="search" onSubmit={(e) => { e.preventDefault(); setNote(null); go(text.trim(), 1); }}>
        <label for="proc-q">{t('procadmin.search')}</label>
        <div class="search-row">
          <input id="proc-q" type="search" name="q" value={text} onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)} />
          <button type="submit" class="btn">{t('search.button')}</button>
        </div>
      </form>
      {err ? <ErrorBox error={err} retry={() => setTick((x) => x + 1)} /> : !list ? <Loading /> : (
        <section aria-labelledby="proc-list" class="section">
          <h2 id="proc-list" class="h-small">{t('procadmin.count', { n: list.total ?? list.items.length })}</h2>
          {confirm && (
            <div class="card confirm" role="group" aria-labelledby="retire-q">
              <p id="retire-q"><strong>{t('procadmin.retire.confirm', { code: confirm.code })}</strong> <span lang="vi">{confirm.name}</span></p>
              <p class="hint">{t('procadmin.retire.help')}</p>
              {retireErr && <Alert>{tr(retireErr)}</Alert>}
              <div class="row-buttons">
                <button type="button" class="btn" onClick={() => retire(confirm)}>{t('procadmin.retire.yes')}</button>
                <button type="button" class="btn btn--secondary" onClick={() => setConfirm(null)}>{t('action.cancel')}</button>
              </div>
            </div>
          )}
          <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="proc-list">
            <table class="table" id="proc-table">
              <thead>
                <tr><th scope="col">{t('procadmin.code')}</th><th scope="col">{t('procadmin.name')}</th><th scope="col">{t('procadmin.agency')}</th><th scope="col">{t('procadmin.level')}</th><th scope="col">{t('cal.actions')}</th></tr>
              </thead>
              <tbody>
                {list.items.map((p) => (
                  <tr data-code={p.code}>
                    <td>{p.code}</td>
                    <th scope="row" lang="vi"><a href={'/thu-tuc/' + encodeURIComponent(p.code)}>{p.name}</a></th>
                    <td lang="vi">{agencyName(p)}</td>
                    <td>{levelLabel(p)}<br /><span class="muted small">{onlineLabel(p.online_kind)}</span></td>
                    <td>
                      {mine(p) && (
                        <span class="row-buttons">
                          <a href={'/quan-tri/thu-tuc/' + encodeURIComponent(p.code)}>{t('procadmin.edit')}<span class="sr-only"> {p.code}</span></a>
                          <button type="button" class="link-btn danger" onClick={() => { setRetireErr(null); setConfirm(p); requestAnimationFrame(() => document.querySelector<HTMLElement>('.confirm .btn')?.focus()); }}>
                            {t('procadmin.retire')}<span class="sr-only"> {p.code}</span>
                          </button>
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pages > 1 && (
            <nav class="pager" aria-label={t('procadmin.pages')}>
              {page > 1 && <button type="button" class="btn btn--secondary" onClick={() => go(q, page - 1)}>← {t('procadmin.prev')}</button>}
              <span>{t('procadmin.page', { page, pages })}</span>
              {page < pages && <button type="button" class="btn btn--secondary" onClick={() => go(q, page + 1)}>{t('procadmin.next')} →</button>}
            </nav>
          )}
        </section>
      )}
      <ImportForm done={() => setTick((x) => x + 1)} />
    </>
  );
}
