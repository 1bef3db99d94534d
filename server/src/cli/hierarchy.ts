/**
 * `npm run hierarchy -- <command>` changes the map of units from a period on, keeping every past
 * month as it was reported:
 *   reorganise --file mapping.csv --period YYYY-MM
 *       a whole correspondence table (`old_code,new_code,new_name,new_type,share`, header first),
 *       so a province can load its official table; all or nothing
 *   merge --from 00008,00025 --into 90001 --name "…" --type phường --period YYYY-MM
 *       the shortcut where each unit goes whole into one new unit
 *   template
 *       prints the table's header and an example row to start from
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { openDb } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { parseCsv, toCsv } from '../services/csv.ts';
import type { ReorgResult } from '../services/hierarchy-service.ts';
import { createServices } from '../services/index.ts';
import { reorgRowsOf } from '../services/reorganisation.ts';

const CLI_ACTOR = { id: null, username: 'cli' };

function usage(): never {
  console.error(`Usage:
  npm run hierarchy -- reorganise --file mapping.csv --period YYYY-MM
      CSV columns: old_code,new_code,new_name,new_type,share (header row first; the shares of each old unit add up to 1)
  npm run hierarchy -- merge --from <code,code,…> --into <new code> --name "<name>" --type <phường|xã|…> --period YYYY-MM
  npm run hierarchy -- template`);
  process.exit(2);
}

const { positionals, values } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: {
    file: { type: 'string' },
    from: { type: 'string' },
    into: { type: 'string' },
    name: { type: 'string' },
    type: { type: 'string' },
    period: { type: 'string' },
  },
});
const [command] = positionals;

if (command === 'template') {
  // The 2025 reform's own first row: Phúc Xá went whole into Phường Hồng Hà.
  process.stdout.write(
    toCsv([
      ['old_code', 'new_code', 'new_name', 'new_type', 'share'],
      ['00001', '00097', 'Hồng Hà', 'phường', 1],
    ]),
  );
  process.exit(0);
}
if (command === 'reorganise' ? !values.file || !values.period : command !== 'merge') usage();
if (command === 'merge' && (!values.from || !values.into || !values.name || !values.type || !values.period)) usage();

const summary = (r: ReorgResult, period: string) =>
  `${r.created} units opened, ${r.closed} closed, ${r.moved} moved from ${period}; roll-ups rebuilt.`;

const config = loadConfig();
const db = openDb(config.databaseUrl);
try {
  const { hierarchy } = createServices(db, config);
  const period = values.period as string;
  if (command === 'reorganise') {
    const rows = reorgRowsOf(parseCsv(readFileSync(values.file as string, 'utf8')));
    console.log(`Reorganised: ${summary(hierarchy.reorganise(rows, period, CLI_ACTOR), period)}`);
  } else {
    const r = hierarchy.merge(
      {
        codes: (values.from as string).split(',').map((c) => c.trim()),
        into: { code: values.into as string, name: values.name as string, type: values.type as string },
        period,
      },
      CLI_ACTOR,
    );
    console.log(`Merged into ${r.unit}: ${summary(r, period)}`);
  }
} catch (err) {
  if (err instanceof AppError) {
    console.error(err.message);
    // Every row problem at once, as the bulk import lists them, so the table is fixed in one go.
    const rowErrors = (err.details as { errors?: unknown } | undefined)?.errors;
    if (Array.isArray(rowErrors)) for (const e of rowErrors) console.error(`  ${String(e)}`);
    process.exitCode = 1;
  } else if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
    console.error(`Không đọc được tệp / cannot read ${values.file}`);
    process.exitCode = 1;
  } else throw err;
} finally {
  db.close();
}
