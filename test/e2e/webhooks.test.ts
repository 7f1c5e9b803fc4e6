/**
 * Webhooks against a real PostgreSQL: outbound deliveries through the outbox dispatcher and a real
 * pg-boss worker to receivers on 127.0.0.1 (both signatures checked there, retries with quick
 * backoff), and inbound POS webhooks that queue a pull when signed with a fresh timestamp, once.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncVault } from '../../src/privacy/vault.ts';
import { syncRuns } from '../../src/sync/tables.ts';
import { webhookReceipts, webhookSubscriptions } from '../../src/webhooks/tables.ts';
import { createTestApp, TEST_MASTER_KEY, type TestApp } from '../support/test-app.ts';
import { type RunningDeliveries, startWebhookDeliveries } from '../support/webhook-deliveries.ts';

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  body: { id: string; type: string; occurredAt: string; data: { customerId: string; fields?: string[] } };
}

interface Receiver {
  url: string;
  received: Received[];
  /** Answers 500 to this many requests first. */
  failFirst: number;
  server: Server;
}

async function startReceiver(failFirst = 0): Promise<Receiver> {
  const receiver: Receiver = { url: '', received: [], failFirst, server: createServer() };
  receiver.server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      if (receiver.failFirst > 0) {
        receiver.failFirst -= 1;
        res.writeHead(500).end('not now');
        return;
      }
      receiver.received.push({ headers: req.headers, raw, body: JSON.parse(raw) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/hooks?token=abc`;
  return receiver;
}

/** The signature as API.md states it, computed here with node:crypto, not by the product's `signBody`. */
function hmacHeader(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(Buffer.from(body, 'utf8')).digest('hex')}`;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The timestamped signature as src/pos/README.md states it for senders, computed with node:crypto. */
function timestampedHeader(secret: string, body: string, t = nowSeconds()): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex')}`;
}

/** The `t` and the v1 values of a received Patron-Signature. */
function parseTimestamped(header: string | string[] | undefined): { t: number; v1: string[] } {
  const parts = String(header)
    .split(',')
    .map((p) => p.split('=') as [string, string]);
  return { t: Number(parts.find(([k]) => k === 't')?.[1]), v1: parts.filter(([k]) => k === 'v1').map(([, v]) => v) };
}

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

let t: TestApp;
let deliveries: RunningDeliveries | undefined;
const receivers: Receiver[] = [];
const vault = createSyncVault(TEST_MASTER_KEY);
let n = 0;

beforeAll(async () => {
  t = await createTestApp();
  deliveries = await startWebhookDeliveries(t, 4);
}, 60_000);

afterAll(async () => {
  await deliveries?.stop();
  for (const r of receivers) r.server.close();
  await t.close();
});

async function subscribe(receiver: Receiver, events: string[], secret: string) {
  const res = await t.request('POST', '/api/v1/webhook-subscriptions', t.tokens.admin, {
    url: receiver.url,
    events,
    secret,
  });
  expect(res.statusCode).toBe(201);
  return res;
}

async function newCustomer(): Promise<string> {
  n += 1;
  const res = await t.request('POST', '/api/v1/customers', t.tokens.staff, {
    firstName: 'Hook',
    lastName: `Person${n}`,
    dateOfBirth: `1984-04-0${(n % 9) + 1}`,
    phone: `+1702555${String(6100 + n).padStart(4, '0')}`,
  });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

describe('outbound webhook subscriptions', () => {
  const secret = 'a-subscriber-secret-of-some-length';
  let main: Receiver;
  let subscriptionId: string;

  beforeAll(async () => {
    main = await startReceiver();
    receivers.push(main);
    const res = await subscribe(
      main,
      ['customer.created', 'customer.updated', 'customer.merged', 'customer.erased'],
      secret,
    );
    subscriptionId = res.json().id;
  });

  it('never answers the secret, and keeps it sealed at rest', async () => {
    const list = await t.request('GET', '/api/v1/webhook-subscriptions', t.tokens.admin);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(secret);
    expect(list.json().items.map((s: { id: string }) => s.id)).toContain(subscriptionId);
    const [row] = await t.database.ownerDb
      .select()
      .from(webhookSubscriptions)
      .where(eq(webhookSubscriptions.id, subscriptionId));
    expect(row!.secretEnc).not.toContain(secret);
    expect(vault.open({ orgId: t.demo.orgId, storeId: subscriptionId }, 'webhook-subscription', row!.secretEnc)).toBe(
      secret,
    );
  });

  it('refuses a non-http URL and unknown events', async () => {
    for (const body of [
      { url: 'ftp://127.0.0.1/x', events: ['customer.created'], secret },
      { url: main.url, events: ['customer.viewed'], secret },
      { url: main.url, events: [], secret },
    ]) {
      expect((await t.request('POST', '/api/v1/webhook-subscriptions', t.tokens.admin, body)).statusCode).toBe(422);
    }
  });

  it('delivers signed created, updated, merged and erased events with only the customer id', async () => {
    const id = await newCustomer();
    const other = await newCustomer();
    expect((await t.request('PATCH', `/api/v1/customers/${id}`, t.tokens.staff, { notes: 'x' })).statusCode).toBe(200);
    const merge = await t.request('POST', `/api/v1/customers/${id}/merge`, t.tokens.manager, { sourceId: other });
    expect(merge.statusCode).toBe(200);
    expect((await t.request('DELETE', `/api/v1/customers/${id}`, t.tokens.admin)).statusCode).toBeLessThan(300);

    // Deliveries run concurrently, so they may arrive out of order; `occurredAt` orders them.
    const mine = () =>
      main.received
        .filter((r) => r.body.data.customerId === id)
        .sort((a, b) => a.body.occurredAt.localeCompare(b.body.occurredAt));
    // Wait for all four: the erased event can arrive before the merged one.
    await until(() => mine().length >= 4);
    expect(mine().map((r) => r.body.type)).toEqual([
      'customer.created',
      'customer.updated',
      'customer.merged',
      'customer.erased',
    ]);
    for (const r of mine()) {
      expect(r.headers['x-patron-signature']).toBe(hmacHeader(secret, r.raw));
      // The timestamped signature too, so a receiver can refuse stale and repeated copies.
      const signed = parseTimestamped(r.headers['patron-signature']);
      expect(Math.abs(signed.t - nowSeconds())).toBeLessThan(60);
      expect(r.headers['patron-signature']).toBe(timestampedHeader(secret, r.raw, signed.t));
      expect(r.headers['x-patron-event']).toBe(r.body.type);
      expect(r.headers['x-patron-delivery']).toBe(r.body.id);
      expect(Object.keys(r.body.data).sort()).toEqual(['customerId', 'fields']);
      expect(r.raw).not.toContain('Hook');
    }
    expect(mine()[1]!.body.data.fields).toEqual(['notes']);
    const log = await t.request(
      'GET',
      `/api/v1/webhook-subscriptions/${subscriptionId}/deliveries?limit=200`,
      t.tokens.admin,
    );
    expect(log.statusCode).toBe(200);
    const delivered = log.json().items.filter((d: { customerId: string }) => d.customerId === id);
    expect(delivered).toHaveLength(4);
    expect(
      delivered.every((d: { status: string; attempts: number }) => d.status === 'delivered' && d.attempts === 1),
    ).toBe(true);
  });

  it('retries a receiver that fails twice, then records one delivery after three attempts', async () => {
    const flaky = await startReceiver(2);
    receivers.push(flaky);
    const sub = (await subscribe(flaky, ['customer.created'], 'flaky-receiver-secret-123')).json();
    const id = await newCustomer();
    await until(() => flaky.received.some((r) => r.body.data.customerId === id), 30_000);
    expect(flaky.received.filter((r) => r.body.data.customerId === id)).toHaveLength(1);
    const log = await until(async () => {
      const items = (
        await t.request('GET', `/api/v1/webhook-subscriptions/${sub.id}/deliveries`, t.tokens.admin)
      ).json().items;
      return items.find((d: { status: string }) => d.status === 'delivered');
    });
    expect(log).toMatchObject({ customerId: id, attempts: 3, lastStatusCode: 204, lastError: null });
  }, 40_000);

  it('sends nothing to a deleted subscription', async () => {
    const gone = await startReceiver();
    receivers.push(gone);
    const sub = (await subscribe(gone, ['customer.created'], 'deleted-receiver-secret')).json();
    expect((await t.request('DELETE', `/api/v1/webhook-subscriptions/${sub.id}`, t.tokens.admin)).statusCode).toBe(204);
    expect((await t.request('DELETE', `/api/v1/webhook-subscriptions/${sub.id}`, t.tokens.admin)).statusCode).toBe(404);
    const id = await newCustomer();
    await until(() => main.received.some((r) => r.body.data.customerId === id));
    await new Promise((r) => setTimeout(r, 300));
    expect(gone.received).toHaveLength(0);
    const list = (await t.request('GET', '/api/v1/webhook-subscriptions', t.tokens.admin)).json();
    expect(list.items.map((s: { id: string }) => s.id)).not.toContain(sub.id);
  });
});

describe('inbound POS webhooks', () => {
  let storeId: string;
  let key: string;

  beforeAll(async () => {
    storeId = t.demo.storeIds.Cova;
    const res = await t.request('PUT', `/api/v1/stores/${storeId}/integration`, t.tokens.admin, {
      vendor: 'treez',
      credentials: { baseUrl: 'http://127.0.0.1:9/v2.0/dispensary/hooks', clientId: 'hooks', apiKey: 'hooks-key' },
      pollIntervalSeconds: 3600,
      enabled: true,
    });
    expect(res.statusCode).toBe(200);
    key = res.json().webhookSecret;
    expect(key).toMatch(/^whsec_/);
    // Shown once: the next PUT keeps the key and does not answer it.
    const again = await t.request('PUT', `/api/v1/stores/${storeId}/integration`, t.tokens.admin, {
      vendor: 'treez',
      pollIntervalSeconds: 3600,
      enabled: true,
    });
    expect(again.json().webhookSecret).toBeUndefined();
    expect(again.json().webhookConfigured).toBe(true);
  });

  const post = (path: string, payload: string, signature?: string, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: path,
      headers: {
        'content-type': 'application/json',
        ...(signature ? { 'patron-signature': signature } : {}),
        ...headers,
      },
      payload,
    });
  let calls = 0;
  /** A body no other call sent, so its signature is new. */
  const freshPayload = () => `{"event":"customer.updated","id":"${++calls}"}`;

  it('accepts a signed call with 202 and queues an incremental pull; a second one joins it', async () => {
    const payload = '{"event":"customer.updated",  "id":"42"}';
    const res = await post(`/api/v1/webhooks/treez/${storeId}`, payload, timestampedHeader(key, payload));
    expect(res.statusCode).toBe(202);
    const { runId } = res.json();
    const [run] = await t.database.ownerDb
      .select()
      .from(syncRuns)
      .where(and(eq(syncRuns.id, runId), eq(syncRuns.storeId, storeId)));
    expect(run).toMatchObject({ mode: 'incremental', trigger: 'webhook', status: 'queued' });
    const second = await post(`/api/v1/webhooks/treez/${storeId}`, '{}', timestampedHeader(key, '{}'));
    expect(second.statusCode).toBe(202);
    expect(second.json().runId).toBe(runId);
  });

  it('answers 401 to a missing or wrong signature, and to a signature of other bytes', async () => {
    const payload = '{"a":1}';
    expect((await post(`/api/v1/webhooks/treez/${storeId}`, payload)).statusCode).toBe(401);
    expect(
      (await post(`/api/v1/webhooks/treez/${storeId}`, payload, timestampedHeader('not-the-key', payload))).statusCode,
    ).toBe(401);
    expect(
      (await post(`/api/v1/webhooks/treez/${storeId}`, payload, timestampedHeader(key, '{"a": 1}'))).statusCode,
    ).toBe(401);
  });

  it('answers 401 to the untimed body signature, with or without its sha256= prefix, in either header', async () => {
    const payload = freshPayload();
    const withPrefix = hmacHeader(key, payload);
    const bare = withPrefix.replace(/^sha256=/, '');
    const url = `/api/v1/webhooks/treez/${storeId}`;
    for (const header of ['patron-signature', 'x-patron-signature']) {
      for (const value of [withPrefix, bare]) {
        const res = await t.app.inject({
          method: 'POST',
          url,
          headers: { 'content-type': 'application/json', [header]: value },
          payload,
        });
        expect(res.statusCode, `${header}: ${value}`).toBe(401);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json().detail).toContain('Patron-Signature: t=');
      }
    }
  });

  it('answers 401 to a timestamp more than five minutes old or ahead, even correctly signed', async () => {
    const url = `/api/v1/webhooks/treez/${storeId}`;
    for (const offset of [-301, -3600, 301, 86_400]) {
      const payload = freshPayload();
      const res = await post(url, payload, timestampedHeader(key, payload, nowSeconds() + offset));
      expect(res.statusCode, `offset ${offset}`).toBe(401);
      expect(res.json().detail).toContain('300 seconds');
    }
    // Within the window either way: accepted.
    for (const offset of [-240, 240]) {
      const payload = freshPayload();
      expect((await post(url, payload, timestampedHeader(key, payload, nowSeconds() + offset))).statusCode).toBe(202);
    }
  });

  it('answers 409 to a copy of an accepted call, whatever delivery id the copy carries', async () => {
    const url = `/api/v1/webhooks/treez/${storeId}`;
    const payload = freshPayload();
    const signature = timestampedHeader(key, payload);
    expect((await post(url, payload, signature, { 'x-patron-delivery': 'dlv-original' })).statusCode).toBe(202);
    const copies: Record<string, string>[] = [
      {},
      { 'x-patron-delivery': 'dlv-original' },
      { 'x-patron-delivery': 'dlv-forged' },
    ];
    for (const headers of copies) {
      const copy = await post(url, payload, signature, headers);
      expect(copy.statusCode, JSON.stringify(headers)).toBe(409);
      expect(copy.headers['content-type']).toContain('application/problem+json');
    }
    // The same copy with an extra v1 of garbage is the same signed call.
    expect((await post(url, payload, `${signature},v1=${'0'.repeat(64)}`)).statusCode).toBe(409);
  });

  it('answers 409 to a delivery id accepted before, even signed anew; another id is accepted', async () => {
    const url = `/api/v1/webhooks/treez/${storeId}`;
    const payload = freshPayload();
    const first = await post(url, payload, timestampedHeader(key, payload, nowSeconds() - 1), {
      'x-patron-delivery': 'dlv-retried',
    });
    expect(first.statusCode).toBe(202);
    const retried = await post(url, payload, timestampedHeader(key, payload), { 'x-patron-delivery': 'dlv-retried' });
    expect(retried.statusCode).toBe(409);
    const other = await post(url, payload, timestampedHeader(key, payload, nowSeconds() + 1), {
      'x-patron-delivery': 'dlv-next',
    });
    expect(other.statusCode).toBe(202);
  });

  it('remembers accepted calls per store, in the store organization only, until the tolerance has passed', async () => {
    const payload = freshPayload();
    const t0 = nowSeconds();
    const signature = timestampedHeader(key, payload, t0);
    expect((await post(`/api/v1/webhooks/treez/${storeId}`, payload, signature)).statusCode).toBe(202);
    const rows = await t.database.ownerDb.select().from(webhookReceipts).where(eq(webhookReceipts.storeId, storeId));
    expect(new Set(rows.map((r) => r.orgId))).toEqual(new Set([t.demo.orgId]));
    const mine = rows.find((r) => r.replayKey === `sig:${parseTimestamped(signature).v1[0]}`);
    expect(mine?.expiresAt.getTime()).toBe((t0 + 300) * 1000);
    // The application's own connection, with no organization in scope, sees none of them.
    expect(await t.database.db.select().from(webhookReceipts)).toEqual([]);
  });

  it('answers 404 for an unknown store, another vendor, or a store without integration', async () => {
    const payload = '{}';
    const sig = timestampedHeader(key, payload);
    expect((await post('/api/v1/webhooks/treez/00000000-0000-4000-8000-000000000000', payload, sig)).statusCode).toBe(
      404,
    );
    expect((await post(`/api/v1/webhooks/flowhub/${storeId}`, payload, sig)).statusCode).toBe(404);
    expect((await post(`/api/v1/webhooks/treez/${t.demo.storeIds.Blaze}`, payload, sig)).statusCode).toBe(404);
    expect((await post('/api/v1/webhooks/treez/not-a-uuid', payload, sig)).statusCode).toBe(404);
  });
});
