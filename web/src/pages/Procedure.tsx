// /thu-tuc/:code - everything a citizen needs before applying: who, where,
// how long and how much per channel, the documents, the legal basis, and
// "submit online" when the procedure accepts it.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api';
import {
  acceptsOnline, channelLabel, channelNo, countLabel, feeLabel, getProcedure, levelLabel, onlineLabel, timeLabel,
  type Procedure as Proc,
} from '../catalogue';
import { ErrorBox, Loading, useTitle } from '../components/ui';
import { t, useLang } from '../i18n';
import type { PageProps } from '../routes';
import { useSession } from '../session';

function Text({ text }: { text?: string | null }) {
  if (!text) return <p class="muted">{t('common.none')}</p>;
  return <div lang="vi">{text.split(/\n+/).map((line) => <p>{line}</p>)}</div>;
}

function Section({ id, title, children }: { id: string; title: string; children: preact.ComponentChildren }) {
  return (
    <section class="proc-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

export function Procedure({ params }: PageProps) {
  useLang();
  const code = params.code;
  const [p, setP] = useState<Proc | null>(null);
  const [err, setErr] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const { session } = useSession();
  useTitle(p?.name ?? code);

  useEffect(() => {
    const c = new AbortController();
    setErr(null);
    getProcedure(code, c.signal).then(setP, (e) => !c.signal.aborted && setErr(e));
    return () => c.abort();
  }, [code, tick]);

  if (err) {
    const nf = err instanceof ApiError && err.status === 404;
    return (
      <>
        <h1 tabIndex={-1}>{nf ? t('notfound.title') : code}</h1>
        {nf ? <p>{t('proc.notfound', { code })}</p> : <ErrorBox error={err} retry={() => setTick(tick + 1)} />}
        <p><a href="/thu-tuc">← {t('nav.procedures')}</a></p>
      </>
    );
  }
  if (!p) return <Loading />;

  const channels = [...(p.channels ?? [])].sort((a, b) => channelNo(a) - channelNo(b));
  const components = p.components ?? [];
  const legal = p.legal_basis ?? p.legal ?? [];
  const results = p.results ?? [];
  const online = acceptsOnline(p);
  const hasDesc = channels.some((c) => c.description);
  const hasForm = components.some((c) => c.form);
  const submitHref = '/nop-ho-so/' + encodeURIComponent(p.code);
  const agencies: [string, string | null | undefined][] = [
    [t('proc.agency.competent'), p.agency_competent],
    [t('proc.agency.executing'), p.agency_executing],
    [t('proc.agency.delegated'), p.agency_delegated],
    [t('proc.agency.coordinating'), p.agency_coordinating],
    [t('proc.address'), p.address],
  ];

  return (
    <article class="procedure">
      <nav class="crumbs" aria-label="breadcrumb">
        <ol>
          <li><a href="/">{t('nav.home')}</a></li>
          <li><a href="/thu-tuc">{t('nav.procedures')}</a></li>
          <li><span aria-current="page">{p.code}</span></li>
        </ol>
      </nav>
      <h1 tabIndex={-1} lang="vi">{p.name}</h1>
      <dl class="facts">
        <div><dt>{t('proc.code')}</dt><dd>{p.code}</dd></div>
        {p.field && <div><dt>{t('proc.field')}</dt><dd lang="vi">{p.field}</dd></div>}
        {levelLabel(p) && <div><dt>{t('proc.level')}</dt><dd>{levelLabel(p)}</dd></div>}
        {onlineLabel(p.online_kind) && <div><dt>{t('proc.online')}</dt><dd>{onlineLabel(p.online_kind)}</dd></div>}
        {p.decision && <div><dt>{t('proc.decision')}</dt><dd lang="vi">{p.decision}</dd></div>}
      </dl>
      <div class="submit-box">
        {online ? (
          <a class="btn btn--big" href={session ? submitHref : '/dang-nhap?next=' + encodeURIComponent(submitHref)}>
            {session ? t('proc.submit') : t('proc.submit.signin')}
          </a>
        ) : (
          <p>{t('proc.submit.no')}</p>
        )}
      </div>

      <div>
        <Section id="s-who" title={t('proc.who')}>
          <Text text={p.applicants} />
        </Section>
        <Section id="s-where" title={t('proc.where')}>
          <dl class="kv">
            {agencies.filter(([, v]) => v).map(([k, v]) => <div><dt>{k}</dt><dd lang="vi">{v}</dd></div>)}
          </dl>
        </Section>
        <Section id="s-channels" title={t('proc.channels')}>
          {channels.length ? (
            <div class="table-wrap">
              <table class="table channels">
                <thead>
                  <tr><th scope="col">{t('proc.channel')}</th><th scope="col">{t('proc.time')}</th><th scope="col">{t('proc.fee')}</th>{hasDesc && <th scope="col">{t('proc.description')}</th>}</tr>
                </thead>
                <tbody>
                  {channels.map((c) => (
                    <tr>
                      <th scope="row">{channelLabel(c)}</th>
                      <td data-label={t('proc.time')}>{timeLabel(c)}</td>
                      <td data-label={t('proc.fee')}>{feeLabel(c)}</td>
                      {hasDesc && <td data-label={t('proc.description')} lang="vi">{c.description || ''}</td>}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : <p class="muted">{t('common.none')}</p>}
        </Section>
        <Section id="s-components" title={t('proc.components')}>
          {components.length ? (
            <div class="table-wrap">
              <table class="table components">
                <thead>
                  <tr><th scope="col">{t('proc.component')}</th>{hasForm && <th scope="col">{t('proc.form')}</th>}<th scope="col">{t('proc.count')}</th></tr>
                </thead>
                <tbody>
                  {components.map((c) => (
                    <tr>
                      <td lang="vi">{c.group ? <span class="muted small">{c.group}<br /></span> : null}{c.name}</td>
                      {hasForm && <td data-label={t('proc.form')}>{c.form || ''}</td>}
                      <td data-label={t('proc.count')}>{countLabel(c)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : <p class="muted">{t('common.none')}</p>}
        </Section>
        <Section id="s-steps" title={t('proc.steps')}>
          <Text text={p.steps} />
        </Section>
        {p.requirements && (
          <Section id="s-req" title={t('proc.requirements')}>
            <Text text={p.requirements} />
          </Section>
        )}
        <Section id="s-legal" title={t('proc.legal')}>
          {legal.length ? (
            <ul class="legal" lang="vi">
              {legal.map((l) => <li>{l.symbol && <strong>{l.symbol}</strong>}{l.symbol && l.title ? ' — ' : ''}{l.title}</li>)}
            </ul>
          ) : <p class="muted">{t('common.none')}</p>}
        </Section>
        <Section id="s-results" title={t('proc.results')}>
          {results.length ? (
            <ul lang="vi">{results.map((r) => <li>{r.name}{r.code ? ` (${r.code})` : ''}</li>)}</ul>
          ) : <Text text={p.result} />}
        </Section>
      </div>
    </article>
  );
}
