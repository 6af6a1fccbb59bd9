// applicant.tsx - the applicant's details (wizard and desk receipt). Field
// names are the API's (applicant.phone, …) so its errors land next to them.
import type { Applicant } from '../dossier';
import { t, type Msg } from '../i18n';
import { Field } from './ui';
import { SelectField } from './dossier';

export const APPLICANT_FIELDS = ['applicant.name', 'applicant.id_kind', 'applicant.id_number', 'applicant.phone',
  'applicant.email', 'applicant.address'];

export const emptyApplicant = (): Applicant => ({ name: '', id_kind: 'cccd', id_number: '', phone: '', email: '', address: '' });

export function applicantLabels(): Record<string, string> {
  return {
    'applicant.name': t('app.name'),
    'applicant.id_number': t('app.id_number'),
    'applicant.phone': t('app.phone'),
  };
}

export function applicantValues(a: Applicant): Record<string, string> {
  return { 'applicant.name': a.name, 'applicant.id_number': a.id_number, 'applicant.phone': a.phone };
}

/** The body the API takes (empty optional fields left out). */
export function applicantBody(a: Applicant): Applicant {
  const o: Applicant = { name: a.name.trim(), id_kind: a.id_kind, id_number: a.id_number.trim(), phone: a.phone.trim() };
  if (a.email?.trim()) o.email = a.email.trim();
  if (a.address?.trim()) o.address = a.address.trim();
  return o;
}

export function ApplicantFields({ value, onChange, errors }: {
  value: Applicant;
  onChange: (a: Applicant) => void;
  errors: Record<string, Msg>;
}) {
  const set = (k: keyof Applicant) => (v: string) => onChange({ ...value, [k]: v });
  return (
    <>
      <Field name="applicant.name" label={t('app.name')} value={value.name} onValue={set('name')} error={errors['applicant.name']}
        autoComplete="name" required />
      <SelectField name="applicant.id_kind" label={t('app.id_kind')} value={value.id_kind} onValue={set('id_kind')}
        error={errors['applicant.id_kind']} options={[['cccd', t('id.cccd')], ['passport', t('id.passport')], ['tax_code', t('id.tax_code')]]} />
      <Field name="applicant.id_number" label={t('app.id_number')} hint={t(('app.id_number.hint.' + value.id_kind) as 'app.id_number.hint.cccd')}
        value={value.id_number} onValue={set('id_number')} error={errors['applicant.id_number']} required autoComplete="off" spellcheck={false} />
      <Field name="applicant.phone" label={t('app.phone')} hint={t('app.phone.hint')} value={value.phone} onValue={set('phone')}
        error={errors['applicant.phone']} type="tel" inputMode="tel" autoComplete="tel" required />
      <Field name="applicant.email" label={t('app.email')} value={value.email ?? ''} onValue={set('email')}
        error={errors['applicant.email']} type="email" autoComplete="email" />
      <Field name="applicant.address" label={t('app.address')} value={value.address ?? ''} onValue={set('address')}
        error={errors['applicant.address']} autoComplete="street-address" />
    </>
  );
}
