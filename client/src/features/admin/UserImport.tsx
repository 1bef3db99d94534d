import { formatPhone, type Role, USER_IMPORT_COLUMNS, type UserImportError } from '@tiendo/shared';
import { useState } from 'react';
import { detailErrors, type Received, useItemText } from '../../api/errors.ts';
import { HttpError } from '../../api/http.ts';
import { ErrorPanel } from '../../components/QueryState.tsx';
import { SpreadsheetInput, TemplateLinks, useSpreadsheetUpload } from '../../components/SpreadsheetUpload.tsx';
import { TableScroll } from '../../components/TableScroll.tsx';
import { UploadProgress } from '../../components/UploadProgress.tsx';
import { formatNumber } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { saveCsv } from '../../lib/save-blob.ts';
import { Dialog, DialogActions } from './Dialog.tsx';
import { useImportUsers } from './mutations.ts';
import { passwordsCsv } from './user-form.ts';

/** Accounts shown on screen after an import; the downloaded sheet has them all. */
const SHOWN = 20;
const TEMPLATE = '/api/admin/users/import/template';

/**
 * "Nhập tài khoản": the template, the upload with progress, the refusal row by row, or the
 * created accounts with their one-time passwords, offered once as a sheet to download. The
 * passwords live only in this dialog: closing it (after a warning if they were not downloaded)
 * drops them.
 */
export function UserImport({ onClose }: { onClose: () => void }) {
  const { t, lang } = useLang();
  const itemText = useItemText();
  const upload = useImportUsers();
  const { file, progress, choose, submit } = useSpreadsheetUpload(upload);
  const [downloaded, setDownloaded] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const errors = detailErrors<Received<UserImportError>>(upload.error);
  const details =
    upload.error instanceof HttpError ? (upload.error.details as { total?: number; omitted?: number } | undefined) : undefined;
  const created = upload.data ?? null;
  const columnLabel = (code: string | null) => {
    const c = USER_IMPORT_COLUMNS.find((x) => x.code === code);
    return c ? (lang === 'en' ? c.en : c.vi) : '—';
  };

  const close = () => {
    if (created && !downloaded && !leaving) setLeaving(true);
    else onClose();
  };
  const download = () => {
    if (!created) return;
    const header = [
      ...USER_IMPORT_COLUMNS.slice(0, 3).map((c) => (lang === 'en' ? c.en : c.vi)),
      t('admin.users.import.unitName'),
      ...USER_IMPORT_COLUMNS.slice(3).map((c) => (lang === 'en' ? c.en : c.vi)),
      t('admin.users.import.password'),
    ];
    const csv = passwordsCsv(created.accounts, { header, role: (r: Role) => t(`auth.role.${r}`), phone: formatPhone });
    const stamp = new Date().toISOString().slice(0, 16).replace(/\D/g, '');
    saveCsv(csv, `mat-khau-tai-khoan-${stamp}.csv`);
    setDownloaded(true);
  };

  return (
    <Dialog title={t('admin.users.import.title')} onClose={close}>
      <div className="user-import" data-testid="user-import">
        {!created && (
          <>
            <p className="muted">{t('admin.users.import.intro')}</p>
            <TemplateLinks
              href={(format) => `${TEMPLATE}?format=${format}`}
              xlsx={t('admin.users.import.templateXlsx')}
              csv={t('admin.users.import.templateCsv')}
              testId="users-template"
            />
            <form className="admin-form" onSubmit={submit}>
              <SpreadsheetInput label={t('admin.users.import.file')} className="field" onChoose={choose} testId="users-import-file" />
              <UploadProgress
                progress={progress}
                label={t('admin.users.import.progress')}
                uploading={(percent) => t('admin.users.import.uploading', { percent })}
                checking={t('admin.users.import.checking')}
              />
              {upload.error !== null && errors.length > 0 && (
                <div className="import-errors" role="alert" data-testid="users-import-errors">
                  <p>
                    <strong>{t('admin.users.import.errors', { n: formatNumber(details?.total ?? errors.length, lang) })}</strong>
                  </p>
                  <TableScroll label={t('admin.users.import.errors', { n: formatNumber(details?.total ?? errors.length, lang) })}>
                    <table className="compact-table">
                      <thead>
                        <tr>
                          <th scope="col">{t('admin.users.import.row')}</th>
                          <th scope="col">{t('admin.users.import.column')}</th>
                          <th scope="col">{t('admin.users.import.message')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {errors.map((e, i) => (
                          // biome-ignore lint/suspicious/noArrayIndexKey: a row can have the same error twice only in the same order
                          <tr key={`${e.row}-${e.column}-${i}`}>
                            <td className="num">{e.row}</td>
                            <td>{columnLabel(e.column)}</td>
                            <td>{itemText(e)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </TableScroll>
                  {(details?.omitted ?? 0) > 0 && (
                    <p>{t('admin.users.import.omitted', { n: formatNumber(details?.omitted ?? 0, lang) })}</p>
                  )}
                </div>
              )}
              {upload.error !== null && errors.length === 0 && <ErrorPanel error={upload.error} />}
              <DialogActions
                onCancel={close}
                label={t('admin.users.import.upload')}
                disabled={!file || upload.isPending}
                testId="users-import-submit"
              />
            </form>
          </>
        )}
        {created && (
          <div data-testid="users-import-done">
            <p className="notice success" role="status">
              {t('admin.users.import.created', { n: formatNumber(created.created, lang) })}
            </p>
            <p>{t('admin.users.import.passwordsIntro')}</p>
            <p className="actions">
              <button type="button" className="primary" onClick={download} data-testid="users-import-passwords">
                ⬇ {t('admin.users.import.download')}
              </button>
            </p>
            {downloaded && (
              <p className="muted" role="status">
                {t('admin.users.import.downloaded')}
              </p>
            )}
            <TableScroll label={t('admin.users.import.password')}>
              <table className="compact-table">
                <thead>
                  <tr>
                    <th scope="col">{t('admin.users.username')}</th>
                    <th scope="col">{t('admin.users.unit')}</th>
                    <th scope="col">{t('admin.users.import.password')}</th>
                  </tr>
                </thead>
                <tbody>
                  {created.accounts.slice(0, SHOWN).map((a) => (
                    <tr key={a.username}>
                      <th scope="row">{a.username}</th>
                      <td>{a.unit.name}</td>
                      <td>
                        <code>{a.temporaryPassword}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            {created.accounts.length > SHOWN && (
              <p className="muted">{t('admin.users.import.more', { n: formatNumber(created.accounts.length - SHOWN, lang) })}</p>
            )}
            {leaving && (
              <p className="form-error" role="alert">
                {t('admin.users.import.closeWarning')}
              </p>
            )}
            <div className="dialog-actions">
              <button type="button" onClick={close} data-testid="users-import-close">
                {leaving ? t('admin.users.import.closeAnyway') : t('admin.users.import.close')}
              </button>
            </div>
          </div>
        )}
      </div>
    </Dialog>
  );
}
