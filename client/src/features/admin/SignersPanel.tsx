/**
 * Người ký: who signs a unit's meeting reports ("TM. BAN CHỈ ĐẠO / PHÓ TRƯỞNG BAN / <name>").
 * Opens on the secretariat's own unit; another unit in its subtree can be picked.
 */
import { useQuery } from '@tanstack/react-query';
import type { SignerReply, UnitRef } from '@tiendo/shared';
import { type FormEvent, useId, useState } from 'react';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { useSetSigner } from '../meeting-reports/mutations.ts';
import { signerQuery } from '../meeting-reports/queries.ts';
import { FieldError } from './Dialog.tsx';
import { errorText } from './mutations.ts';
import { UnitPicker } from './UnitPicker.tsx';

export function SignersPanel({ home }: { home: UnitRef }) {
  const { t } = useLang();
  const id = useId();
  const [unit, setUnit] = useState<UnitRef | null>(home);
  const signer = useQuery({ ...signerQuery(unit?.code ?? ''), enabled: unit !== null });
  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('admin.signers.heading')}</h2>
      <p className="muted">{t('admin.signers.intro')}</p>
      <UnitPicker label={t('admin.signers.unit')} value={unit} onChange={setUnit} />
      {unit && <QueryState query={signer}>{(s) => <SignerForm key={unit.code} code={unit.code} reply={s} />}</QueryState>}
    </section>
  );
}

function SignerForm({ code, reply }: { code: string; reply: SignerReply }) {
  const { t, lang } = useLang();
  const id = useId();
  const save = useSetSigner(code);
  const [title, setTitle] = useState(reply.signer?.title ?? '');
  const [name, setName] = useState(reply.signer?.name ?? '');
  const [touched, setTouched] = useState(false);
  const [saved, setSaved] = useState(false);
  const problems = {
    title: title.trim().length < 2 ? t('admin.signers.titleRequired') : null,
    name: name.trim().length < 2 ? t('admin.signers.nameRequired') : null,
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (problems.title || problems.name) return;
    save.mutate({ title: title.trim(), name: name.trim() }, { onSuccess: () => setSaved(true) });
  };
  const s = reply.signer;
  return (
    <form className="admin-form two-col" onSubmit={submit} noValidate data-testid="signer-form">
      <p className="wide-field" role="status" data-testid="signer-current">
        {s
          ? t('admin.signers.current', {
              title: s.title,
              name: s.name,
              time: formatDateTime(s.updatedAt, lang),
              user: s.updatedBy ?? '—',
            })
          : t('admin.signers.none')}
      </p>
      <div className="field">
        <label htmlFor={`${id}-t`}>{t('admin.signers.title')}</label>
        <input
          id={`${id}-t`}
          value={title}
          maxLength={120}
          onChange={(e) => {
            setTitle(e.target.value);
            setSaved(false);
          }}
          aria-invalid={touched && problems.title ? true : undefined}
          aria-describedby={`${id}-th ${id}-te`}
          data-testid="signer-title"
        />
        <span id={`${id}-th`} className="muted">
          {t('admin.signers.titleHint')}
        </span>
        <FieldError id={`${id}-te`} message={touched ? problems.title : null} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-n`}>{t('admin.signers.name')}</label>
        <input
          id={`${id}-n`}
          value={name}
          maxLength={120}
          autoComplete="off"
          onChange={(e) => {
            setName(e.target.value);
            setSaved(false);
          }}
          aria-invalid={touched && problems.name ? true : undefined}
          aria-describedby={`${id}-ne`}
          data-testid="signer-name"
        />
        <FieldError id={`${id}-ne`} message={touched ? problems.name : null} />
      </div>
      <div className="form-foot">
        {save.error && (
          <p className="form-error" role="alert">
            {errorText(save.error, lang, t('common.networkError'))}
          </p>
        )}
        {saved && <p role="status">{t('admin.saved')}</p>}
        <button type="submit" className="primary" disabled={save.isPending} data-testid="signer-save">
          {save.isPending ? t('admin.saving') : t('admin.save')}
        </button>
      </div>
    </form>
  );
}
