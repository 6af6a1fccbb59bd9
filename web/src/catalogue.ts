// catalogue.ts - the procedure catalogue as the API returns it
// (GET /api/v1/procedures, /procedures/{code}; docs/internals/catalogue.md
// for the model). Readers are tolerant: numbers or names for channels,
// level as codes or text, lists under several names.
import { get, type List } from './api';
import { t, type Key } from './i18n';

export interface Channel {
  channel: number | string;
  time_amount?: number | null;
  time_unit?: string | null;
  time_text?: string | null;
  fee_vnd?: number | null;
  fee_text?: string | null;
  description?: string | null;
}
export interface Component {
  group?: string | null;
  name: string;
  form?: string | null;
  originals?: number | null;
  copies?: number | null;
  photocopies?: number | null;
  required_online?: boolean;
}
export interface Legal {
  symbol?: string | null;
  title?: string | null;
  date?: string | null;
}
export interface Result {
  name: string;
  code?: string | null;
}
export interface ProcedureSummary {
  code: string;
  name: string;
  field?: string | null;
  level?: string | string[] | null;
  level_text?: string | null;
  level_codes?: string[];
  online_kind?: number | null;
  agency_competent?: string | null;
  agency_code?: string | null;
  agency?: { id: number; code: string; name: string } | string | null;
}
export interface Procedure extends ProcedureSummary {
  decision?: string | null;
  kind?: string | null;
  applicants?: string | null;
  agency_executing?: string | null;
  agency_delegated?: string | null;
  agency_coordinating?: string | null;
  address?: string | null;
  steps?: string | null;
  requirements?: string | null;
  related?: string | null;
  channels?: Channel[];
  components?: Component[];
  legal_basis?: Legal[];
  legal?: Legal[];
  results?: Result[];
  result?: string | null;
}

export interface SearchQuery {
  q?: string;
  field?: string;
  level?: string;
  agency?: string;
  online?: string; // online kind: 4 fully, 3 partly, 2 not online; '' any
  page?: number;
  per_page?: number;
}

export function searchProcedures(q: SearchQuery, signal?: AbortSignal) {
  return get<List<ProcedureSummary>>('/procedures', {
    signal,
    query: { q: q.q, field: q.field, level: q.level, agency: q.agency, online: q.online || undefined, page: q.page, per_page: q.per_page },
  });
}

export function getProcedure(code: string, signal?: AbortSignal) {
  return get<Procedure>('/procedures/' + encodeURIComponent(code), { signal });
}

const LEVELS = ['ministry', 'province', 'district', 'commune', 'other'] as const;
export const levelCodes = LEVELS;

/** "Cấp tỉnh, Cấp xã" in the current language. */
export function levelLabel(p: ProcedureSummary): string {
  const v = p.level;
  const codes = p.level_codes ?? (Array.isArray(v) ? v : typeof v === 'string' ? v.split(',').map((s) => s.trim()) : []);
  const known = codes.filter((c) => (LEVELS as readonly string[]).includes(c));
  if (known.length) return known.map((c) => t(('level.' + c) as Key)).join(', ');
  return p.level_text || (typeof v === 'string' ? v : '');
}

export function agencyName(p: ProcedureSummary): string {
  if (p.agency && typeof p.agency === 'object') return p.agency.name;
  return (typeof p.agency === 'string' ? p.agency : '') || p.agency_competent || '';
}

export function onlineLabel(k?: number | null): string {
  return k === 4 || k === 3 || k === 2 ? t(('online.' + k) as Key) : '';
}

export const acceptsOnline = (p: ProcedureSummary) => p.online_kind === 3 || p.online_kind === 4;

const CH: Record<string, number> = { direct: 1, online: 2, postal: 3, '1': 1, '2': 2, '3': 3 };
export function channelNo(c: Channel): number {
  return CH[String(c.channel)] ?? 0;
}

export function channelLabel(c: Channel): string {
  const n = channelNo(c);
  return n ? t(('proc.channel.' + n) as Key) : String(c.channel);
}

export function timeLabel(c: Channel): string {
  if (c.time_amount != null && c.time_amount >= 0) {
    const u = c.time_unit || 'wd';
    if (c.time_amount === 0 && u === 'wd') return t('proc.sameday');
    if (u === 'wd' || u === 'd' || u === 'h' || u === 'month') return t(('proc.unit.' + u) as Key, { n: c.time_amount });
  }
  return c.time_text || t('common.none');
}

const vnd = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.') + ' đồng';
export function feeLabel(c: Channel): string {
  if (c.fee_vnd === 0) return t('proc.free');
  if (c.fee_vnd != null && c.fee_vnd > 0) return c.fee_text && !/^\s*\d/.test(c.fee_text) ? `${vnd(c.fee_vnd)} (${c.fee_text})` : vnd(c.fee_vnd);
  return c.fee_text || t('common.none');
}

export function countLabel(c: Component): string {
  const parts: string[] = [];
  if (c.originals != null && c.originals > 0) parts.push(t('proc.originals', { n: c.originals }));
  if (c.copies != null && c.copies > 0) parts.push(t('proc.copies', { n: c.copies }));
  if (c.photocopies != null && c.photocopies > 0) parts.push(t('proc.photocopies', { n: c.photocopies }));
  return parts.join(', ');
}
