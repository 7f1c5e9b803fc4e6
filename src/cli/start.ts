/**
 * `patron start`: the server (src/server.ts) composed with what demo mode adds from src/demo: the
 * demo organization instead of the first admin, the POS simulators next to the worker, and, without
 * an SMTP server, a local mail sink with its mailbox routes. Composed here so that the service
 * itself (server.ts, http/, mail/) imports nothing of src/demo (.dependency-cruiser.cjs).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import { bootstrapFirstAdmin } from '../demo/bootstrap-admin.ts';
import { demoKioskKeyFile } from '../demo/demo-kiosk-key.ts';
import { startDemoMail } from '../demo/demo-mail.ts';
import { type DemoSetup, ensureDemo } from '../demo/demo-organization.ts';
import type { MailSink } from '../demo/mail-sink.ts';
import { demoMailboxRoutes } from '../demo/mailbox-routes.ts';
import type { Logger } from '../logger.ts';
import { mailForConfig, type ServerMail } from '../mail/mailer-for-config.ts';
import { type RunningServer, type ServerRole, type StartedMail, startServer } from '../server.ts';

/** The server's mail: the operator's SMTP server; in demo mode without one, the local sink; otherwise none. */
export function serverMail(config: Config, logger: Logger): Promise<ServerMail<MailSink>> {
  return mailForConfig<MailSink>(
    config,
    logger,
    config.demo ? () => startDemoMail(config.mail.from, logger) : undefined,
  );
}

async function startMail(config: Config, logger: Logger): Promise<StartedMail> {
  const mail = await serverMail(config, logger);
  const sink = mail.sink;
  if (!sink) return mail;
  const mailbox: FastifyPluginAsyncZod = async (api) => {
    await api.register(demoMailboxRoutes, { sink });
  };
  return { ...mail, routes: [mailbox] };
}

export function startPatron(config: Config, logger: Logger, role: ServerRole): Promise<RunningServer<DemoSetup>> {
  if (!config.demo) {
    return startServer<DemoSetup>(config, logger, {
      role,
      setUp: async (db) => {
        await bootstrapFirstAdmin(db, config.bootstrapAdmin);
        return undefined;
      },
      startMail: () => startMail(config, logger),
    });
  }
  return startServer<DemoSetup>(config, logger, {
    role,
    setUp: (db) => ensureDemo(db, config.demoPassword, { kioskKeyFile: demoKioskKeyFile(config.dataDir) }),
    startMail: () => startMail(config, logger),
    ...(config.simulators
      ? {
          // Loaded only here: outside demo mode a process carries no simulator code at all.
          withWorker: async (deps, demo) => {
            const { startDemoSimulators } = await import('../demo/simulators.ts');
            return startDemoSimulators(deps, demo, { dataDir: config.dataDir });
          },
        }
      : {}),
  });
}
