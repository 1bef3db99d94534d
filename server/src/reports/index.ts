import { type MapView, REPORT_FORMATS, type ReportFormat } from '@tiendo/shared';
/** Builds the monthly report in one format: the route, the CLI and the benchmark all call this. */
import type { Services } from '../services/index.ts';
import { buildDocx } from './docx-report.ts';
import { buildPdf } from './pdf-report.ts';
import { buildReportModel, type ReportModel } from './report-data.ts';
import type { Lang } from './text.ts';
import { buildXlsx } from './xlsx-report.ts';

export { REPORT_FORMATS, type ReportFormat };

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface BuiltReport {
  data: Buffer;
  contentType: string;
  /** Vietnamese file name, e.g. `Bao-cao-De-an-06_Ha-Noi_2026-11.pdf` in ASCII and `Báo cáo Đề án 06 - Hà Nội - 11-2026.pdf`. */
  filename: string;
  asciiFilename: string;
}

export function renderModel(m: ReportModel, format: ReportFormat): Promise<Buffer> {
  if (format === 'pdf') return buildPdf(m);
  if (format === 'docx') return buildDocx(m);
  return buildXlsx(m);
}

/** Drops diacritics (đ → d too) and anything outside [A-Za-z0-9-]. */
export function asciiSlug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function reportFilenames(
  m: Pick<ReportModel, 'unit' | 'period' | 'lang'>,
  format: ReportFormat,
): { filename: string; asciiFilename: string } {
  const annex = format === 'xlsx';
  const base =
    m.lang === 'vi' ? (annex ? 'Phụ lục báo cáo Đề án 06' : 'Báo cáo Đề án 06') : annex ? 'Project 06 report annex' : 'Project 06 report';
  const filename = `${base} - ${m.unit.name} - ${m.period}.${format}`;
  return { filename, asciiFilename: `${asciiSlug(base)}_${asciiSlug(m.unit.name) || m.unit.code}_${m.period}.${format}` };
}

export async function buildReport(
  services: Services,
  code: string,
  period: string,
  format: ReportFormat,
  lang: Lang,
  map: MapView = 'period',
): Promise<BuiltReport> {
  const model = buildReportModel(services, code, period, lang, map);
  const data = await renderModel(model, format);
  return { data, contentType: CONTENT_TYPES[format], ...reportFilenames(model, format) };
}
