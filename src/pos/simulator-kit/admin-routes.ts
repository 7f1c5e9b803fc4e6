/**
 * The admin surface of every simulator, under `/_sim`: see and change customers "at the POS" as a
 * budtender would, read the call log, set faults and expire tokens at run time. Not part of any
 * vendor's API; clients never call it.
 */
import type { FastifyInstance } from 'fastify';
import { type FaultSettings, type Faults, faultSettingsSchema } from './faults.ts';
import type { SimStore } from './sim-store.ts';
import type { SimTokens } from './sim-tokens.ts';
import type { RecordedRequest } from './simulator-types.ts';

interface AdminTargets<R> {
  store: SimStore<R>;
  faults: Faults;
  tokens: SimTokens;
  requests: RecordedRequest[];
  /** The budtender types the vendor's own fields: the admin surface speaks the vendor's shape. */
  addRecord(changes?: Record<string, unknown>): R;
  editRecord(id: string, changes: Record<string, unknown>): R | undefined;
}

const changesSchema = faultSettingsSchema.partial();

export function registerAdminRoutes<R>(app: FastifyInstance, prefix: string, targets: AdminTargets<R>): void {
  const { store, faults, tokens, requests } = targets;
  const body = (value: unknown): Record<string, unknown> =>
    value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

  app.get(`${prefix}/customers`, async () => ({ total: store.size, customers: store.all() }));
  app.get<{ Params: { id: string } }>(`${prefix}/customers/:id`, async (request, reply) => {
    const record = store.get(request.params.id);
    return record === undefined ? reply.code(404).send({ error: 'no such customer' }) : record;
  });
  app.post(`${prefix}/customers`, async (request, reply) =>
    reply.code(201).send(targets.addRecord(body(request.body))),
  );
  app.patch<{ Params: { id: string } }>(`${prefix}/customers/:id`, async (request, reply) => {
    const record = targets.editRecord(request.params.id, body(request.body));
    return record === undefined ? reply.code(404).send({ error: 'no such customer' }) : record;
  });

  app.get(`${prefix}/faults`, async () => faults.settings);
  app.patch(`${prefix}/faults`, async (request, reply) => {
    const parsed = changesSchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.code(400).send({ error: parsed.error.issues });
    return faults.set(parsed.data as Partial<FaultSettings>);
  });
  app.post(`${prefix}/tokens/expire`, async (_request, reply) => {
    tokens.expireAll();
    return reply.code(204).send();
  });
  app.get(`${prefix}/requests`, async () => ({ issuedTokens: tokens.issued, requests }));
}
