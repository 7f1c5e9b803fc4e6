/**
 * The mail port: how Patron sends a message to a person (one-time codes, exports, invitations).
 * Adapters: SMTP (`smtp-mailer.ts`, for operators and the demo's local sink) and in-memory (tests).
 * A message carries only what its reader needs; callers never log its body.
 */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Files sent with the message, e.g. a customer's data export as JSON. */
  attachments?: { filename: string; content: string; contentType: string }[];
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** Keeps every message in memory, newest last: for tests, and for reading what would have gone out. */
export class MemoryMailer implements Mailer {
  readonly sent: MailMessage[] = [];

  async send(message: MailMessage): Promise<void> {
    this.sent.push(structuredClone(message));
  }

  /** The messages sent to one address, oldest first. */
  to(address: string): MailMessage[] {
    return this.sent.filter((m) => m.to.toLowerCase() === address.toLowerCase());
  }
}
