/** Which mail adapter a server gets from its configuration, and what "no mail" means for callers. */
import { describe, expect, it } from 'vitest';
import { serverMail } from '../cli/start.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { mailForConfig } from './mailer-for-config.ts';
import { SmtpMailer } from './smtp-mailer.ts';
import { canSendMail, EMAIL_UNAVAILABLE } from './unconfigured-mailer.ts';

const logger = createLogger('silent');

describe('the server mail', () => {
  it('is the operator SMTP server when PATRON_SMTP_URL is set, with PATRON_MAIL_FROM', async () => {
    const config = loadConfig({ PATRON_SMTP_URL: 'smtp://127.0.0.1:2525', PATRON_MAIL_FROM: 'codes@shop.example' });
    expect(config.mail).toEqual({ smtpUrl: 'smtp://127.0.0.1:2525', from: 'codes@shop.example' });
    const mail = await mailForConfig(config, logger);
    expect(mail.mailer).toBeInstanceOf(SmtpMailer);
    expect(mail.sink).toBeUndefined();
    await mail.stop();
  });

  it('in demo mode without SMTP, a local sink on loopback that receives what is sent', async () => {
    // Demo mode's sink is the fallback the CLI's start gives (src/cli/start.ts).
    const mail = await serverMail(loadConfig({ PATRON_DEMO: '1' }), logger);
    expect(mail.sink?.url).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    await mail.mailer.send({ to: 'demo@example.com', subject: 'Your code: 123456', text: '123456' });
    expect(mail.sink?.messages()[0]).toMatchObject({ to: ['demo@example.com'], subject: 'Your code: 123456' });
    await mail.stop();
  });

  it('outside demo without SMTP, none: callers are told email is unavailable', async () => {
    const config = loadConfig({
      PATRON_DEMO: '0',
      PATRON_ADMIN_EMAIL: 'owner@shop.example',
      PATRON_ADMIN_PASSWORD: 'a-long-enough-password',
    });
    const mail = await mailForConfig(config, logger);
    expect(canSendMail(mail.mailer)).toBe(false);
    await expect(mail.mailer.send({ to: 'x@example.com', subject: 's', text: 't' })).rejects.toThrow(EMAIL_UNAVAILABLE);
    await mail.stop();
  });

  it('refuses an SMTP URL that is not one, without echoing it', () => {
    expect(() => loadConfig({ PATRON_SMTP_URL: 'http://user:secret@mail.example.com' })).toThrow(
      /PATRON_SMTP_URL: expected a URL such as smtps:/,
    );
    expect(() => loadConfig({ PATRON_SMTP_URL: 'http://user:secret@mail.example.com' })).not.toThrow(/secret/);
  });
});
