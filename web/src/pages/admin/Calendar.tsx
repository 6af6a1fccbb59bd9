// /quan-tri/lich[?year=2026] - the working calendar of a year as twelve month
// grids (GET /calendar/holidays?year=), with the days off and make-up days
// that system administrators add and remove (/calendar/overrides).
import { useEffect, useMemo, useState } from 'preact/hooks';
import { del, get, post, type List } from '../../api';
import { Alert, ErrorBox, Field, Loading, useFormErrors, useTitle } from '../../components/ui';
import { formatDate, monthName, msg, t, tr, useLang, type Key, type Msg } from '../../i18n';
import { navigate } from '../../router';
import type { PageProps } from '../../routes';
import { hasRole, useSession } from '../../session';
import { RequireSignIn } from './guard';

interface Day {
  date: string;
  name: string;
  kind: string; // holiday | tet | compensatory | override_off | override_work (and weekend, work)
}

const pad = (n: number) => (n < 10 ? '0' : '') + n;
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const kindLabel = (k: string) => t(('cal.kind.' + k) as Key) || k;

function Month({ year, month, days }: { year: number; month: number; days: Map<string, Day> }) {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const lead = (first.getUTCDay() + 6) % 7; // Monday first
  const n = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const short = t('cal.weekdays').split(','), long = t('cal.weekdays.long').split(',');
  const cells: (number | null)[] = [...Array(lead).fill(null), ...Array.from({ length: n }, (_, i) => i + 1)];
  while (cells.length % 7) cells.push(null);
  const rows: (number | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) rows.push(cells.slice(i, i + 7));
  return (
    <table class="month">
      <caption>{monthName(month)}</caption>
      <thead>
        <tr>{short.map((s, i) => <th scope="col" abbr={long[i]}>{s}</th>)}</tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            {r.map((d, i) => {
              if (!d) return <td class="empty" />;
              const date = iso(year, month, d);
              const info = days.get(date);
              const kind = info?.kind ?? (i >= 5 ? 'weekend' : 'work');
              const label = info ? `${formatDate(date)}: ${info.name} (${kindLabel(kind)})` : undefined;
              return (
                <td class={'day day--' + kind} data-date={date} title={label}>
                  {label ? <><span aria-hidden="true">{d}</span><span class="sr-only">{label}</span></> : d}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function Calendar({ query }: PageProps) {
  useLang();
  const { session, ready } = useSession();
  const now = new Date().getFullYear();
  const year = Math.min(2199, Math.max(1900, parseInt(query.get('year') ?? '', 10) || now));
  useTitle(t('cal.title', { year }));
  const [days, setDays] = useState<Day[] | null>(null);
  const [err, setErr] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [note, setNote] = useState<Msg | null>(null);
  const [noteFocus, setNoteFocus] = useState(false);
  const [date, setDate] = useState('');
  const [kind, setKind] = useState<'off' | 'work'>('off');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const f = useFormErrors(['date', 'kind', 'name']);
  const admin = hasRole(session, 'system_admin');

  const load = (signal?: AbortSignal) =>
    get<List<Day>>('/calendar/holidays', { query: { year }, signal }).then((r) => setDays(r.items));

  useEffect(() => {
    const c = new AbortController();
    setErr(null);
    load(c.signal).catch((e) => !c.signal.aborted && setErr(e));
    return () => c.abort();
  }, [year, tick]);

  const map = useMemo(() => new Map((days ?? []).map((d) => [d.date, d])), [days]);
  const workdays = useMemo(() => {
    let n = 0;
    for (let m = 1; m <= 12; m++) {
      const len = new Date(Date.UTC(year, m, 0)).getUTCDate();
      for (let d = 1; d <= len; d++) {
        const k = map.get(iso(year, m, d))?.kind;
        const wd = (new Date(Date.UTC(year, m - 1, d)).getUTCDay() + 6) % 7;
        if (k ? k === 'override_work' || k === 'work' : wd < 5) n++;
      }
    }
    return n;
  }, [map, year]);

  if (!ready) return null;
  if (!session) return <RequireSignIn />;

  async function add(e: Event) {
    e.preventDefault();
    if (busy || !f.require({ date }, { date: t('cal.date') })) return;
    setBusy(true);
    setNote(null);
    try {
      await post('/calendar/overrides', { date, kind, name: name.trim() || undefined });
      f.clear();
      await load().catch(setErr);
      setNoteFocus(false);
      setNote(msg('cal.added', { date: formatDate(date) }));
      setDate('');
      setName('');
    } catch (err) {
      f.fail(err);
    }
    setBusy(false);
  }

  async function remove(d: Day) {
    setNote(null);
    try {
      await del('/calendar/overrides/' + d.date);
      await load().catch(setErr);
      setNoteFocus(true); // the button pressed is gone: the note takes the focus
      setNote(msg('cal.removed', { date: formatDate(d.date) }));
    } catch (err) {
      setErr(err);
    }
  }

  const go = (y: number) => navigate('/quan-tri/lich?year=' + y);
  const listed = (days ?? []).filter((d) => d.kind !== 'weekend' && d.kind !== 'work');

  return (
    <>
      <nav class="crumbs" aria-label="breadcrumb">
        <ol>
          <li><a href="/quan-tri">{t('admin.title')}</a></li>
          <li><span aria-current="page">{t('admin.calendar')}</span></li>
        </ol>
      </nav>
      <h1 tabIndex={-1}>{t('cal.title', { year })}</h1>
      <div class="year-nav">
        <button type="button" class="btn btn--secondary" onClick={() => go(year - 1)}>← {t('cal.prev')} ({year - 1})</button>
        <button type="button" class="btn btn--secondary" onClick={() => go(year + 1)}>{t('cal.next')} ({year + 1}) →</button>
      </div>
      {note && <Alert kind="success" focus={noteFocus} key={note.vi}>{tr(note)}</Alert>}
      {err ? <ErrorBox error={err} retry={() => setTick((x) => x + 1)} /> : !days ? <Loading /> : (
        <>
          <p class="muted">{t('cal.workdays', { n: workdays })}</p>
          <h2 class="h-small" id="legend">{t('cal.legend')}</h2>
          <ul class="legend" aria-labelledby="legend">
            {['work', 'weekend', 'holiday', 'tet', 'compensatory', 'override_off', 'override_work'].map((k) => (
              <li><span class={'swatch day--' + k} aria-hidden="true" />{kindLabel(k)}</li>
            ))}
          </ul>
          <div class="year-grid">
            {Array.from({ length: 12 }, (_, i) => <Month year={year} month={i + 1} days={map} />)}
          </div>
          <section aria-labelledby="cal-days" class="section">
            <h2 id="cal-days">{t('cal.days')}</h2>
            <div class="table-wrap">
              <table class="table" id="cal-table">
                <thead>
                  <tr><th scope="col">{t('cal.date')}</th><th scope="col">{t('cal.name')}</th><th scope="col">{t('cal.kind')}</th>{admin && <th scope="col">{t('cal.actions')}</th>}</tr>
                </thead>
                <tbody>
                  {listed.map((d) => (
                    <tr data-date={d.date}>
                      <td>{formatDate(d.date)}</td>
                      <td lang="vi">{d.name}</td>
                      <td><span class={'swatch day--' + d.kind} aria-hidden="true" />{kindLabel(d.kind)}</td>
                      {admin && (
                        <td>
                          {d.kind.startsWith('override_') && (
                            <button type="button" class="link-btn danger" onClick={() => remove(d)}>
                              {t('cal.remove', { date: formatDate(d.date) })}
                            </button>
                          )}
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
      <section aria-labelledby="cal-add" class="section">
        <h2 id="cal-add">{t('cal.add')}</h2>
        {!admin ? <p>{t('cal.readonly')}</p> : (
          <form ref={f.form} class="card form form--inline" onSubmit={add} noValidate>
            {f.formError && <Alert>{tr(f.formError)}</Alert>}
            <Field name="date" type="date" label={t('cal.date')} value={date} onValue={setDate} error={f.errors.date}
              min={`${year}-01-01`} max={`${year}-12-31`} required />
            <fieldset class="radios">
              <legend>{t('cal.kind')}</legend>
              {(['off', 'work'] as const).map((k) => (
                <div class="check">
                  <input type="radio" id={'ov-' + k} name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                  <label for={'ov-' + k}>{t(k === 'off' ? 'cal.add.kind.off' : 'cal.add.kind.work')}</label>
                </div>
              ))}
              {f.errors.kind && <p class="field-error">{tr(f.errors.kind)}</p>}
            </fieldset>
            <Field name="name" label={t('cal.name')} hint={t('cal.add.name.hint')} value={name} onValue={setName}
              error={f.errors.name} maxLength={200} />
            <button type="submit" class="btn" aria-disabled={busy ? 'true' : undefined}>{t('cal.add.submit')}</button>
          </form>
        )}
      </section>
    </>
  );
}
