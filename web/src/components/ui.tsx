// ui.tsx - small accessible building blocks shared by the pages.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { msg, t, tr, useLang, type Msg } from '../i18n';
import { navigate, useLocation } from '../router';

/** Sets the document title; the page's <h1> gets focus after navigation (App). */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} — ${t('site.name')}` : t('site.name');
  }, [title]);
}

let idSeq = 0;
export function useId(prefix = 'f'): string {
  const r = useRef('');
  if (!r.current) r.current = `${prefix}-${++idSeq}`;
  return r.current;
}

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'label' | 'onInput' | 'value'>;

export function Field(props: InputProps & {
  name: string;
  label: string;
  value: string;
  onValue: (v: string) => void;
  error?: Msg | null;
  hint?: string;
  required?: boolean;
}) {
  const { name, label, value, onValue, error, hint, required, ...rest } = props;
  const id = useId(name);
  const describedBy = [hint ? id + '-hint' : '', error ? id + '-error' : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={'field' + (error ? ' field--error' : '')}>
      <label for={id}>
        {label}
        {required && <span class="req" aria-hidden="true"> *</span>}
      </label>
      {hint && <p class="hint" id={id + '-hint'}>{hint}</p>}
      {error && (
        <p class="field-error" id={id + '-error'} data-field={name}>
          <span aria-hidden="true">⚠ </span>
          {tr(error)}
        </p>
      )}
      <input
        id={id}
        name={name}
        value={value}
        onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
        aria-required={required ? 'true' : undefined}
        {...rest}
      />
    </div>
  );
}

export function Alert({ kind = 'error', children, focus }: { kind?: 'error' | 'info' | 'success'; children: ComponentChildren; focus?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);
  return (
    <div ref={ref} class={'alert alert--' + kind} role={kind === 'error' ? 'alert' : 'status'} tabIndex={focus || kind === 'error' ? -1 : undefined}>
      {children}
    </div>
  );
}

/** Errors of one form: by field name, plus one for the form as a whole. */
export function useFormErrors(fields: string[]) {
  useLang(); // messages are re-rendered in the current language
  const [errors, setErrors] = useState<Record<string, Msg>>({});
  const [formError, setFormError] = useState<Msg | null>(null);
  const form = useRef<HTMLFormElement>(null);

  function focusFirst(errs: Record<string, Msg>) {
    const first = fields.find((f) => errs[f]);
    requestAnimationFrame(() => {
      const el = first ? form.current?.querySelector<HTMLElement>(`[name="${first}"]`) : null;
      (el ?? form.current?.querySelector<HTMLElement>('.alert'))?.focus();
    });
  }

  return {
    form,
    errors,
    formError,
    clear() {
      setErrors({});
      setFormError(null);
    },
    /** Required-field check before sending; returns false (and shows the errors) when one is empty. */
    require(values: Record<string, string>, labels: Record<string, string>): boolean {
      const errs: Record<string, Msg> = {};
      for (const f of fields) if (f in labels && !values[f]?.trim()) errs[f] = msg('error.required', { label: labels[f].toLowerCase() });
      setErrors(errs);
      setFormError(Object.keys(errs).length ? msg('error.form') : null);
      if (Object.keys(errs).length) focusFirst(errs);
      return !Object.keys(errs).length;
    },
    /** Errors found before sending (by field), shown and focused like the API's. */
    set(errs: Record<string, Msg>) {
      setErrors(errs);
      setFormError(Object.keys(errs).length ? msg('error.form') : null);
      focusFirst(errs);
    },
    /** Puts an API error next to its field (details.field), or above the form. */
    fail(e: unknown) {
      if (!(e instanceof ApiError)) {
        setErrors({});
        setFormError(msg('error.generic'));
        return;
      }
      const field = e.field && fields.includes(e.field) ? e.field : null;
      const errs = field ? { [field]: e.msg } : {};
      setErrors(errs);
      setFormError(field ? msg('error.form') : e.msg);
      focusFirst(errs);
    },
  };
}

export function Loading() {
  const [show, setShow] = useState(false);
  useEffect(() => {
    const id = setTimeout(() => setShow(true), 200);
    return () => clearTimeout(id);
  }, []);
  return show ? <p class="loading" role="status">{t('common.loading')}</p> : null;
}

export function ErrorBox({ error, retry }: { error: unknown; retry?: () => void }) {
  useLang();
  const m = error instanceof ApiError ? error.msg : msg('error.generic');
  return (
    <Alert>
      <p>{tr(m)}</p>
      {retry && (
        <button type="button" class="btn btn--secondary" onClick={retry}>
          {t('common.retry')}
        </button>
      )}
    </Alert>
  );
}

// Flash: one short message for the page a navigation goes to ("Signed
// out."); it disappears when the visitor moves on to another path.
let flashed: { m: Msg; path: string } | null = null;
const flashListeners = new Set<() => void>();

export function flashTo(m: Msg, to: string, opts?: { replace?: boolean }): void {
  flashed = { m, path: to.split('?')[0].replace(/\/+$/, '') || '/' };
  flashListeners.forEach((f) => f());
  navigate(to, opts);
}

export function Flash() {
  useLang();
  const loc = useLocation();
  const [, tick] = useState(0);
  useEffect(() => {
    const f = () => tick((n) => n + 1);
    flashListeners.add(f);
    return () => void flashListeners.delete(f);
  }, []);
  if (flashed && flashed.path !== loc.path) flashed = null;
  return flashed ? <Alert kind="success">{tr(flashed.m)}</Alert> : null;
}
