/**
 * Which mail adapter the server uses: the operator's SMTP server (PATRON_SMTP_URL); without one, the
 * fallback the CLI gives (demo mode: a local SMTP sink on loopback whose mailbox staff can read,
 * src/demo/demo-mail.ts); otherwise none, said once at start: a customer's second factor is then a
 * staff confirmation only. mail/ imports nothing of src/demo: the CLI composes the demo.
 */
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Mailer } from './mailer.ts';
import { SmtpMailer } from './smtp-mailer.ts';
import { EMAIL_UNAVAILABLE, UnconfiguredMailer } from './unconfigured-mailer.ts';

/** `S`: what the fallback keeps the mail in (demo mode: its sink), for whoever shows it. */
export interface ServerMail<S = never> {
  mailer: Mailer;
  /** The fallback's sink, when it runs. */
  sink: S | undefined;
  stop(): Promise<void>;
}

export async function mailForConfig<S = never>(
  config: Config,
  logger: Logger,
  /** The mail when PATRON_SMTP_URL is unset (demo mode's local sink); none (no mail) when absent. */
  fallback?: () => Promise<ServerMail<S>>,
): Promise<ServerMail<S>> {
  if (config.mail.smtpUrl) {
    const smtp = new SmtpMailer({ url: config.mail.smtpUrl, from: config.mail.from });
    return { mailer: smtp, sink: undefined, stop: async () => smtp.close() };
  }
  if (fallback) return fallback();
  logger.warn(EMAIL_UNAVAILABLE);
  return { mailer: new UnconfiguredMailer(), sink: undefined, stop: async () => undefined };
}
