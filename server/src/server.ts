/** Entry point of `npm start`: open (and if need be seed) the database, listen, close gracefully. */
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openDb } from './db/client.ts';
import { isDatabaseEmpty, startupProblem } from './services/demo-service.ts';
import { startNotificationJobs } from './services/notification-scheduler.ts';

const config = loadConfig();
const db = openDb(config.databaseUrl, { backgroundCheckpoints: true });
const app = await buildApp({ db, config, serveSpa: true });

if (config.seedDemo && isDatabaseEmpty(db.sqlite)) {
  app.log.info('Empty database: loading the Hanoi demo (about half a minute)…');
  const r = await app.services.demo.load();
  app.log.info(r, 'Hanoi demo loaded');
}

const problem = startupProblem(config, db.sqlite);
if (problem) {
  console.error(problem);
  await app.close();
  db.close();
  process.exit(1);
}

// Reminders and the mail outbox run in every server process: both are safe to run side by side.
const jobs = startNotificationJobs({
  sqlite: db.sqlite,
  notifications: app.services.notifications,
  smtpUrl: config.smtpUrl,
  mailFrom: config.mailFrom,
  log: app.log,
});

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: closing`);
    jobs.stop();
    await app.close();
    db.close();
    process.exit(0);
  });
}

try {
  await app.listen({ host: config.host, port: config.port });
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  console.log(`\nTiến độ 06 đang chạy tại / is running at http://${shownHost}:${config.port}\n`);
} catch (err) {
  app.log.error(err);
  db.close();
  process.exit(1);
}
