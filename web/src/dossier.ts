// dossier.ts - dossiers as the API returns them (docs/internals/dossiers.md):
// types, the calls, the file uploads (with progress), slips, and the small
// formatting rules the citizen, desk and processing screens share.
import { API, ApiError, csrfToken, get, post, toApiError, type List } from './api';
import { getLang, msg, t, type Key } from './i18n';

export interface Applicant {
  kind?: string;
  name: string;
  id_kind: string; // cccd | passport | tax_code
  id_number: string;
  phone: string;
  email?: string;
  address?: string;
}
export interface DossierComponent {
  name: string;
  originals?: number;
  copies?: number;
  photocopies?: number;
}
export interface Step {
  position: number;
  group: number;
  name: string;
  role: string;
  agency_id: number;
  timeliness: string;
  started_at: string | null;
  deadline_at: string | null;
  completed_at: string | null;
}
export interface Dossier {
  code: string;
  status: number;
  status_name: string;
  portal_status: string;
  channel: number;
  agency_code: string;
  procedure_code: string;
  procedure_name: string;
  time_unit: string;
  time_amount: number;
  applicant: Applicant;
  owner?: { name: string; address: string };
  components: DossierComponent[];
  postal_tracking: string;
  submitted_at: string | null;
  received_at: string | null;
  due_at: string | null;
  paused: boolean;
  paused_at: string | null;
  finished_at: string | null;
  delivered_at: string | null;
  result_code: string;
  rating: number | null;
  internal_due_at: string | null;
  step_group: number;
  stuck: boolean;
  allowed_actions?: string[];
  steps?: Step[];
  slip?: string | null;
}
export interface HistoryRow {
  at: string;
  actor: string;
  role: string;
  agency_code: string;
  action: string;
  from_status: number;
  to_status: number;
  comment: string;
  due_at: string | null;
  timeliness: string;
}
export interface DossierFile {
  sha256: string;
  name: string;
  size: number;
  mime?: string;
  content_type?: string;
  kind?: string;
  url?: string;
  component?: number | null;
  uploaded_at?: string | null;
}
export interface LookupAnswer {
  code: string;
  status: number;
  status_name: string;
  procedure_name: string;
  agency_code: string;
  agency_name: string;
  received_at: string | null;
  due_at: string | null;
  finished_at: string | null;
  delivered_at: string | null;
}

export interface ListFilter {
  status?: number | string;
  channel?: number;
  procedure?: string;
  agency?: string;
  q?: string;
  mine?: boolean;
  due?: string;
  limit?: number;
  cursor?: string | null;
}

const enc = encodeURIComponent;
export const listDossiers = (f: ListFilter, signal?: AbortSignal) =>
  get<List<Dossier>>('/dossiers', { signal, query: { ...f, mine: f.mine ? 1 : undefined } as Record<string, string | number | undefined> });
export const getDossier = (code: string, signal?: AbortSignal) => get<Dossier>('/dossiers/' + enc(code), { signal });
export const getHistory = (code: string, signal?: AbortSignal) => get<List<HistoryRow>>('/dossiers/' + enc(code) + '/history', { signal });
export const listFiles = (code: string, signal?: AbortSignal) => get<List<DossierFile>>('/dossiers/' + enc(code) + '/files', { signal });
export interface Counts { open: number; due_today: number; overdue: number; paused: number; mine: number; stuck: number; awaiting_receipt: number }
export const getCounts = (signal?: AbortSignal) => get<Counts>('/dossiers/counts', { signal });
export const act = (code: string, body: Record<string, unknown>) => post<Dossier>('/dossiers/' + enc(code) + '/actions', body);
export const lookup = (code: string, verify: string, signal?: AbortSignal) =>
  get<LookupAnswer>('/lookup/' + enc(code), { signal, query: { verify } });

export const fileUrl = (sha: string) => API + '/files/' + enc(sha);
/** The PDF of a slip (receipt, refusal, supplement_request, …) of a dossier. */
export const slipUrl = (code: string, kind: string) => `${API}/dossiers/${enc(code)}/slips/${enc(kind)}.pdf`;

// --- files --------------------------------------------------------------

/** What an applicant may attach: scans as PDF or images, each up to MAX_FILE bytes. */
export const FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];
export const FILE_ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';
export const MAX_FILE = 20 * 1024 * 1024;

const EXT: Record<string, string> = { pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png' };
export function fileType(f: { name: string; type: string }): string {
  return f.type || EXT[f.name.split('.').pop()?.toLowerCase() ?? ''] || '';
}

/** null when the file may be uploaded, otherwise why not (both languages). */
export function checkFile(f: File) {
  if (!FILE_TYPES.includes(fileType(f))) return msg('file.bad_type', { name: f.name });
  if (f.size > MAX_FILE) return msg('file.too_big', { name: f.name, max: formatSize(MAX_FILE) });
  if (f.size === 0) return msg('file.empty', { name: f.name });
  return null;
}

export function formatSize(n: number): string {
  if (n < 1024) return n + ' B';
  if (n < 1024 * 1024) return (n / 1024).toFixed(0) + ' KB';
  return (n / 1024 / 1024).toFixed(1).replace('.', getLang() === 'vi' ? ',' : '.') + ' MB';
}

/** Uploads one file to a dossier as multipart/form-data (fields "component" and "file"), one request per
 *  file so each has its own progress. XMLHttpRequest because fetch reports no upload progress. */
export function uploadFile(code: string, file: File, component: number, onProgress: (fraction: number) => void): Promise<DossierFile> {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    const form = new FormData();
    form.append('component', String(component));
    form.append('file', file, file.name);
    x.open('POST', `${API}/dossiers/${enc(code)}/files`);
    x.setRequestHeader('Accept', 'application/json');
    const c = csrfToken();
    if (c) x.setRequestHeader('X-CSRF-Token', c);
    x.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    x.onload = () => {
      if (x.status >= 200 && x.status < 300) {
        onProgress(1);
        try {
          resolve(JSON.parse(x.responseText));
        } catch {
          resolve({ sha256: '', name: file.name, size: file.size, mime: fileType(file), component });
        }
      } else reject(toApiError(x.status, x.responseText));
    };
    x.onerror = () => reject(new ApiError(0, 'network', msg('error.network')));
    x.send(form);
  });
}

// --- formatting -----------------------------------------------------------

export const statusLabel = (s: number) => t(('dossier.status.' + s) as Key);
export const actionLabel = (a: string) => t(('action.' + a) as Key) || a;
export const channelName = (c: number) => t(('proc.channel.' + c) as Key);

/** Slips the actions issue (docs/internals/dossiers.md). */
export const SLIP_OF: Record<string, string> = {
  receive: 'receipt', accept: 'receipt', refuse: 'refusal', guide_supplement: 'supplement_guidance',
  request_supplement: 'supplement_request', request_payment: 'payment_request', stop: 'stop_notice',
  deliver: 'result_receipt', apologize: 'apology',
};
export const slipLabel = (k: string) => t(('slip.' + k) as Key) || k;

/** "14/12/2026 17:00" (vi) or "14 Dec 2026, 17:00" (en), in Vietnam time as the API writes it. */
export function formatDateTime(iso: string | null | undefined, withTime = true): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  if (!m) return iso;
  const time = withTime ? `${m[4]}:${m[5]}` : '';
  if (getLang() === 'vi') return `${m[3]}/${m[2]}/${m[1]}${time ? ' ' + time : ''}`;
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][+m[2] - 1];
  return `${+m[3]} ${mon} ${m[1]}${time ? ', ' + time : ''}`;
}

export const OPEN = [1, 2, 4, 5, 6];
/** Deadline colour: late, today (due within the day), soon (3 days), ok, paused, or '' (finished). */
export function deadline(d: Pick<Dossier, 'status' | 'due_at' | 'paused'>, now = Date.now()): string {
  if (!OPEN.includes(d.status) || !d.due_at) return '';
  if (d.paused) return 'paused';
  const due = Date.parse(d.due_at);
  if (due < now) return 'late';
  const day = new Date(now + 7 * 3600e3).toISOString().slice(0, 10);
  if (d.due_at.slice(0, 10) <= day) return 'today';
  if (due - now < 3 * 86400e3) return 'soon';
  return 'ok';
}
export const deadlineLabel = (k: string) => (k ? t(('deadline.' + k) as Key) : '');

/** "2026-12-20" from a date input -> the end of that working day in Vietnam time. */
export const endOfDay = (date: string) => `${date}T17:00:00+07:00`;

/** The applicant's identity in one line. */
export function idLabel(a: Applicant): string {
  return `${t(('id.' + a.id_kind) as Key) || a.id_kind}: ${a.id_number}`;
}
