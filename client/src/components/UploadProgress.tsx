import { formatPercent } from '../i18n/format.ts';
import { useLang } from '../i18n/index.ts';

/**
 * A file on its way: the share sent so far, then, once it is all sent, the server reading it
 * (which a big file makes take a while). `progress` is 0…1, or null when nothing is on its way.
 */
export function UploadProgress({
  progress,
  label,
  uploading,
  checking,
}: {
  progress: number | null;
  label: string;
  /** The text while sending, given the percent already formatted. */
  uploading: (percent: string) => string;
  checking: string;
}) {
  const { lang } = useLang();
  if (progress === null) return null;
  return (
    <div className="upload-progress" role="status">
      <progress max={1} value={progress} aria-label={label} />
      <span>{progress < 1 ? uploading(formatPercent(progress * 100, lang, 0)) : checking}</span>
    </div>
  );
}
