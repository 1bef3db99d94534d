/**
 * `npm run user -- <command>` manages accounts from the command line:
 *   add <username> --name "Display name" --unit <code> --role <role> [--password <pw>]
 *   passwd <username> [--password <pw>]     (without --password: a one-time password is printed)
 *   disable <username> | enable <username>
 *   list
 */
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '@tiendo/shared';
import { asc, eq } from 'drizzle-orm';
import { loadConfig } from '../config.ts';
import { openDb } from '../db/client.ts';
import { units, users as userTable } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { createServices } from '../services/index.ts';

const CLI_ACTOR = { id: null, username: 'cli' };

function usage(): never {
  console.error(`Usage:
  npm run user -- add <username> --name "Display name" --unit <unit code> --role <${ROLES.join('|')}> [--password <pw>]
  npm run user -- passwd <username> [--password <pw>]
  npm run user -- disable <username>
  npm run user -- enable <username>
  npm run user -- list`);
  process.exit(2);
}

const { positionals, values } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: { name: { type: 'string' }, unit: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' } },
});
const [command, username] = positionals;
if (!command) usage();

const config = loadConfig();
const db = openDb(config.databaseUrl);
const { users } = createServices(db, config);
try {
  switch (command) {
    case 'add': {
      if (!username || !values.name || !values.unit || !values.role) usage();
      if (!(ROLES as readonly string[]).includes(values.role)) usage();
      const r = await users.create(
        {
          username,
          displayName: values.name,
          unitCode: values.unit,
          role: values.role as Role,
          ...(values.password ? { password: values.password } : {}),
        },
        CLI_ACTOR,
      );
      console.log(`Created ${r.user.username} (${r.user.role}, unit ${values.unit}).`);
      if (r.temporaryPassword) console.log(`One-time password (must be changed at first sign-in): ${r.temporaryPassword}`);
      break;
    }
    case 'passwd': {
      if (!username) usage();
      const temporary = await users.setPassword(username, values.password ?? null, CLI_ACTOR);
      console.log(`Password of ${username} changed; their sessions are ended.`);
      if (temporary) console.log(`One-time password (must be changed at next sign-in): ${temporary}`);
      break;
    }
    case 'disable':
    case 'enable': {
      if (!username) usage();
      users.setActive(username, command === 'enable', CLI_ACTOR);
      console.log(`${username} ${command === 'enable' ? 'enabled' : 'disabled; sessions ended and API tokens revoked'}.`);
      break;
    }
    case 'list': {
      const rows = db.orm
        .select({
          username: userTable.username,
          name: userTable.displayName,
          role: userTable.role,
          unit: units.code,
          active: userTable.active,
          demo: userTable.demo,
        })
        .from(userTable)
        .innerJoin(units, eq(units.id, userTable.unitId))
        .orderBy(asc(units.path), asc(userTable.username))
        .all();
      console.table(rows);
      break;
    }
    default:
      usage();
  }
} catch (err) {
  if (err instanceof AppError) {
    console.error(err.message);
    process.exitCode = 1;
  } else throw err;
} finally {
  db.close();
}
