/**
 * The mail port over SMTP (nodemailer): for an operator's mail server (PATRON_SMTP_URL, e.g.
 * smtps://user:password@mail.example.com) and for the demo's local sink. One pooled transport per
 * process; a send that the server refuses or that times out rejects, and the caller decides.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Mailer, MailMessage } from './mailer.ts';

export interface SmtpMailerOptions {
  /** smtp:// or smtps:// URL, credentials included. */
  url: string;
  /** The From address of every message. */
  from: string;
}

const TIMEOUT_MS = 10_000;

export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;
  private readonly from: string;

  constructor(options: SmtpMailerOptions) {
    this.from = options.from;
    const url = new URL(options.url);
    this.transport = nodemailer.createTransport({
      host: url.hostname,
      port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
      secure: url.protocol === 'smtps:',
      ...(url.username
        ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
        : {}),
      connectionTimeout: TIMEOUT_MS,
      greetingTimeout: TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS,
      // Messages hold one-time codes and exports: never logged.
      logger: false,
      debug: false,
    });
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      attachments: (message.attachments ?? []).map((a) => ({
        filename: a.filename,
        content: a.content,
        contentType: a.contentType,
      })),
    });
  }

  close(): void {
    this.transport.close();
  }
}
