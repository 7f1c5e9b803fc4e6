/** GET /demo/mailbox: in demo mode staff read what the local SMTP sink received; kiosks and customers may not. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MailSink, startMailSink } from '../../src/demo/mail-sink.ts';
import { demoMailboxRoutes } from '../../src/demo/mailbox-routes.ts';
import { SmtpMailer } from '../../src/mail/smtp-mailer.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let sink: MailSink;
let smtp: SmtpMailer;
beforeAll(async () => {
  sink = await startMailSink(0);
  smtp = new SmtpMailer({ url: sink.url, from: 'patron@patron.localhost' });
  t = await createTestApp({
    configure: (app) => void app.register(demoMailboxRoutes, { prefix: '/api/v1', sink }),
  });
});
afterAll(async () => {
  await t.close();
  smtp.close();
  await sink.stop();
});

describe('the demo mailbox', () => {
  it('lists the messages newest first, paged, with their attachments, to staff and above', async () => {
    await smtp.send({ to: 'one@example.com', subject: 'Your code: 111111', text: 'code 111111' });
    await smtp.send({
      to: 'two@example.com',
      subject: 'A copy of your customer data',
      text: 'attached',
      attachments: [{ filename: 'customer-data-export.json', content: '{"a":1}', contentType: 'application/json' }],
    });
    const first = await t.request('GET', '/api/v1/demo/mailbox?limit=1', t.tokens.staff);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().items).toEqual([
      expect.objectContaining({
        to: ['two@example.com'],
        attachments: [expect.objectContaining({ filename: 'customer-data-export.json', content: '{"a":1}' })],
      }),
    ]);
    const cursor = first.json().nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    const second = await t.request('GET', `/api/v1/demo/mailbox?limit=1&cursor=${cursor}`, t.tokens.manager);
    expect(second.json()).toEqual({
      items: [expect.objectContaining({ subject: 'Your code: 111111' })],
      nextCursor: null,
    });
    expect((await t.request('GET', '/api/v1/demo/mailbox?cursor=zz', t.tokens.staff)).statusCode).toBe(422);
  });

  it('is refused to kiosks, integrations and callers without a token', async () => {
    expect((await t.request('GET', '/api/v1/demo/mailbox', t.tokens.kiosk)).statusCode).toBe(403);
    expect((await t.request('GET', '/api/v1/demo/mailbox', t.tokens.integration)).statusCode).toBe(403);
    expect((await t.request('GET', '/api/v1/demo/mailbox')).statusCode).toBe(401);
  });
});
