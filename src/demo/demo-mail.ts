/**
 * Demo mode's mail when no SMTP server is configured: a local SMTP sink on loopback (mail-sink.ts)
 * that Patron's SMTP adapter sends to, and whose mailbox staff read on GET /demo/mailbox
 * (mailbox-routes.ts). The CLI's `start` (src/cli/start.ts) hands it to the server.
 */
import type { Logger } from '../logger.ts';
import type { ServerMail } from '../mail/mailer-for-config.ts';
import { SmtpMailer } from '../mail/smtp-mailer.ts';
import { type MailSink, startMailSink } from './mail-sink.ts';

export async function startDemoMail(from: string, logger: Logger): Promise<ServerMail<MailSink>> {
  const sink = await startMailSink();
  const smtp = new SmtpMailer({ url: sink.url, from });
  logger.info({ smtp: sink.url }, 'demo mail goes to a local SMTP sink; staff read it on GET /api/v1/demo/mailbox');
  return {
    mailer: smtp,
    sink,
    stop: async () => {
      smtp.close();
      await sink.stop();
    },
  };
}
