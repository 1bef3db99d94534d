/**
 * `npm run report -- --unit 01 --period 2022-09 --format pdf,docx,xlsx --out DIR [--lang en]`:
 * writes the monthly report of a unit to files, from the database in DATABASE_URL.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isPeriod } from '@tiendo/shared';
import { loadConfig } from '../config.ts';
import { openDb } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { REPORT_FORMATS, type ReportFormat, renderModel, reportFilenames } from '../reports/index.ts';
import { buildReportModel } from '../reports/report-data.ts';
import { LANGS, type Lang } from '../reports/text.ts';
import { createServices } from '../services/index.ts';

const USAGE = 'Usage: npm run report -- --unit 01 --period YYYY-MM [--format pdf,docx,xlsx] [--lang vi|en] [--out DIR]';

function fail(message: string): never {
  console.error(message);
  console.error(USAGE);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    unit: { type: 'string' },
    period: { type: 'string' },
    format: { type: 'string', default: 'pdf,docx,xlsx' },
    lang: { type: 'string', default: 'vi' },
    out: { type: 'string', default: '.' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!values.unit) fail('Missing --unit.');
if (!values.period || !isPeriod(values.period)) fail('Missing or invalid --period (YYYY-MM).');
const formats = values.format.split(',').map((f) => f.trim().toLowerCase());
const bad = formats.filter((f) => !(REPORT_FORMATS as readonly string[]).includes(f));
if (bad.length > 0 || formats.length === 0) fail(`Unknown format: ${bad.join(', ')} (pdf, docx, xlsx).`);
if (!(LANGS as readonly string[]).includes(values.lang)) fail(`Unknown language: ${values.lang} (vi, en).`);

const config = loadConfig();
const db = openDb(config.databaseUrl);
try {
  const services = createServices(db, config);
  const model = buildReportModel(services, values.unit, values.period, values.lang as Lang);
  const out = resolve(values.out);
  mkdirSync(out, { recursive: true });
  for (const format of formats as ReportFormat[]) {
    const started = performance.now();
    const data = await renderModel(model, format);
    const file = join(out, reportFilenames(model, format).asciiFilename);
    writeFileSync(file, data);
    console.log(`${file}  ${(data.length / 1024).toFixed(0)} KB  ${(performance.now() - started).toFixed(0)} ms`);
  }
} catch (err) {
  if (err instanceof AppError) {
    console.error(err.message);
    process.exitCode = 1;
  } else throw err;
} finally {
  db.close();
}
