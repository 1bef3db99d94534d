/**
 * What the header's two download menus share ("Tải báo cáo" and the issued meeting reports):
 * a popover that closes on Escape or a press outside it, a download that says it is busy and
 * keeps its error in place instead of a broken file, and that error with its dismiss button.
 */
import { type RefObject, useEffect, useRef, useState } from 'react';
import { useErrorText } from '../../api/errors.ts';
import { downloadFile } from '../../api/http.ts';
import { useLang } from '../../i18n/index.ts';
import { saveBlob } from '../../lib/save-blob.ts';
import '../meeting-reports/meeting-reports.css';

/** Closes an open popover on Escape or a press outside `root`; focuses its first menu item if asked. */
export function useDismiss(open: boolean, root: RefObject<HTMLElement | null>, close: () => void, focusFirst = false): void {
  // the latest `close` without reopening the effect: focus moves to the menu once, when it opens
  const onClose = useRef(close);
  onClose.current = close;
  useEffect(() => {
    if (!open) return;
    const onEvent = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !root.current?.contains(e.target as Node)) onClose.current();
    };
    document.addEventListener('mousedown', onEvent);
    document.addEventListener('keydown', onEvent);
    if (focusFirst) root.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    return () => {
      document.removeEventListener('mousedown', onEvent);
      document.removeEventListener('keydown', onEvent);
    };
  }, [open, root, focusFirst]);
}

/**
 * A file fetched with the session and saved under the server's name (else `fallbackName`):
 * `busy` names the download under way (one at a time), `error` what went wrong, in words.
 */
export function useFileDownload() {
  const errorText = useErrorText();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function download(key: string, url: string, fallbackName: string): Promise<void> {
    setBusy(key);
    setError(null);
    try {
      const file = await downloadFile(url);
      saveBlob(file.blob, file.filename ?? fallbackName);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  }
  return { busy, error, dismiss: () => setError(null), download };
}

/** A download's error under its menu, until dismissed. */
export function DownloadError({ label, message, onDismiss }: { label: string; message: string | null; onDismiss: () => void }) {
  const { t } = useLang();
  if (!message) return null;
  return (
    <p role="alert" className="mr-error mr-float">
      {label}: {message}{' '}
      <button type="button" onClick={onDismiss}>
        {t('report.dismiss')}
      </button>
    </p>
  );
}
