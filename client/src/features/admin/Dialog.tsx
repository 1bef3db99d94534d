import { type ReactNode, useEffect, useId, useRef } from 'react';
import { useLang } from '../../i18n/index.ts';

/** A modal on the native <dialog>: focus is trapped, Escape closes, the page behind is inert. */
export function Dialog({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="admin-dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}

/** Asks before anything that ends sessions or retires something; the question says what will happen. */
export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  busy,
  error,
  onConfirm,
  onClose,
  children,
}: {
  title: string;
  message: string;
  confirmLabel: string;
  busy?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onClose: () => void;
  children?: ReactNode;
}) {
  return (
    <Dialog title={title} onClose={onClose}>
      <p>{message}</p>
      {children}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <DialogActions onCancel={onClose} label={confirmLabel} onAction={onConfirm} disabled={busy} testId="confirm" />
    </Dialog>
  );
}

/**
 * A dialog's last row: Cancel, then its one primary action — the form's submit button, or, with
 * `onAction`, a button of its own. The caller words the action (and its "saving…" while pending).
 */
export function DialogActions({
  onCancel,
  label,
  onAction,
  disabled,
  testId,
}: {
  onCancel: () => void;
  label: string;
  onAction?: () => void;
  disabled?: boolean;
  testId?: string;
}) {
  const { t } = useLang();
  return (
    <div className="dialog-actions">
      <button type="button" onClick={onCancel}>
        {t('admin.cancel')}
      </button>
      <button type={onAction ? 'button' : 'submit'} className="primary" onClick={onAction} disabled={disabled} data-testid={testId}>
        {label}
      </button>
    </div>
  );
}

/** Shown once after creating an account or resetting its password. */
export function OneTimePassword({ password }: { password: string }) {
  const { t } = useLang();
  const copied = useRef<HTMLSpanElement>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(password);
      if (copied.current) copied.current.textContent = t('admin.users.copied');
    } catch {
      // no clipboard permission: the password stays selectable on screen
    }
  };
  return (
    <div className="otp">
      <p>{t('admin.users.otpIntro')}</p>
      <p className="otp-row">
        <code data-testid="one-time-password">{password}</code>
        <button type="button" onClick={() => void copy()}>
          {t('admin.users.copy')}
        </button>
        <span ref={copied} role="status" className="muted" />
      </p>
    </div>
  );
}

/** Always present (empty when all is well) so that aria-describedby never points at nothing. */
export function FieldError({ id, message }: { id: string; message: string | null }) {
  return (
    <span id={id} className="field-error">
      {message ?? ''}
    </span>
  );
}

export function Pager({ page, pageSize, total, onPage }: { page: number; pageSize: number; total: number; onPage: (p: number) => void }) {
  const { t } = useLang();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="pager" aria-label={t('admin.pageOf', { page, pages, total })}>
      <button type="button" onClick={() => onPage(page - 1)} disabled={page <= 1}>
        {t('admin.prev')}
      </button>
      <span>{t('admin.pageOf', { page, pages, total })}</span>
      <button type="button" onClick={() => onPage(page + 1)} disabled={page >= pages}>
        {t('admin.next')}
      </button>
    </nav>
  );
}
