/**
 * What both imports (reports of the units below, accounts) are made of: the template in Excel
 * and CSV, the file chosen, and the upload that reports its progress. Each import keeps its own
 * texts, layout and reply.
 */
import { type FormEvent, useState } from 'react';

/** The files an import reads: an Excel workbook or a CSV, by extension or by type. */
export const SPREADSHEET_ACCEPT = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';

interface UploadMutation {
  mutate: (vars: { file: File; onProgress: (share: number) => void }, options: { onSettled: () => void }) => void;
  reset: () => void;
}

/**
 * The chosen file and its upload: choosing another file clears the last outcome; `progress` is
 * 0…1 while it goes up (for `UploadProgress`), null otherwise.
 */
export function useSpreadsheetUpload(upload: UploadMutation) {
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  return {
    file,
    progress,
    choose: (chosen: File | null) => {
      setFile(chosen);
      upload.reset();
    },
    submit: (e: FormEvent) => {
      e.preventDefault();
      if (!file) return;
      setProgress(0);
      upload.mutate({ file, onProgress: setProgress }, { onSettled: () => setProgress(null) });
    },
  };
}

/** The file input of an import, with its label above it (`className`: the form's field style). */
export function SpreadsheetInput({
  label,
  className,
  onChoose,
  testId,
}: {
  label: string;
  className: string;
  onChoose: (file: File | null) => void;
  testId: string;
}) {
  return (
    <label className={className}>
      <span>{label}</span>
      <input type="file" accept={SPREADSHEET_ACCEPT} onChange={(e) => onChoose(e.target.files?.[0] ?? null)} data-testid={testId} />
    </label>
  );
}

/** "⬇ Mẫu Excel" and "⬇ Mẫu CSV": the template to fill in, in either format. */
export function TemplateLinks({
  href,
  xlsx,
  csv,
  testId,
}: {
  href: (format: 'xlsx' | 'csv') => string;
  xlsx: string;
  csv: string;
  /** Prefix of the links' test ids: `${testId}-xlsx`, `${testId}-csv`. */
  testId: string;
}) {
  return (
    <p className="actions">
      <a className="nav-button" href={href('xlsx')} download data-testid={`${testId}-xlsx`}>
        ⬇ {xlsx}
      </a>
      <a className="nav-button" href={href('csv')} download data-testid={`${testId}-csv`}>
        ⬇ {csv}
      </a>
    </p>
  );
}
