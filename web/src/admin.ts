// admin.ts - what the administration pages share: the agency tree
// (GET /agencies), users (GET/POST /users), workflow templates
// (GET/PUT /workflows), the catalogue import (POST /procedures/import, a raw
// file body) and which agencies the signed-in roles may administer. The
// server decides every write; these helpers only choose what to show.
import { API, ApiError, csrfToken, get, toApiError, type List } from './api';
import { msg } from './i18n';
import type { Session } from './session';

export interface Agency {
  id: number;
  code: string;
  name: string;
  level: string;
  address?: string;
  phone?: string;
  email?: string;
  website?: string;
  parent_id: number | null;
  children: Agency[];
}

export interface StaffUser {
  id: number;
  login: string;
  full_name: string;
  status: string;
  roles: { role: string; agency_id: number; agency_code: string }[];
}

export interface WorkflowStep {
  group: number;
  name: string;
  role: string;
  agency_code: string | null;
  amount: number;
  unit: string;
}
export interface Workflow {
  code: string;
  name: string;
  steps: WorkflowStep[];
}

export interface ImportProblem {
  record?: string | null;
  line?: number | null;
  code?: string | null;
  message: string;
  message_en?: string;
}
export interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
  partial: number;
  failed: number;
  problems: ImportProblem[];
}

/** Agency levels offered in the forms (the server keeps the text it is given). */
export const AGENCY_LEVELS = ['province', 'department', 'division', 'district', 'commune'] as const;
/** Staff roles a user can be given; system_admin only by a system administrator. */
export const STAFF_ROLES = ['desk_officer', 'specialist', 'leader', 'clerk', 'editor', 'agency_admin', 'system_admin'] as const;
/** Roles a workflow step can name. */
export const STEP_ROLES = ['specialist', 'leader', 'clerk', 'desk_officer'] as const;
export const TIME_UNITS = ['wd', 'd', 'h', 'month'] as const;
/** Units of a workflow step's allotted time. */
export const STEP_UNITS = ['wd', 'd', 'h'] as const;

// Which role grants which administration permission (src/domain/access.c).
const GRANTS: Record<string, string[]> = {
  'users.read': ['leader', 'agency_admin', 'system_admin'],
  'users.manage': ['agency_admin', 'system_admin'],
  'catalogue.manage': ['agency_admin', 'system_admin'],
};

export const isSystemAdmin = (s: Session | null) => !!s && s.roles.some((g) => g.role === 'system_admin');

/** The agency ids on which the session holds perm (their subtrees are covered too). */
export function grantIds(s: Session | null, perm: string): number[] {
  if (!s) return [];
  return s.roles.filter((g) => GRANTS[perm]?.includes(g.role)).map((g) => g.agency_id);
}
export const may = (s: Session | null, perm: string) => grantIds(s, perm).length > 0;

export async function agencyTree(signal?: AbortSignal): Promise<Agency[]> {
  return (await get<List<Agency>>('/agencies', { signal })).items;
}

/** The parts of the tree a session covers for perm: every root for a system administrator. */
export function scopeRoots(tree: Agency[], s: Session | null, perm: string): Agency[] {
  if (isSystemAdmin(s)) return tree;
  const ids = new Set(grantIds(s, perm));
  const out: Agency[] = [];
  const walk = (a: Agency) => (ids.has(a.id) ? out.push(a) : a.children.forEach(walk));
  tree.forEach(walk);
  return out;
}

/** Depth-first list of agencies with their depth (for selects). */
export function flatten(roots: Agency[], depth = 0, out: { a: Agency; depth: number }[] = []) {
  for (const a of roots) {
    out.push({ a, depth });
    flatten(a.children, depth + 1, out);
  }
  return out;
}

export function agencyOptions(roots: Agency[]): [string, string][] {
  return flatten(roots).map(({ a, depth }) => [String(a.id), '\u00a0\u00a0'.repeat(depth) + a.name]);
}

export function listUsers(agency: number, signal?: AbortSignal) {
  return get<List<StaffUser>>('/users', { query: { agency }, signal });
}

export function listWorkflows(signal?: AbortSignal) {
  return get<{ items: Workflow[] }>('/workflows', { signal });
}

export const IMPORT_TYPES: Record<string, string> = {
  csv: 'text/csv',
  json: 'application/json',
  scrape: 'application/octet-stream',
};

/** The format a file name suggests (the scrape is a JSON file of the national portal's pages). */
export function guessFormat(name: string): string {
  return /\.csv$/i.test(name) ? 'csv' : /\.(json|ndjson|jsonl)$/i.test(name) ? 'json' : 'scrape';
}

/** POST /procedures/import?format= with the file as the raw body. */
export async function importProcedures(file: Blob, format: string): Promise<ImportReport> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': IMPORT_TYPES[format] || 'application/octet-stream' };
  const token = csrfToken();
  if (token) headers['X-CSRF-Token'] = token;
  let res: Response;
  try {
    res = await fetch(API + '/procedures/import?format=' + encodeURIComponent(format), {
      method: 'POST', headers, body: file, credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network', msg('error.network'));
  }
  const text = await res.text();
  if (!res.ok) throw toApiError(res.status, text);
  return JSON.parse(text) as ImportReport;
}
