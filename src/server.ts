/**
 * Starting and stopping the service: database (embedded or DATABASE_URL), migrations, demo or
 * first-admin set-up, then by role the HTTP server (`api`), the job worker with its pull scheduler
 * and, in demo mode, the POS simulators (`worker`), or both (`all`, the default); for every role,
 * the metrics listener when `PATRON_METRICS_PORT` is set. Shutdown stops
 * accepting requests and lets in-flight ones finish, stops the worker (pg-boss waits for running
 * jobs up to a grace period), then the simulators (which write their stores), then closes the
 * database (ending at the server any work the worker's grace left running, see pool-drain.ts).
 * What demo mode adds (its organization, simulators, mail sink and mailbox routes) comes from src/demo
 * through `StartOptions`, composed by the CLI (src/cli/start.ts): the service imports nothing of it.
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { PgBoss } from 'pg-boss';
import type { Config } from './config.ts';
import { type Database, type Db, openDatabase } from './db/database.ts';
import { createOutboundHttp, type OutboundHttp } from './egress/outbound-http.ts';
import { createTargetPolicy } from './egress/target-policy.ts';
import { buildApp } from './http/app.ts';
import { createMetrics } from './http/metrics.ts';
import { type MetricsListener, startMetricsListener } from './http/metrics-server.ts';
import { privacyPorts } from './http/privacy-ports.ts';
import type { Logger } from './logger.ts';
import type { Mailer } from './mail/mailer.ts';
import { createFieldProtection } from './privacy/field-protector.ts';
import { DEVELOPMENT_KEY_WARNING, loadMasterKey } from './privacy/master-key.ts';
import { startRetentionJob } from './privacy/retention-job.ts';
import { createSyncVault } from './privacy/vault.ts';
import type { IntegrationDeps } from './sync/integrations/integrations.ts';
import { createSyncQueue } from './sync/jobs/pull-requests.ts';
import { startPullScheduler } from './sync/jobs/pull-scheduler.ts';
import { workPulls } from './sync/jobs/pull-worker.ts';
import { workPushes } from './sync/jobs/push-worker.ts';
import { lazyJobBoss, startJobBoss } from './sync/jobs/queues.ts';
import { startOutboxDispatcher } from './sync/outbound/dispatcher.ts';
import { webhookChangeConsumer, webhookJobSender, workWebhookDeliveries } from './webhooks/delivery.ts';

/** Where Vite builds the web app (vite.config.ts); src/cli/web-build.ts keeps it current. */
export const WEB_APP_BUILD = path.resolve(import.meta.dirname, '../dist/web');

export const SERVER_ROLES = ['api', 'worker', 'all'] as const;
export type ServerRole = (typeof SERVER_ROLES)[number];

/** How long running pulls may take to finish their page on shutdown before pg-boss lets go. */
const WORKER_GRACE_MS = 20_000;

/** The mail of the api role, with the routes that show it (demo mode's mailbox). */
export interface StartedMail {
  mailer: Mailer;
  /** More routes under /api/v1 (GET /demo/mailbox). */
  routes?: FastifyPluginAsyncZod[];
  stop(): Promise<void>;
}

/** What the CLI composes into a start (src/cli/start.ts); `S` is what `setUp` answers (the demo's set-up). */
export interface StartOptions<S> {
  role: ServerRole;
  /** After migrations: demo mode's organization (answered as `RunningServer.setup`), or the first admin (undefined). */
  setUp(db: Db): Promise<S | undefined>;
  /** Started for the api role (and `all`). */
  startMail(): Promise<StartedMail>;
  /** Started with the worker once set up (demo mode's POS simulators); stopped after the worker, before the database. */
  withWorker?(deps: IntegrationDeps, setup: S): Promise<{ stop(): Promise<void> }>;
}

export interface RunningServer<S = unknown> {
  /** Absent for the `worker` role, which serves no HTTP. */
  app: FastifyInstance | undefined;
  database: Database;
  url: string | undefined;
  /** Where `GET /metrics` is served (PATRON_METRICS_PORT); absent when it is off. */
  metricsUrl: string | undefined;
  role: ServerRole;
  /** What `StartOptions.setUp` answered (demo mode: the demo organization, its stores and kiosk key). */
  setup: S | undefined;
  stop(): Promise<void>;
}

export async function startServer<S>(
  config: Config,
  logger: Logger,
  options: StartOptions<S>,
): Promise<RunningServer<S>> {
  const { role } = options;
  const started = Date.now();
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    appDatabaseUrl: config.appDatabaseUrl,
    dataDir: config.dataDir,
    embeddedPgPort: config.embeddedPgPort,
    logger,
  });
  let worker: { boss: PgBoss; scheduler: { stop(): Promise<void> }; dispatcher: { stop(): Promise<void> } } | undefined;
  let retention: { stop(): Promise<void> } | undefined;
  let sender: ReturnType<typeof lazyJobBoss> | undefined;
  let simulators: { stop(): Promise<void> } | undefined;
  let app: FastifyInstance | undefined;
  let metricsListener: MetricsListener | undefined;
  let mail: StartedMail | undefined;
  let outbound: OutboundHttp | undefined;
  // Producers first (no new jobs), then the running jobs finish while what they talk to is still
  // up: the simulators go only after the worker, or each pull in flight fails on a refused connection.
  const stopJobs = async () => {
    if (worker) {
      await worker.scheduler.stop();
      await worker.dispatcher.stop();
      await retention?.stop();
      await worker.boss.stop({ graceful: true, timeout: WORKER_GRACE_MS });
    }
    await simulators?.stop();
    await sender?.stop();
    await mail?.stop();
    await outbound?.close();
  };
  try {
    await database.migrate();
    const setup = await options.setUp(database.db);

    const masterKey = await loadMasterKey({
      masterKey: config.masterKey,
      dataDir: config.dataDir,
      previousMasterKeys: config.previousMasterKeys,
    });
    if (masterKey.isDevelopmentKey) logger.warn({ file: masterKey.file }, DEVELOPMENT_KEY_WARNING);
    // Retired keys only read: what they wrote stays readable until `patron keys rotate` re-encrypts it.
    const protection = createFieldProtection(masterKey.key, masterKey.retiredKeys);
    const vault = createSyncVault(masterKey.key, masterKey.retiredKeys);
    // Every outbound call (POS, token endpoints, connection tests, webhooks) goes through this one connector.
    outbound = createOutboundHttp(createTargetPolicy(config.allowedTargets));

    let getBoss: () => Promise<PgBoss>;
    if (role === 'api') {
      sender = lazyJobBoss({ pool: database.pool, logger, liveness: config.jobLiveness });
      // Started now, not at the first request that queues a job: pg-boss's own set-up (its schema,
      // the queues, the application role's grants) runs on the owner's connection, never in a request.
      await sender.get();
      getBoss = sender.get;
    } else {
      const boss = await startJobBoss({ pool: database.pool, logger, supervise: true, liveness: config.jobLiveness });
      getBoss = async () => boss;
      const queue = createSyncQueue(database.db, getBoss);
      if (setup !== undefined && options.withWorker) {
        simulators = await options.withWorker({ db: database.db, vault, logger, outbound }, setup);
      }
      await workPulls(boss, { db: database.db, vault, protection, logger, outbound });
      await workPushes(boss, { db: database.db, vault, protection, logger, outbound });
      await workWebhookDeliveries(boss, { db: database.db, vault, logger, outbound });
      worker = {
        boss,
        scheduler: startPullScheduler(database.db, queue, logger),
        dispatcher: startOutboxDispatcher(
          database.db,
          queue.requestPush,
          logger,
          200,
          webhookChangeConsumer(webhookJobSender(getBoss)),
        ),
      };
      retention = await startRetentionJob(boss, database.db, privacyPorts().erasure, logger);
    }

    // Every role has process figures worth scraping; the api role adds its request latencies.
    const metrics = createMetrics();
    if (config.metrics.port !== undefined) {
      metricsListener = await startMetricsListener({
        metrics,
        token: config.metrics.token,
        logger,
        host: config.metrics.host,
        port: config.metrics.port,
      });
    }
    let url: string | undefined;
    if (role !== 'worker') {
      mail = await options.startMail();
      app = await buildApp({
        metrics,
        mailer: mail.mailer,
        ...(mail.routes ? { extraRoutes: mail.routes } : {}),
        db: database.db,
        protection,
        logger,
        loginPolicy: { sessionTtlMs: config.sessionTtlMs, ...config.loginThrottle },
        authCacheMs: config.authCacheMs,
        kiosk: config.kiosk,
        idNumberLookups: config.idNumberLookups,
        sync: { vault, queue: createSyncQueue(database.db, getBoss), outbound },
        webApp: { root: WEB_APP_BUILD },
      });
      url = await app.listen({ port: config.port, host: config.host });
    }
    const metricsUrl = metricsListener?.url;
    logger.info({ url, metricsUrl, role, database: database.describe, ms: Date.now() - started }, 'patron is ready');
    let stopping: Promise<void> | undefined;
    return {
      app,
      database,
      url,
      metricsUrl,
      role,
      setup,
      stop: () => {
        stopping ??= (async () => {
          await app?.close();
          await metricsListener?.close();
          await stopJobs();
          await database.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await metricsListener?.close().catch(() => undefined);
    await stopJobs().catch(() => undefined);
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
    logger.info({ signal }, 'shutting down: finishing in-flight requests and jobs');
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
