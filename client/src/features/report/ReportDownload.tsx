/**
 * "Tải báo cáo": a menu of PDF, Word and Excel for the unit and month on screen. The file is
 * fetched with the session cookie and saved from a blob, so an error can be shown in place instead
 * of a broken download; while the server builds it the button says so and a progress bar runs.
 */
import type { MapView } from '@tiendo/shared';
import { useEffect, useId, useRef, useState } from 'react';
import { useLang } from '../../i18n/index.ts';
import { saveBlob } from '../../lib/save-blob.ts';
import { MeetingReportsMenu } from '../meeting-reports/MeetingReportsMenu.tsx';
import { errorMessage, filenameFromDisposition, REPORT_FORMATS, type ReportFormat, reportUrl } from './report-download.ts';

const EXT: Record<ReportFormat, string> = { pdf: 'pdf', docx: 'docx', xlsx: 'xlsx' };

export function ReportDownload({ unit, period, map = 'period' }: { unit: string; period: string; map?: MapView }) {
  const { t, lang } = useLang();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<ReportFormat | null>(null);
  const [error, setError] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    root.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  async function download(format: ReportFormat) {
    setOpen(false);
    setBusy(format);
    setError(null);
    try {
      const res = await fetch(reportUrl(unit, period, format, lang, map), { credentials: 'same-origin' });
      if (!res.ok) throw new Error(errorMessage(await res.text()) ?? t('report.failedStatus', { status: res.status }));
      saveBlob(
        await res.blob(),
        filenameFromDisposition(res.headers.get('content-disposition')) ?? `bao-cao-${unit}-${period}.${EXT[format]}`,
      );
    } catch (e) {
      setError(e instanceof TypeError ? t('common.networkError') : e instanceof Error ? e.message : t('report.failed'));
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <div ref={root} className="report-download" style={{ position: 'relative', display: 'inline-block' }}>
        <button
          type="button"
          aria-haspopup="menu"
          aria-expanded={open}
          aria-controls={open ? menuId : undefined}
          aria-busy={busy !== null}
          disabled={busy !== null || !period}
          onClick={() => setOpen((o) => !o)}
          data-testid="report-download"
        >
          {busy ? t('report.downloading', { format: t(`report.formats.${busy}`) }) : t('report.download')}
        </button>
        {open && (
          <div
            id={menuId}
            role="menu"
            aria-label={t('report.menuLabel')}
            style={{
              position: 'absolute',
              zIndex: 20,
              top: '100%',
              left: 0,
              display: 'flex',
              flexDirection: 'column',
              minWidth: '10rem',
              whiteSpace: 'nowrap',
              background: 'var(--surface, #fff)',
              border: '1px solid var(--border, #c5cdd5)',
              borderRadius: 6,
              padding: 4,
            }}
          >
            {REPORT_FORMATS.map((f) => (
              <button key={f} type="button" role="menuitem" onClick={() => void download(f)} data-testid={`report-download-${f}`}>
                {t(`report.formats.${f}`)}
              </button>
            ))}
          </div>
        )}
        <span role="status" aria-live="polite" style={{ marginLeft: busy ? 6 : 0 }}>
          {busy && <progress aria-label={t('report.building')} style={{ width: '4rem', verticalAlign: 'middle' }} />}
        </span>
        {error && (
          <p
            role="alert"
            className="report-download-error"
            style={{
              position: 'absolute',
              zIndex: 20,
              top: '100%',
              left: 0,
              margin: '4px 0 0',
              minWidth: '18rem',
              padding: '6px 8px',
              background: 'var(--surface, #fff)',
              border: '1px solid #b91c1c',
              borderRadius: 6,
            }}
          >
            {t('report.failed')}: {error}{' '}
            <button type="button" onClick={() => setError(null)}>
              {t('report.dismiss')}
            </button>
          </p>
        )}
      </div>
      {/* Issued reports are kept on the period's own map, whatever map the dashboard reads. */}
      <MeetingReportsMenu unit={unit} period={period} />
    </>
  );
}
