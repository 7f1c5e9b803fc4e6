/**
 * The demo's local mail server: an SMTP sink on loopback (smtp-server) that keeps the last messages
 * in memory, so the one-time codes and exports Patron mails can be read by staff on
 * GET /demo/mailbox (demo-mailbox-routes.ts) without any real mail leaving the machine.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SunkMessage {
  id: string;
  receivedAt: Date;
  from: string;
  to: string[];
  subject: string;
  text: string;
  attachments: { filename: string; contentType: string; size: number; content: string }[];
}

/** Enough for a demo; older messages are dropped. */
const KEPT = 200;
const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

export interface MailSink {
  /** smtp://127.0.0.1:<port> */
  url: string;
  /** Newest first. */
  messages(): readonly SunkMessage[];
  stop(): Promise<void>;
}

export async function startMailSink(port = 0): Promise<MailSink> {
  const kept: SunkMessage[] = [];
  let counter = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          counter += 1;
          kept.unshift({
            id: String(counter),
            receivedAt: new Date(),
            from: mail.from?.text ?? '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            attachments: mail.attachments.map((a) => ({
              filename: a.filename ?? 'attachment',
              contentType: a.contentType,
              size: a.size,
              content: a.content.toString('utf8'),
            })),
          });
          kept.length = Math.min(kept.length, KEPT);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    messages: () => kept,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
