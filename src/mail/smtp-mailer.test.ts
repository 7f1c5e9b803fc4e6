/** The SMTP adapter against a real SMTP server on loopback: the demo's sink (smtp-server), on port 0. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MailSink, startMailSink } from '../demo/mail-sink.ts';
import { SmtpMailer } from './smtp-mailer.ts';

let sink: MailSink;
let mailer: SmtpMailer;
beforeAll(async () => {
  sink = await startMailSink(0);
  mailer = new SmtpMailer({ url: sink.url, from: 'patron@patron.localhost' });
});
afterAll(async () => {
  mailer.close();
  await sink.stop();
});

describe('the SMTP mailer', () => {
  it('delivers the text and a JSON attachment to the server, from the configured address', async () => {
    const content = JSON.stringify({ customer: { firstName: 'Kay', note: 'ünïcode ✓' } });
    await mailer.send({
      to: 'kay@example.com',
      subject: 'A copy of your customer data',
      text: 'Attached is everything we hold on you.',
      attachments: [{ filename: 'customer-data-export.json', content, contentType: 'application/json' }],
    });
    const [received] = sink.messages();
    expect(received).toMatchObject({
      from: 'patron@patron.localhost',
      to: ['kay@example.com'],
      subject: 'A copy of your customer data',
      text: expect.stringContaining('everything we hold on you'),
      attachments: [{ filename: 'customer-data-export.json', contentType: 'application/json', content }],
    });
  });

  it('keeps the newest message first', async () => {
    await mailer.send({ to: 'a@example.com', subject: 'first', text: '1' });
    await mailer.send({ to: 'b@example.com', subject: 'second', text: '2' });
    expect(
      sink
        .messages()
        .slice(0, 2)
        .map((m) => m.subject),
    ).toEqual(['second', 'first']);
  });

  it('rejects when no server answers, so the caller can fall back', async () => {
    const closed = await startMailSink(0);
    const url = closed.url;
    await closed.stop();
    const nowhere = new SmtpMailer({ url, from: 'patron@patron.localhost' });
    await expect(nowhere.send({ to: 'c@example.com', subject: 'lost', text: '3' })).rejects.toThrow();
    nowhere.close();
  });
});
