/**
 * The mail port when no SMTP server is configured (PATRON_SMTP_URL unset, outside demo mode): it
 * sends nothing and says so. Callers ask `canSendMail` first and offer what works without email
 * (a customer's second factor falls back to a staff confirmation).
 */
import type { Mailer, MailMessage } from './mailer.ts';

export const EMAIL_UNAVAILABLE =
  'Email is not configured on this Patron (PATRON_SMTP_URL), so no code can be sent; ask the staff to confirm.';

export class UnconfiguredMailer implements Mailer {
  async send(_message: MailMessage): Promise<void> {
    throw new Error(EMAIL_UNAVAILABLE);
  }
}

export function canSendMail(mailer: Mailer): boolean {
  return !(mailer instanceof UnconfiguredMailer);
}
