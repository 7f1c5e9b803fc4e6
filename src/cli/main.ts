#!/usr/bin/env node
/**
 * The `patron` command. Exit codes: 0 done, 1 failed, 2 bad usage or configuration.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { AppError } from '../domain/errors.ts';
import { createLogger } from '../logger.ts';
import { demoSeed, keysCreate, migrate, usersCreate } from './admin-commands.ts';
import { keysRotate } from './keys-rotate.ts';
import { UsageError } from './usage-error.ts';

const HELP = `patron — one customer record for cannabis dispensaries

Usage:
  patron start [--role api|worker|all]
                                    run the service (demo data unless PATRON_DEMO=0); api serves HTTP
                                    and queues jobs, worker runs pulls, all (default) does both
  patron migrate                    apply database migrations and exit
  patron web build                  build the web app (src/web) if its sources changed (start does too)
  patron users create --email E --name N --role staff|manager|admin [--org SLUG]
                                    password from PATRON_NEW_USER_PASSWORD or standard input
  patron keys create --name N --role kiosk|integration [--store STORE_ID] [--org SLUG]
                                    prints the new API key once
  patron keys rotate [--batch-size N]
                                    re-encrypts every encrypted value with PATRON_MASTER_KEY, reading
                                    old ones with PATRON_PREVIOUS_MASTER_KEYS (see SECURITY.md)
  patron demo seed --customers N [--org SLUG] [--seed S]
                                    adds N synthetic customers (default org: demo-dispensary)

Environment: PORT, HOST, DATABASE_URL, PATRON_APP_DATABASE_URL, PATRON_DATA_DIR, PATRON_DEMO, LOG_LEVEL,
PATRON_METRICS_PORT (GET /metrics on its own listener; see README.md).`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      org: { type: 'string' },
      store: { type: 'string' },
      customers: { type: 'string' },
      seed: { type: 'string' },
      'batch-size': { type: 'string' },
    },
  });
  const command = positionals.join(' ');
  if (values.help || command === '' || command === 'help') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const config = loadConfig();
  const logger = createLogger(command === 'start' ? config.logLevel : 'warn');
  switch (command) {
    case 'web build': {
      const { ensureWebBuilt } = await import('./web-build.ts');
      process.stdout.write(`web app: ${await ensureWebBuilt()}\n`);
      return 0;
    }
    case 'start': {
      const { SERVER_ROLES, stopOnSignals } = await import('../server.ts');
      const { startPatron } = await import('./start.ts');
      const role = values.role ?? 'all';
      if (!(SERVER_ROLES as readonly string[]).includes(role)) {
        throw new UsageError(`--role must be one of ${SERVER_ROLES.join(', ')} for start`);
      }
      if (role !== 'worker') {
        const { ensureWebBuilt } = await import('./web-build.ts');
        await ensureWebBuilt((line) => process.stdout.write(`${line}\n`));
      }
      const server = await startPatron(config, logger, role as (typeof SERVER_ROLES)[number]);
      stopOnSignals(server, logger);
      if (server.setup && server.url) {
        // On every start: the key and the customers are kept in the data folder, so this stays true.
        process.stdout.write(
          `\nPatron is running at ${server.url} (demo mode)\n` +
            `  log in as admin@demo.test, manager@demo.test or staff@demo.test with the password ${config.demoPassword}\n` +
            `  kiosk key for the Treez Store: ${server.setup.kioskKey}\n` +
            `  the simulators' customers, the keys${config.databaseUrl ? '' : ' and the database'} are kept in ` +
            `${config.dataDir}; delete it to start the demo afresh\n` +
            (config.mail.smtpUrl
              ? ''
              : `  mail (customers' one-time codes and exports) goes to a local sink: GET ${server.url}/api/v1/demo/mailbox as staff\n`) +
            `  kiosk: ${server.url}/kiosk (set it up once with a staff login and the kiosk key above)\n` +
            `  API docs: ${server.url}/docs\n` +
            (server.metricsUrl ? `  metrics: ${server.metricsUrl}/metrics\n` : '') +
            '\n',
        );
      }
      return new Promise<number>(() => {}); // runs until a signal stops it
    }
    case 'migrate':
      await migrate(config, logger);
      process.stdout.write('migrations applied\n');
      return 0;
    case 'users create': {
      const user = await usersCreate(config, logger, values);
      process.stdout.write(`created ${user.role} ${user.email} (${user.id})\n`);
      return 0;
    }
    case 'keys create': {
      const key = await keysCreate(config, logger, values);
      process.stdout.write(`created ${key.role} key "${key.name}" (${key.id}); it is shown only now:\n${key.key}\n`);
      return 0;
    }
    case 'keys rotate':
      return keysRotate(config, logger, values, (line) => process.stdout.write(`${line}\n`));
    case 'demo seed': {
      const result = await demoSeed(config, logger, values, (line) => process.stdout.write(`${line}\n`));
      process.stdout.write(
        `seeded ${result.inserted} customers in ${(result.elapsedMs / 1000).toFixed(1)} s ` +
          `(${Math.round(result.rate)}/s)${result.skipped > 0 ? `; ${result.skipped} skipped as already present` : ''}\n`,
      );
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"; run "patron --help"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof UsageError) {
      process.stderr.write(`patron: ${error.message}\n`);
      process.exit(2);
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`patron: ${error.message}; run "patron --help"\n`);
      process.exit(2);
    }
    if (error instanceof AppError) {
      process.stderr.write(`patron: ${error.message}\n`);
      process.exit(error.kind === 'validation' ? 2 : 1);
    }
    process.stderr.write(`patron: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
