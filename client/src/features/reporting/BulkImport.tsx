import { useQuery } from '@tanstack/react-query';
import { detailErrors, useItemText } from '../../api/errors.ts';
import { HttpError } from '../../api/http.ts';
import { ErrorPanel } from '../../components/QueryState.tsx';
import { SpreadsheetInput, TemplateLinks, useSpreadsheetUpload } from '../../components/SpreadsheetUpload.tsx';
import { TableScroll } from '../../components/TableScroll.tsx';
import { UploadProgress } from '../../components/UploadProgress.tsx';
import { formatNumber } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { saveCsv } from '../../lib/save-blob.ts';
import { kpisQuery } from '../catalog/queries.ts';
import { kpiName } from '../dashboard/view.ts';
import { type ImportError, importErrorsCsv, refusalCounts, sortImportErrors } from './import-errors.ts';
import { useImportReports } from './mutations.ts';
import { templateUrl } from './queries.ts';

/**
 * Template download and upload for the units below: upload progress, then "checking" while the
 * server reads the file, then what was imported and skipped, or the refusal with its errors (the
 * first 200 listed, the rest counted) and a downloadable error list.
 */
export function BulkImport({ unit, period }: { unit: string; period: string }) {
  const { t, lang } = useLang();
  const itemText = useItemText();
  const upload = useImportReports(unit, period);
  const { file, progress, choose, submit } = useSpreadsheetUpload(upload);
  const errors = sortImportErrors(detailErrors<ImportError>(upload.error));
  const counts = upload.error instanceof HttpError ? refusalCounts(upload.error.details) : null;
  const kpis = useQuery(kpisQuery());
  // a ratio's columns are `<code>_numerator` / `<code>_denominator`; name the KPI either way
  const kpiLabel = (code: string | null) => {
    if (!code) return '—';
    const k = kpis.data?.find((x) => x.code === code || code.startsWith(`${x.code}_`));
    return k ? kpiName(k, lang) : code;
  };

  const downloadErrors = () => {
    saveCsv(importErrorsCsv(errors, ['row', 'unit_code', 'kpi', 'message']), `loi-nhap-${unit}-${period}.csv`);
  };

  return (
    <section className="panel bulk" aria-labelledby="bulk-heading" data-testid="bulk">
      <h2 id="bulk-heading">{t('reporting.bulk.heading')}</h2>
      <p className="muted">{t('reporting.bulk.intro')}</p>
      <TemplateLinks
        href={(format) => templateUrl(unit, period, format)}
        xlsx={t('reporting.bulk.xlsx')}
        csv={t('reporting.bulk.csv')}
        testId="template"
      />
      <form className="bulk-upload" onSubmit={submit}>
        <SpreadsheetInput label={t('reporting.bulk.file')} className="field-block" onChoose={choose} testId="import-file" />
        <button type="submit" className="primary" disabled={!file || upload.isPending} data-testid="import-submit">
          {t('reporting.bulk.upload')}
        </button>
      </form>
      <UploadProgress
        progress={progress}
        label={t('reporting.bulk.progress')}
        uploading={(percent) => t('reporting.bulk.uploading', { percent })}
        checking={t('reporting.bulk.checking')}
      />
      {upload.data && (
        <p className="notice success" role="status" data-testid="import-done">
          {upload.data.imported > 0
            ? t('reporting.bulk.imported', { n: formatNumber(upload.data.imported, lang) })
            : t('reporting.bulk.unchanged', { n: formatNumber(upload.data.skipped, lang) })}
          {upload.data.imported > 0 && upload.data.skipped > 0 && (
            <> {t('reporting.bulk.skipped', { n: formatNumber(upload.data.skipped, lang) })}</>
          )}
        </p>
      )}
      {upload.error !== null && errors.length > 0 && (
        <div className="import-errors" role="alert" data-testid="import-errors">
          <p>
            <strong>{t('reporting.bulk.errors', { n: formatNumber(counts?.total ?? errors.length, lang) })}</strong>{' '}
            {counts && counts.refused > 0 && (
              <span data-testid="import-counts">
                {t('reporting.bulk.refusedRows', { n: formatNumber(counts.refused, lang) })}{' '}
                {counts.skipped > 0 && `${t('reporting.bulk.unchangedRows', { n: formatNumber(counts.skipped, lang) })} `}
              </span>
            )}
            <button type="button" onClick={downloadErrors} data-testid="import-errors-csv">
              ⬇ {t('reporting.bulk.downloadErrors')}
            </button>
          </p>
          <TableScroll label={t('reporting.bulk.errors', { n: formatNumber(counts?.total ?? errors.length, lang) })}>
            <table className="compact-table stack-table">
              <thead>
                <tr>
                  <th scope="col">{t('reporting.bulk.row')}</th>
                  <th scope="col">{t('reporting.bulk.unit')}</th>
                  <th scope="col">{t('reporting.bulk.kpi')}</th>
                  <th scope="col">{t('reporting.bulk.message')}</th>
                </tr>
              </thead>
              <tbody>
                {errors.slice(0, 200).map((e) => (
                  <tr key={`${e.row}-${e.kpi}-${e.message}`}>
                    <td className="num">
                      <span className="visually-hidden">{t('reporting.bulk.row')} </span>
                      {e.row}
                    </td>
                    <td>{e.unit ?? '—'}</td>
                    <td>{kpiLabel(e.kpi)}</td>
                    <td>{itemText(e)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          {counts && counts.omitted > 0 && (
            <p className="muted" data-testid="import-omitted">
              {t('reporting.bulk.omitted', { n: formatNumber(counts.omitted, lang) })}
            </p>
          )}
        </div>
      )}
      {upload.error !== null && errors.length === 0 && <ErrorPanel error={upload.error} />}
    </section>
  );
}
