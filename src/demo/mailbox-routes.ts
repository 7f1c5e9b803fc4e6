/**
 * GET /demo/mailbox (demo mode only, staff and above): what Patron mailed, as the demo's local SMTP
 * sink received it (mail-sink.ts), so a demo can follow a customer's one-time code and export
 * without a real mailbox. Newest first, paged like every list.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ValidationFailed } from '../domain/errors.ts';
import { PageQuery, pageOf, problems, Timestamp } from '../http/schemas.ts';
import type { MailSink } from './mail-sink.ts';

const MailboxMessage = z
  .object({
    id: z.string(),
    receivedAt: Timestamp,
    from: z.string(),
    to: z.array(z.string()),
    subject: z.string(),
    text: z.string(),
    attachments: z.array(
      z.object({ filename: z.string(), contentType: z.string(), size: z.number().int(), content: z.string() }),
    ),
  })
  .meta({ id: 'DemoMailboxMessage', description: "A message the demo's local SMTP sink received" });

export const demoMailboxRoutes: FastifyPluginAsyncZod<{ sink: MailSink }> = async (app, { sink }) => {
  app.get(
    '/demo/mailbox',
    {
      schema: {
        tags: ['demo'],
        summary: 'Demo mode: the messages Patron mailed (one-time codes, exports), as the local SMTP sink got them',
        operationId: 'listDemoMailbox',
        querystring: PageQuery,
        response: { 200: pageOf(MailboxMessage), ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      // The cursor is the id of the last message given; ids count up as messages arrive.
      if (cursor !== undefined && !/^\d{1,12}$/.test(cursor)) {
        throw ValidationFailed.field('cursor', 'is not a cursor this API returned; start again without it');
      }
      const after = cursor === undefined ? Number.POSITIVE_INFINITY : Number(cursor);
      const older = sink.messages().filter((m) => Number(m.id) < after);
      const items = older.slice(0, limit);
      return { items, nextCursor: older.length > limit ? items.at(-1)!.id : null };
    },
  );
};
