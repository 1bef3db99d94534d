/**
 * "Tải báo cáo": a menu of PDF, Word and Excel for the unit and month on screen. The file is
 * fetched with the session cookie and saved from a blob, so an error can be shown in place instead
 * of a broken download; while the server builds it the button says so and a progress bar runs.
 */
import type { MapView } from '@tiendo/shared';
import { REPORT_FORMATS, type ReportFormat } from '@tiendo/shared/report-formats';
import { useId, useRef, useState } from 'react';
import { useLang } from '../../i18n/index.ts';
import { MeetingReportsMenu } from '../meeting-reports/MeetingReportsMenu.tsx';
import { DownloadError, useDismiss, useFileDownload } from './download-parts.tsx';
import { reportUrl } from './report-download.ts';

export function ReportDownload({ unit, period, map = 'period' }: { unit: string; period: string; map?: MapView }) {
  const { t, lang } = useLang();
  const [open, setOpen] = useState(false);
  const file = useFileDownload();
  const busy = file.busy as ReportFormat | null;
  const root = useRef<HTMLDivElement>(null);
  const menuId = useId();
  useDismiss(open, root, () => setOpen(false), true);

  function download(format: ReportFormat) {
    setOpen(false);
    void file.download(format, reportUrl(unit, period, format, lang, map), `bao-cao-${unit}-${period}.${format}`);
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
              <button key={f} type="button" role="menuitem" onClick={() => download(f)} data-testid={`report-download-${f}`}>
                {t(`report.formats.${f}`)}
              </button>
            ))}
          </div>
        )}
        <span role="status" aria-live="polite" style={{ marginLeft: busy ? 6 : 0 }}>
          {busy && <progress aria-label={t('report.building')} style={{ width: '4rem', verticalAlign: 'middle' }} />}
        </span>
        <DownloadError label={t('report.failed')} message={file.error} onDismiss={file.dismiss} />
      </div>
      {/* Issued reports are kept on the period's own map, whatever map the dashboard reads. */}
      <MeetingReportsMenu unit={unit} period={period} />
    </>
  );
}
