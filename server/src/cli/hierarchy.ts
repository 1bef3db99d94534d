/**
 * `npm run hierarchy -- merge --from 00001,00004 --into 90001 --name "Phúc Xá" --type phường --period 2027-01`
 * merges units from a month on, keeping every past month as it was reported.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { openDb } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { createServices } from '../services/index.ts';

const { positionals, values } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: {
    from: { type: 'string' },
    into: { type: 'string' },
    name: { type: 'string' },
    type: { type: 'string' },
    period: { type: 'string' },
  },
});
if (positionals[0] !== 'merge' || !values.from || !values.into || !values.name || !values.type || !values.period) {
  console.error(
    'Usage: npm run hierarchy -- merge --from <code,code,…> --into <new code> --name "<name>" --type <phường|xã|…> --period YYYY-MM',
  );
  process.exit(2);
}
const config = loadConfig();
const db = openDb(config.databaseUrl);
try {
  const r = createServices(db, config).hierarchy.merge(
    {
      codes: values.from.split(',').map((c) => c.trim()),
      into: { code: values.into, name: values.name, type: values.type },
      period: values.period,
    },
    { id: null, username: 'cli' },
  );
  console.log(`Merged into ${r.unit} from ${values.period}: ${r.created} units opened, ${r.closed} closed; roll-ups rebuilt.`);
} catch (err) {
  if (err instanceof AppError) {
    console.error(err.message);
    process.exitCode = 1;
  } else throw err;
} finally {
  db.close();
}
