/** `npm run seed -- --reset`: rebuild the Hanoi demo (refuses to wipe a non-empty database without --reset). */
import { loadConfig } from '../config.ts';
import { databasePath, openDb } from '../db/client.ts';
import { isDatabaseEmpty } from '../services/demo-service.ts';
import { createServices } from '../services/index.ts';

const args = process.argv.slice(2);
const reset = args.includes('--reset');
const config = loadConfig();
const db = openDb(config.databaseUrl);
try {
  if (!reset && !isDatabaseEmpty(db.sqlite)) {
    console.error(`The database ${databasePath(config.databaseUrl)} already holds data. Use --reset to wipe it and load the demo.`);
    process.exitCode = 2;
  } else {
    const services = createServices(db, config);
    const r = await services.demo.load();
    console.log(
      `Hanoi demo loaded into ${databasePath(config.databaseUrl)}: ${r.units} units, ${r.figures} figures, ${r.reports} reports, ${r.rollups} roll-up rows in ${(r.ms / 1000).toFixed(1)} s`,
    );
  }
} finally {
  db.close();
}
