/**
 * Starting and stopping the service: database (embedded or DATABASE_URL), migrations, demo or
 * first-admin set-up, the HTTP server; and a shutdown that stops accepting, lets in-flight requests
 * finish, then closes the database.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { type Database, openDatabase } from './db/database.ts';
import { runMigrations } from './db/migrate.ts';
import { bootstrapFirstAdmin } from './demo/bootstrap-admin.ts';
import { type DemoSetup, ensureDemo } from './demo/demo-organization.ts';
import { buildApp } from './http/app.ts';
import type { Logger } from './logger.ts';
import { createFieldProtection } from './privacy/field-protector.ts';
import { DEVELOPMENT_KEY_WARNING, loadMasterKey } from './privacy/master-key.ts';

export interface RunningServer {
  app: FastifyInstance;
  database: Database;
  url: string;
  demo: DemoSetup | undefined;
  stop(): Promise<void>;
}

export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const started = Date.now();
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    embeddedPgPort: config.embeddedPgPort,
    logger,
  });
  try {
    await runMigrations(database.pool);
    let demo: DemoSetup | undefined;
    if (config.demo) demo = await ensureDemo(database.db, config.demoPassword);
    else await bootstrapFirstAdmin(database.db, config.bootstrapAdmin);

    const masterKey = await loadMasterKey({ masterKey: config.masterKey, dataDir: config.dataDir });
    if (masterKey.isDevelopmentKey) logger.warn({ file: masterKey.file }, DEVELOPMENT_KEY_WARNING);
    const app = await buildApp({
      db: database.db,
      protection: createFieldProtection(masterKey.key),
      logger,
      loginPolicy: { sessionTtlMs: config.sessionTtlMs, ...config.loginThrottle },
    });
    const url = await app.listen({ port: config.port, host: config.host });
    logger.info({ url, database: database.describe, ms: Date.now() - started }, 'patron is ready');
    let stopping: Promise<void> | undefined;
    return {
      app,
      database,
      url,
      demo,
      stop: () => {
        stopping ??= (async () => {
          await app.close();
          await database.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Stops the server on SIGTERM or SIGINT; a second signal exits at once. */
export function stopOnSignals(server: RunningServer, logger: Logger): void {
  let received = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) process.exit(130);
    received = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    server
      .stop()
      .then(() => {
        logger.info('stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error instanceof Error ? error.message : 'unknown' }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
