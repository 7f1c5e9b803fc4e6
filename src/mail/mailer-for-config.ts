/**
 * Which mail adapter the server uses: the operator's SMTP server (PATRON_SMTP_URL); in demo mode
 * without one, a local SMTP sink on loopback whose mailbox staff can read (GET /demo/mailbox);
 * otherwise none, said once at start: a customer's second factor is then a staff confirmation only.
 */
import type { Config } from '../config.ts';
import { type MailSink, startMailSink } from '../demo/mail-sink.ts';
import type { Logger } from '../logger.ts';
import type { Mailer } from './mailer.ts';
import { SmtpMailer } from './smtp-mailer.ts';
import { EMAIL_UNAVAILABLE, UnconfiguredMailer } from './unconfigured-mailer.ts';

export interface ServerMail {
  mailer: Mailer;
  /** The demo's sink, when it runs. */
  sink: MailSink | undefined;
  stop(): Promise<void>;
}

export async function mailForConfig(config: Config, logger: Logger): Promise<ServerMail> {
  if (config.mail.smtpUrl) {
    const smtp = new SmtpMailer({ url: config.mail.smtpUrl, from: config.mail.from });
    return { mailer: smtp, sink: undefined, stop: async () => smtp.close() };
  }
  if (config.demo) {
    const sink = await startMailSink();
    const smtp = new SmtpMailer({ url: sink.url, from: config.mail.from });
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
  logger.warn(EMAIL_UNAVAILABLE);
  return { mailer: new UnconfiguredMailer(), sink: undefined, stop: async () => undefined };
}
