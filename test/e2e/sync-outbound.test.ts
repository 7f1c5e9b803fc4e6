/**
 * Outbound sync against Treez simulators on loopback and a real PostgreSQL: the outbox, pushes run
 * in-process exactly as the worker runs them, echo suppression, field-level conflicts and erasure.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, syncOutbox } from '../../src/customers/tables.ts';
import type { SimCustomerInput } from '../../src/pos/simulator-kit/simulator-types.ts';
import { configureIntegration } from '../../src/sync/integrations/integrations.ts';
import { CREATE_SETTLE_MS } from '../../src/sync/outbound/creates.ts';
import { dispatchOutbox, type PushTarget } from '../../src/sync/outbound/dispatcher.ts';
import { type PushOutcome, runPush } from '../../src/sync/outbound/push.ts';
import { customerLinks, erasurePropagations } from '../../src/sync/tables.ts';
import { webhookChangeConsumer } from '../../src/webhooks/delivery.ts';
import { webhookDeliveries } from '../../src/webhooks/tables.ts';
import { smsConsentBody } from '../support/customer-fixtures.ts';
import { createSyncHarness, type HarnessSimulator, linkOf, type SyncHarness } from '../support/sync-harness.ts';

let h: SyncHarness;
let simA: HarnessSimulator;
let simB: HarnessSimulator;
let storeA: string;
let storeB: string;
let n = 0;

beforeAll(async () => {
  h = await createSyncHarness();
  storeA = h.demo.storeIds.Treez;
  storeB = h.demo.storeIds.Flowhub;
  simA = await h.startSimulator({ customers: 0 });
  simB = await h.startSimulator({ customers: 0, seed: 2 });
  await h.connect(storeA, simA);
  await h.connect(storeB, simB);
});
afterAll(() => h.close());

/** Webhook deliveries are recorded (their jobs are not run here). */
const recordDeliveries = webhookChangeConsumer(async () => {});
const outcomes: PushOutcome[] = [];

/** Dispatches the outbox and runs every push it asked for, as the worker would. */
async function drain(): Promise<PushTarget[]> {
  const targets: PushTarget[] = [];
  while ((await dispatchOutbox(h.database.db, async (t) => void targets.push(t), 200, recordDeliveries)) > 0) {
    // until empty
  }
  for (const target of targets) outcomes.push(...(await runPush(h.deps, target)));
  return targets;
}

const writes = (sim: HarnessSimulator, kind: 'create' | 'update') =>
  sim.requests.filter((r) => r.method === 'POST' && r.route.includes(kind === 'create' ? 'detailcustomer' : 'update'))
    .length;

async function newLinkedCustomer(stores: string[], extra: Record<string, unknown> = {}): Promise<string> {
  n += 1;
  const res = await h.request('POST', '/api/v1/customers', h.tokens.staff, {
    firstName: 'Outbound',
    lastName: `Person${n}`,
    dateOfBirth: `1985-03-0${(n % 9) + 1}`,
    phone: `+1702555${String(3000 + n).padStart(4, '0')}`,
    ...extra,
  });
  const id = res.json().id as string;
  for (const storeId of stores) {
    const link = await h.request('POST', `/api/v1/customers/${id}/stores/${storeId}/link`, h.tokens.staff);
    expect(link.statusCode).toBe(202);
    await runPush(h.deps, { orgId: h.demo.orgId, storeId, customerId: id });
  }
  await drain();
  return id;
}

/**
 * A customer added at store A's POS (neutral fields, as typed) and pulled in: their Patron id and POS
 * id. `treezOnly` holds what only Treez's own fields can say (a card Treez keeps without an expiry).
 */
async function importedFromPos(
  input: SimCustomerInput,
  treezOnly?: Record<string, unknown>,
): Promise<{ id: string; externalId: string }> {
  const added = simA.addCustomer(input);
  const held = treezOnly ? simA.editRecord(simA.idOf(added), treezOnly)! : added;
  await h.pull(storeA);
  const [link] = (await h.linksOf(storeA)).filter((l) => l.externalId === simA.idOf(held));
  return { id: link!.customerId, externalId: link!.externalId! };
}

describe('outbound sync', () => {
  it('writes an outbox row in the same transaction as a local create', async () => {
    const res = await h.request('POST', '/api/v1/customers', h.tokens.staff, {
      firstName: 'Boxed',
      lastName: 'Change',
      dateOfBirth: '1979-09-09',
      email: 'boxed.change@example.com',
    });
    const rows = await h.database.ownerDb.select().from(syncOutbox).where(eq(syncOutbox.customerId, res.json().id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.fields).toContain('firstName');
  });

  it('creates a linked customer in the POS once, and shows the link synced with the vendor id', async () => {
    const before = writes(simA, 'create');
    const id = await newLinkedCustomer([storeA]);

    expect(writes(simA, 'create')).toBe(before + 1);
    const link = await linkOf(h, id, storeA);
    expect(link.externalId).not.toBeNull();
    expect(link.lastPushedHash).toMatch(/^[0-9a-f]{64}$/);
    expect(simA.customerOf(link.externalId!)).toMatchObject({ lastName: `Person${n}` });
    const state = await h.request('GET', `/api/v1/customers/${id}/sync`, h.tokens.staff);
    expect(state.json().items).toEqual([
      expect.objectContaining({ storeId: storeA, vendor: 'treez', externalId: link.externalId, status: 'synced' }),
    ]);
    // Asking again answers the id at once.
    const again = await h.request('POST', `/api/v1/customers/${id}/stores/${storeA}/link`, h.tokens.kiosk);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ externalId: link.externalId });
  });

  it('creates an SMS subscriber who said nothing about email as opted in at a POS with one marketing flag', async () => {
    const res = await h.request('POST', '/api/v1/customers', h.tokens.staff, {
      firstName: 'Texts',
      lastName: 'Only',
      dateOfBirth: '1984-04-04',
      phone: '+17025554411',
      consents: { sms: { granted: true, wording: 'Texts about offers' } },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    await h.request('POST', `/api/v1/customers/${id}/stores/${storeA}/link`, h.tokens.staff);
    await runPush(h.deps, { orgId: h.demo.orgId, storeId: storeA, customerId: id });
    const link = await linkOf(h, id, storeA);
    // Treez's one marketing flag, read as both channels [REFERENCE 1.4]: not opted out.
    expect(simA.customerOf(link.externalId!)).toMatchObject({ smsOptIn: true, emailOptIn: true });

    await h.pull(storeA);
    const consents = (await h.request('GET', `/api/v1/customers/${id}`, h.tokens.staff)).json().consents;
    expect(consents).toMatchObject({ sms: { granted: true }, email: { granted: false, source: null } });
  });

  it('pushes a local edit to every linked store, and the echo pulled back changes nothing', async () => {
    const id = await newLinkedCustomer([storeA, storeB]);
    // A first read learns what the POS adds of its own (loyalty, its consent flag).
    await h.pull(storeA);
    await h.pull(storeB);
    await drain();
    await h.request('PATCH', `/api/v1/customers/${id}`, h.tokens.staff, { notes: 'prefers mornings' });
    await drain();

    for (const [storeId, sim] of [
      [storeA, simA],
      [storeB, simB],
    ] as const) {
      const link = await linkOf(h, id, storeId);
      expect(sim.customerOf(link.externalId!)).toMatchObject({ notes: 'prefers mornings' });
    }
    const versionOf = async () =>
      (await h.database.ownerDb.select({ v: customers.version }).from(customers).where(eq(customers.id, id)))[0]!.v;
    const version = await versionOf();
    const updates = [writes(simA, 'update'), writes(simB, 'update')];

    await h.pull(storeA);
    await h.pull(storeB);

    const pending = await h.database.ownerDb.select().from(syncOutbox).where(isNull(syncOutbox.dispatchedAt));
    expect(pending).toEqual([]);
    expect(await drain()).toEqual([]);
    expect(await versionOf()).toBe(version);
    expect([writes(simA, 'update'), writes(simB, 'update')]).toEqual(updates);
  });

  it('pushes edits of address, consent, tags, card and ID document to a linked POS, and their echo changes nothing', async () => {
    const id = await newLinkedCustomer([storeA]);
    const link = await linkOf(h, id, storeA);
    await h.pull(storeA);
    await drain();
    const edit = await h.request('PATCH', `/api/v1/customers/${id}`, h.tokens.staff, {
      address: { line1: '12 Carried St', line2: 'Unit 4', city: 'Reno', state: 'NV', postalCode: '89501' },
      idDocument: { type: 'drivers_license', number: 'D1234567', state: 'NV', expiresOn: '2031-05-01' },
      customerType: 'medical',
      medical: { cardNumber: 'MED-778899', state: 'NV', expiresOn: '2030-02-28' },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    const consent = await h.request('POST', `/api/v1/customers/${id}/consents`, h.tokens.staff, smsConsentBody(true));
    expect(consent.statusCode, consent.body).toBe(201);
    const tags = await h.request('PUT', `/api/v1/customers/${id}/tags`, h.tokens.staff, { tags: ['vip', 'edibles'] });
    expect(tags.statusCode, tags.body).toBe(200);
    await drain();

    expect(simA.customerOf(link.externalId!)).toMatchObject({
      address: expect.objectContaining({ line1: '12 Carried St', line2: 'Unit 4', city: 'Reno', postalCode: '89501' }),
      driversLicense: expect.objectContaining({ number: 'D1234567', expiresOn: '2031-05-01' }),
      // Medical with a card and its expiry: Treez's MEDICAL_MMID [REFERENCE 1.4].
      customerType: 'medical',
      medicalCard: expect.objectContaining({ number: 'MED-778899', expiresOn: '2030-02-28' }),
      smsOptIn: true,
      emailOptIn: true,
      tags: expect.arrayContaining(['vip', 'edibles']),
    });
    const version = (await h.request('GET', `/api/v1/customers/${id}`, h.tokens.staff)).json().version;
    const updates = writes(simA, 'update');
    await h.pull(storeA);
    expect(await drain()).toEqual([]);
    expect((await h.request('GET', `/api/v1/customers/${id}`, h.tokens.staff)).json().version).toBe(version);
    expect(writes(simA, 'update')).toBe(updates);
    expect((await linkOf(h, id, storeA)).status).toBe('synced');

    // An opt-out goes out too: Treez's one flag turns to opted out.
    await h.request('POST', `/api/v1/customers/${id}/consents`, h.tokens.staff, smsConsentBody(false));
    await drain();
    expect(simA.customerOf(link.externalId!)).toMatchObject({ smsOptIn: false, emailOptIn: false });
  });

  it('pushes a change made at one store to the other linked stores, not back to where it came from', async () => {
    const id = await newLinkedCustomer([storeA, storeB]);
    const linkA = await linkOf(h, id, storeA);
    const linkB = await linkOf(h, id, storeB);
    simA.editCustomer(linkA.externalId!, { email: 'changed.at.a@example.com' });
    const updatesA = writes(simA, 'update');

    await h.pull(storeA);
    const targets = await drain();

    expect(targets).toEqual([{ orgId: h.demo.orgId, storeId: storeB, customerId: id }]);
    expect(simB.customerOf(linkB.externalId!)).toMatchObject({ email: 'changed.at.a@example.com' });
    expect(writes(simA, 'update')).toBe(updatesA);
    const customer = await h.request('GET', `/api/v1/customers/${id}`, h.tokens.staff);
    expect(customer.json().email).toBe('changed.at.a@example.com');
  });

  it('never lets an older POS value overwrite a newer, not yet pushed local edit', async () => {
    const id = await newLinkedCustomer([storeA]);
    const link = await linkOf(h, id, storeA);
    simA.editCustomer(link.externalId!, { notes: 'older at the POS' });
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the vendor's clock has seconds
    await h.request('PATCH', `/api/v1/customers/${id}`, h.tokens.staff, { notes: 'newer in Patron' });

    await h.pull(storeA);
    const customer = await h.request('GET', `/api/v1/customers/${id}`, h.tokens.staff);
    expect(customer.json().notes).toBe('newer in Patron');
    // Reading the POS does not make it hold the edit: the link stays pending until the push.
    await dispatchOutbox(h.database.db, async () => {});
    await h.pull(storeA);
    expect((await linkOf(h, id, storeA)).status).toBe('pending');
    await runPush(h.deps, { orgId: h.demo.orgId, storeId: storeA, customerId: id });
    expect((await linkOf(h, id, storeA)).status).toBe('synced');
    expect(simA.customerOf(link.externalId!)).toMatchObject({ notes: 'newer in Patron' });
  });

  it('keeps a date-of-birth disagreement as a conflict for a manager, who settles it', async () => {
    const id = await newLinkedCustomer([storeA]);
    const link = await linkOf(h, id, storeA);
    simA.editCustomer(link.externalId!, { dateOfBirth: '1990-12-31' });
    await h.pull(storeA);

    const list = await h.request('GET', '/api/v1/sync-conflicts', h.tokens.manager);
    const conflict = list.json().items.find((c: { customerId: string }) => c.customerId === id);
    expect(conflict).toMatchObject({ field: 'dateOfBirth', posValue: '1990-12-31', status: 'open' });
    const statusOf = async () =>
      (await h.request('GET', `/api/v1/customers/${id}/sync`, h.tokens.staff)).json().items[0].status as string;
    expect(await statusOf()).toBe('conflict');
    // While it is open, the push leaves the POS's date alone, and the link still shows the conflict.
    await h.request('PATCH', `/api/v1/customers/${id}`, h.tokens.staff, { notes: 'while in conflict' });
    await drain();
    expect(simA.customerOf(link.externalId!)).toMatchObject({ dateOfBirth: '1990-12-31', notes: 'while in conflict' });
    expect(await statusOf()).toBe('conflict');
    await h.pull(storeA);
    expect(await statusOf()).toBe('conflict');

    const resolved = await h.request('POST', `/api/v1/sync-conflicts/${conflict.id}/resolve`, h.tokens.manager, {
      keep: 'pos',
    });
    expect(resolved.json()).toMatchObject({ status: 'resolved' });
    const customer = await h.request('GET', `/api/v1/customers/${id}`, h.tokens.staff);
    expect(customer.json().dateOfBirth).toBe('1990-12-31');
    expect(await statusOf()).toBe('pending');
    await drain();
    expect(await statusOf()).toBe('synced');
  });

  it('records a refused push on the link without personal data, and tries again only after the next change', async () => {
    // A POS record whose phone Treez itself no longer accepts [REFERENCE 1.8]: imported as it came.
    const { id, externalId } = await importedFromPos({
      firstName: 'Refused',
      lastName: 'Push',
      dateOfBirth: '1981-01-01',
      phone: '555-12',
      email: 'refused.push@example.com',
    });
    // Staff fix the name without having to fix the phone first.
    const edit = await h.request('PATCH', `/api/v1/customers/${id}`, h.tokens.staff, { lastName: 'Pushed' });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json().phone).toBe('555-12');

    outcomes.length = 0;
    await drain();
    expect(outcomes).toEqual(['refused']);
    const [state] = (await h.request('GET', `/api/v1/customers/${id}/sync`, h.tokens.staff)).json().items;
    expect(state).toMatchObject({ status: 'error', lastError: expect.stringMatching(/refused.*phone/) });
    expect(state.lastError).not.toContain('555');
    expect(simA.customerOf(externalId)).toMatchObject({ lastName: 'Push' });

    // Pulls do not hide the refusal nor ask for the same write again.
    const updates = writes(simA, 'update');
    await h.pull(storeA);
    await drain();
    expect(writes(simA, 'update')).toBe(updates);
    expect((await linkOf(h, id, storeA)).status).toBe('error');
    // A change at the POS is a change of the customer: one more attempt, refused again, and no more.
    simA.editCustomer(externalId, { notes: 'seen at the register' });
    await h.pull(storeA);
    await drain();
    await h.pull(storeA);
    await drain();
    expect(writes(simA, 'update')).toBe(updates + 1);
    expect(outcomes).toEqual(['refused', 'refused']);
    expect((await linkOf(h, id, storeA)).status).toBe('error');
    // An admin's manual sync of the store tries it again (queued; run here as the worker would).
    const sync = await h.request('POST', `/api/v1/stores/${storeA}/sync`, h.tokens.admin, { mode: 'incremental' });
    expect(sync.statusCode, sync.body).toBe(202);
    expect((await linkOf(h, id, storeA)).status).toBe('pending');
    expect(await runPush(h.deps, { orgId: h.demo.orgId, storeId: storeA, customerId: id })).toEqual(['refused']);
    expect((await linkOf(h, id, storeA)).status).toBe('error');

    // The next change goes out again: once the phone is fixed, the POS takes it all.
    await h.request('PATCH', `/api/v1/customers/${id}`, h.tokens.staff, { phone: '(702) 555-0188' });
    await drain();
    expect(simA.customerOf(externalId)).toMatchObject({ lastName: 'Pushed', phone: '7025550188' });
    expect(await linkOf(h, id, storeA)).toMatchObject({ status: 'synced', lastError: null });
  });

  it('lets staff edit an imported medical customer whose card lacks what a signup needs, leaving the card as imported', async () => {
    // Treez keeps no card state [REFERENCE 1.4]: the imported card has none.
    const { id } = await importedFromPos(
      {
        firstName: 'Card',
        lastName: 'Imported',
        dateOfBirth: '1979-03-03',
        phone: '7025559911',
        email: 'card.imported@example.com',
      },
      { patient_type: 'MEDICAL_MMID', state_medical_id: 'MMJ-44556', permit_expiration: null },
    );
    const columns = async () =>
      (
        await h.database.ownerDb
          .select({
            card: customers.medicalCardNumberEnc,
            state: customers.medicalState,
            expires: customers.medicalExpiresOn,
            type: customers.customerType,
          })
          .from(customers)
          .where(eq(customers.id, id))
      )[0]!;
    const before = await columns();
    expect(before).toMatchObject({ type: 'medical', state: null, expires: null });

    const edit = await h.request('PATCH', `/api/v1/customers/${id}`, h.tokens.staff, { notes: 'asked for a receipt' });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(await columns()).toEqual(before);
    // A field the edit touches is checked in full: the card must then be complete.
    const touched = await h.request('PATCH', `/api/v1/customers/${id}`, h.tokens.staff, {
      medical: { cardNumber: 'MMJ-44557' },
    });
    expect(touched.statusCode).toBe(422);
  });

  it('asked to link a customer whose last push was refused, pushes again', async () => {
    const id = await newLinkedCustomer([storeA]);
    const link = await linkOf(h, id, storeA);
    await h.database.ownerDb
      .update(customerLinks)
      .set({ status: 'error', lastError: 'the POS refused the customer' })
      .where(eq(customerLinks.id, link.id));
    await h.request('PATCH', `/api/v1/customers/${id}`, h.tokens.staff, { notes: 'before the retry' });
    await h.database.ownerDb.update(syncOutbox).set({ dispatchedAt: new Date() }).where(eq(syncOutbox.customerId, id));

    const again = await h.request('POST', `/api/v1/customers/${id}/stores/${storeA}/link`, h.tokens.staff);
    expect(again.json()).toEqual({ externalId: link.externalId });
    expect((await linkOf(h, id, storeA)).status).toBe('pending');
    await runPush(h.deps, { orgId: h.demo.orgId, storeId: storeA, customerId: id });
    expect(simA.customerOf(link.externalId!)).toMatchObject({ notes: 'before the retry' });
    expect((await linkOf(h, id, storeA)).status).toBe('synced');
  });

  it('tells webhook subscribers about customers a pull creates or changes, and not about its own echo', async () => {
    const sub = await h.request('POST', '/api/v1/webhook-subscriptions', h.tokens.admin, {
      url: 'http://127.0.0.1:9/hooks',
      events: ['customer.created', 'customer.updated'],
      secret: 'a-secret-of-enough-length',
    });
    expect(sub.statusCode, sub.body).toBe(201);
    const eventsOf = async (customerId: string) =>
      (
        await h.database.ownerDb
          .select({ event: webhookDeliveries.event })
          .from(webhookDeliveries)
          .where(and(eq(webhookDeliveries.customerId, customerId), eq(webhookDeliveries.subscriptionId, sub.json().id)))
          .orderBy(webhookDeliveries.createdAt)
      ).map((d) => d.event);
    const { id, externalId } = await importedFromPos({ lastName: 'Webhooked', email: 'webhooked@example.com' });
    const creates = writes(simA, 'update');
    await drain();
    expect(await eventsOf(id)).toEqual(['created']);
    // Not pushed back to where it came from.
    expect(writes(simA, 'update')).toBe(creates);

    simA.editCustomer(externalId, { notes: 'changed at the register' });
    await h.pull(storeA);
    await drain();
    expect(await eventsOf(id)).toEqual(['created', 'updated']);

    // A local edit is one event; reading it back from the POS is none.
    await h.request('PATCH', `/api/v1/customers/${id}`, h.tokens.staff, { notes: 'changed in Patron' });
    await drain();
    await h.pull(storeA);
    await drain();
    expect(await eventsOf(id)).toEqual(['created', 'updated', 'updated']);
  });

  it('after a crash between the vendor create and the commit, the retry adopts the record instead of creating another', async () => {
    n += 1;
    const res = await h.request('POST', '/api/v1/customers', h.tokens.staff, {
      firstName: 'Crash',
      lastName: `Retry${n}`,
      dateOfBirth: '1970-07-07',
      phone: `+1702555${String(3000 + n).padStart(4, '0')}`,
    });
    const id = res.json().id as string;
    await h.request('POST', `/api/v1/customers/${id}/stores/${storeA}/link`, h.tokens.staff);
    // The first attempt got as far as the vendor: the marker is committed and the POS holds them. Its
    // worker died a while ago (a retry finding a younger marker first waits for a create in flight).
    await h.database.ownerDb
      .update(customerLinks)
      .set({ pendingCreateAt: new Date(Date.now() - CREATE_SETTLE_MS) })
      .where(and(eq(customerLinks.customerId, id), isNull(customerLinks.externalId)));
    const made = simA.addCustomer({
      firstName: 'Crash',
      lastName: `Retry${n}`,
      dateOfBirth: '1970-07-07',
      phone: `702555${String(3000 + n).padStart(4, '0')}`,
      email: null,
    });
    const creates = writes(simA, 'create');

    await runPush(h.deps, { orgId: h.demo.orgId, storeId: storeA, customerId: id });

    expect(writes(simA, 'create')).toBe(creates);
    expect((await linkOf(h, id, storeA)).externalId).toBe(simA.idOf(made));
  });

  it('asks each linked POS to forget an erased customer and records how it went', async () => {
    const id = await newLinkedCustomer([storeA]);
    const link = await linkOf(h, id, storeA);
    expect((await h.request('DELETE', `/api/v1/customers/${id}`, h.tokens.manager)).statusCode).toBe(202);
    await drain();

    const [outcome] = await h.database.ownerDb
      .select()
      .from(erasurePropagations)
      .where(eq(erasurePropagations.customerId, id));
    // Treez deactivates through the customer status [REFERENCE 1.4]: the record is blanked and deactivated.
    expect(outcome, outcome?.detail ?? '').toMatchObject({ storeId: storeA, outcome: 'deactivated' });
    expect(simA.customerOf(link.externalId!)).toMatchObject({
      firstName: 'Erased',
      lastName: 'Customer',
      phone: null,
      email: null,
      status: 'deactivated',
    });
    const [live] = await h.database.ownerDb
      .select({ n: sql<number>`count(*)::int` })
      .from(customers)
      .where(and(eq(customers.id, id), isNull(customers.deletedAt)));
    expect(live!.n).toBe(0);
  });
});

/** A customer as the simulator holds them, in neutral field names (not read through the client under test). */
function simRecord(sim: HarnessSimulator, externalId: string) {
  const held = sim.customerOf(externalId);
  expect(held).toBeDefined();
  return held;
}

describe('merging customers linked to POSes', () => {
  it('leaves one link per store: the richer POS record stays, the other is blanked and deactivated at the POS', async () => {
    const survivor = await newLinkedCustomer([storeA]);
    // The source's record holds more (an email and an address): it is the richer one and is kept.
    const source = await newLinkedCustomer([storeA], {
      email: `richer.${n}@example.com`,
      address: { line1: '1 Main St', line2: null, city: 'Reno', state: 'NV', postalCode: '89501', country: 'US' },
    });
    const survivorRecord = (await linkOf(h, survivor, storeA)).externalId!;
    const sourceRecord = (await linkOf(h, source, storeA)).externalId!;
    expect(survivorRecord).not.toBe(sourceRecord);

    const merged = await h.request('POST', `/api/v1/customers/${survivor}/merge`, h.tokens.manager, {
      sourceId: source,
    });
    expect(merged.statusCode).toBe(200);
    expect(merged.json().mergedAtStores).toEqual([
      {
        storeId: storeA,
        vendor: 'treez',
        keptExternalId: sourceRecord,
        retired: { externalId: survivorRecord, status: 'pending' },
      },
    ]);
    const links = await h.database.ownerDb.select().from(customerLinks).where(eq(customerLinks.customerId, survivor));
    expect(links.map((l) => [l.storeId, l.externalId])).toEqual([[storeA, sourceRecord]]);
    const pendingState = await h.request('GET', `/api/v1/customers/${survivor}/sync`, h.tokens.staff);
    expect(pendingState.json().items).toEqual([
      expect.objectContaining({
        storeId: storeA,
        externalId: sourceRecord,
        retired: [expect.objectContaining({ externalId: survivorRecord, customerId: source, status: 'pending' })],
      }),
    ]);

    await drain();

    // At the POS: the retired record is blanked and deactivated, the kept one is untouched.
    expect(simRecord(simA, survivorRecord)).toMatchObject({
      status: 'deactivated',
      firstName: 'Erased',
      lastName: 'Customer',
      phone: null,
      email: null,
    });
    // The kept record now holds the survivor's state (a merge keeps the survivor's fields).
    expect(simRecord(simA, sourceRecord)).toMatchObject({ status: 'active', lastName: `Person${n - 1}` });
    const state = await h.request('GET', `/api/v1/customers/${survivor}/sync`, h.tokens.staff);
    expect(state.json().items).toEqual([
      expect.objectContaining({
        storeId: storeA,
        externalId: sourceRecord,
        status: 'synced',
        retired: [
          expect.objectContaining({
            externalId: survivorRecord,
            customerId: source,
            status: 'deactivated',
            detail: null,
          }),
        ],
      }),
    ]);
    // A later pull of the store neither re-creates the person from the retired record nor adds a link.
    await h.pull(storeA, 'full');
    const after = await h.database.ownerDb.select().from(customerLinks).where(eq(customerLinks.customerId, survivor));
    expect(after.map((l) => l.externalId)).toEqual([sourceRecord]);
  });

  it('keeps both links when the merged customers were linked to different stores', async () => {
    const survivor = await newLinkedCustomer([storeA]);
    const source = await newLinkedCustomer([storeB]);
    const atA = (await linkOf(h, survivor, storeA)).externalId!;
    const atB = (await linkOf(h, source, storeB)).externalId!;

    const merged = await h.request('POST', `/api/v1/customers/${survivor}/merge`, h.tokens.manager, {
      sourceId: source,
    });
    expect(merged.statusCode).toBe(200);
    expect(merged.json().mergedAtStores).toEqual([]);
    await drain();

    const state = await h.request('GET', `/api/v1/customers/${survivor}/sync`, h.tokens.staff);
    const byStore = Object.fromEntries(
      (state.json().items as { storeId: string; externalId: string; retired: unknown[] }[]).map((s) => [
        s.storeId,
        [s.externalId, s.retired],
      ]),
    );
    expect(byStore).toEqual({ [storeA]: [atA, []], [storeB]: [atB, []] });
    expect(simRecord(simA, atA)).toMatchObject({ status: 'active' });
    // The source's record at store B now holds the survivor's state.
    expect(simRecord(simB, atB)).toMatchObject({ status: 'active', lastName: `Person${n - 1}` });
  });

  it('takes a second record of one person at the same POS in as a customer of its own, not a second link', async () => {
    const person = { firstName: 'Twice', lastName: 'Entered', dateOfBirth: '1977-07-07', phone: '7025559911' };
    const first = await importedFromPos({ ...person, email: 'twice.entered@example.com' });
    const second = simA.addCustomer({ ...person, email: null });
    await h.pull(storeA);

    const links = await h.linksOf(storeA);
    expect(links.filter((l) => l.customerId === first.id).map((l) => l.externalId)).toEqual([first.externalId]);
    const other = links.find((l) => l.externalId === simA.idOf(second));
    expect(other?.customerId).toBeDefined();
    expect(other!.customerId).not.toBe(first.id);
    // Merging the two then leaves one link and retires the other record at the POS.
    const merged = await h.request('POST', `/api/v1/customers/${first.id}/merge`, h.tokens.manager, {
      sourceId: other!.customerId,
    });
    expect(merged.statusCode).toBe(200);
    expect(merged.json().mergedAtStores).toHaveLength(1);
  });

  it('asks again for a retirement still due when the survivor is erased', async () => {
    const survivor = await newLinkedCustomer([storeA]);
    const source = await newLinkedCustomer([storeA]);
    const merged = await h.request('POST', `/api/v1/customers/${survivor}/merge`, h.tokens.manager, {
      sourceId: source,
    });
    const retired = merged.json().mergedAtStores[0].retired.externalId as string;
    // The merge's pushes are dispatched but lost (a worker died before running them).
    while ((await dispatchOutbox(h.database.db, async () => {}, 200, recordDeliveries)) > 0) {
      // until empty
    }
    expect((await h.request('DELETE', `/api/v1/customers/${survivor}`, h.tokens.manager)).statusCode).toBe(202);
    const targets = await drain();

    expect(targets).toContainEqual({ orgId: h.demo.orgId, storeId: storeA, customerId: source });
    expect(simRecord(simA, retired)).toMatchObject({ status: 'deactivated', firstName: 'Erased' });
  });

  it('refuses a second link of one customer to one store in the database', async () => {
    const id = await newLinkedCustomer([storeA]);
    const insert = h.database.ownerDb
      .insert(customerLinks)
      .values({ orgId: h.demo.orgId, storeId: storeA, customerId: id, externalId: 'another-record', status: 'synced' });
    await expect(insert).rejects.toMatchObject({ cause: { constraint: 'customer_links_customer_store_key' } });
  });
});

describe('reading how an erasure went', () => {
  it('shows each linked store pending, then done, failed with a reason, or unsupported; Treez deactivated', async () => {
    const storeC = h.demo.storeIds.Cova;
    const simC = await h.startSimulator({ customers: 0, seed: 3 });
    await h.connect(storeC, simC);
    const id = await newLinkedCustomer([storeA, storeB, storeC]);
    const atA = (await linkOf(h, id, storeA)).externalId!;
    const atB = (await linkOf(h, id, storeB)).externalId!;
    const atC = (await linkOf(h, id, storeC)).externalId!;
    // Store B's POS now refuses Patron's credentials; store C's integration is switched off.
    await configureIntegration(
      { db: h.database.ownerDb, vault: h.deps.vault, outbound: h.outbound },
      { orgId: h.demo.orgId, storeId: storeB },
      {
        vendor: 'treez',
        credentials: { ...simB.credentials, apiKey: 'revoked' },
        pollIntervalSeconds: 300,
        enabled: true,
      },
    );
    await configureIntegration(
      { db: h.database.ownerDb, vault: h.deps.vault, outbound: h.outbound },
      { orgId: h.demo.orgId, storeId: storeC },
      { vendor: 'treez', credentials: simC.credentials, pollIntervalSeconds: 300, enabled: false },
    );

    const erased = await h.request('DELETE', `/api/v1/customers/${id}`, h.tokens.manager);
    expect(erased.statusCode).toBe(202);
    const { erasureId } = erased.json() as { erasureId: string };
    const read = async () => {
      const res = await h.request('GET', `/api/v1/erasures/${erasureId}`, h.tokens.manager);
      expect(res.statusCode).toBe(200);
      return res.json() as {
        id: string;
        customerId: string;
        requestedAt: string;
        stores: { storeId: string; vendor: string; status: string; detail: string | null }[];
      };
    };
    const statusOf = (view: Awaited<ReturnType<typeof read>>) =>
      Object.fromEntries(view.stores.map((s) => [s.storeId, s.status]));

    const first = await read();
    expect(first).toMatchObject({ id: erasureId, customerId: id });
    expect(Date.parse(first.requestedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(statusOf(first)).toEqual({ [storeA]: 'pending', [storeB]: 'pending', [storeC]: 'unsupported' });

    let view = first;
    for (let attempt = 0; attempt < 5 && view.stores.some((s) => s.status === 'pending'); attempt += 1) {
      await drain();
      view = await read();
    }
    expect(statusOf(view)).toEqual({ [storeA]: 'done', [storeB]: 'failed', [storeC]: 'unsupported' });
    const byStore = Object.fromEntries(view.stores.map((s) => [s.storeId, s]));
    expect(byStore[storeA]).toMatchObject({ vendor: 'treez', detail: 'blanked and deactivated at the POS' });
    expect(byStore[storeB]!.detail).toMatch(/auth_failed/);
    expect(byStore[storeC]!.detail).toMatch(/no enabled POS integration/);

    // At the POSes, read through the simulators' admin API.
    expect(simRecord(simA, atA)).toMatchObject({
      status: 'deactivated',
      firstName: 'Erased',
      lastName: 'Customer',
      phone: null,
      email: null,
    });
    expect(simRecord(simB, atB)).toMatchObject({ status: 'active', lastName: `Person${n}` });
    expect(simRecord(simC, atC)).toMatchObject({ status: 'active', lastName: `Person${n}` });

    // Another organization's admin does not learn the erasure exists.
    const foreign = await h.request('GET', `/api/v1/erasures/${erasureId}`, h.tokens.otherAdmin);
    expect(foreign.statusCode).toBe(404);
    await h.connect(storeB, simB);
  });
});
