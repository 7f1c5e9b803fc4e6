/**
 * Fastify's request log lines, rewritten to carry the route pattern (`/api/v1/customers/:id`) rather
 * than the raw URL: ids are fine in a log, but queries carry phones and emails (`?phone=…`).
 */
import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

export class AccessLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    };
    if (error) reply.log.error(line, 'request failed');
    else reply.log.info(line, 'request');
  }
}
