/**
 * Jurisdiction data profiles end to end: a store's profile follows its state and admins change it;
 * the customers service refuses what the profile does not keep (staff, kiosk); a South Dakota
 * medical customer's recorded authorization unlocks more; a pull from a Colorado store's POS stores
 * none of the ID documents it sends for adult-use customers.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerAuthorizations, customers } from '../../src/customers/tables.ts';
import { runPush } from '../../src/sync/outbound/push.ts';
import { customerLinks } from '../../src/sync/tables.ts';
import { adultBody, medicalBody } from '../support/customer-fixtures.ts';
import {
  createSyncHarness,
  type HarnessRecord,
  type HarnessSimulator,
  type SyncHarness,
} from '../support/sync-harness.ts';

let h: SyncHarness;
let coloradoStore: string;
let southDakotaStore: string;
let n = 7000;

const DENVER = { line1: '1 Pearl St', city: 'Denver', state: 'CO', postalCode: '80203' };
const SIOUX_FALLS = { line1: '100 N Phillips Ave', city: 'Sioux Falls', state: 'SD', postalCode: '57104' };
const LICENSE = { type: 'drivers_license', number: 'D1234567', state: 'CO', expiresOn: '2031-01-01' };
const ADDRESS = { line1: '200 E Colfax Ave', city: 'Denver', state: 'CO', postalCode: '80203' };

/** A record the simulator holds, read in neutral field names (no vendor field leaves the vendor folder). */
function held(sim: HarnessSimulator, record: HarnessRecord | undefined) {
  expect(record).toBeDefined();
  const customer = sim.customerOf(sim.idOf(record!));
  expect(customer).toBeDefined();
  return customer!;
}

async function newStore(name: string, address?: object, extra: object = {}) {
  const res = await h.request('POST', '/api/v1/stores', h.tokens.admin, {
    name: `${name} ${Date.now().toString(36)}${n++}`,
    timezone: 'America/Denver',
    ...(address ? { address } : {}),
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; dataProfile: string };
}

async function kioskKeyAt(storeId: string): Promise<string> {
  const res = await h.request('POST', '/api/v1/api-keys', h.tokens.admin, {
    name: `Kiosk ${n++}`,
    role: 'kiosk',
    storeId,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().key;
}

beforeAll(async () => {
  h = await createSyncHarness();
  coloradoStore = (await newStore('Denver', DENVER)).id;
  southDakotaStore = (await newStore('Sioux Falls', SIOUX_FALLS)).id;
});
afterAll(() => h?.close());

describe("a store's data profile", () => {
  it("follows the store's state at creation, and the strict default without a profile or an address", async () => {
    expect((await newStore('Denver East', DENVER)).dataProfile).toBe('CO');
    expect((await newStore('Seattle', { ...DENVER, state: 'WA', postalCode: '98101' })).dataProfile).toBe(
      'strict-default',
    );
    expect((await newStore('Nowhere')).dataProfile).toBe('strict-default');
    expect((await newStore('Chosen', DENVER, { dataProfile: 'NV' })).dataProfile).toBe('NV');
  });

  it('shows on GET /stores/{id}; the demo stores in Nevada follow the Nevada profile', async () => {
    const res = await h.request('GET', `/api/v1/stores/${h.demo.storeIds.Treez}`, h.tokens.staff);
    expect(res.json().dataProfile).toBe('NV');
  });

  it('is changed by admins and not by staff or managers', async () => {
    const store = await newStore('Editable', DENVER);
    for (const role of ['staff', 'manager'] as const) {
      const refused = await h.request('PATCH', `/api/v1/stores/${store.id}`, h.tokens[role], { dataProfile: 'NV' });
      expect(refused.statusCode).toBe(403);
    }
    const changed = await h.request('PATCH', `/api/v1/stores/${store.id}`, h.tokens.admin, { dataProfile: 'SD' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().dataProfile).toBe('SD');
    expect((await h.request('GET', `/api/v1/stores/${store.id}`, h.tokens.staff)).json().dataProfile).toBe('SD');
  });

  it('refuses a profile Patron does not ship', async () => {
    const res = await h.request('PATCH', `/api/v1/stores/${coloradoStore}`, h.tokens.admin, { dataProfile: 'XX' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].path).toBe('dataProfile');
  });

  it('lists every profile with its rules and their basis to staff', async () => {
    const res = await h.request('GET', '/api/v1/data-profiles', h.tokens.staff);
    expect(res.statusCode).toBe(200);
    const profiles = res.json().items as { id: string; adult: { idDocument: { keep: string; basis?: string } } }[];
    expect(profiles.map((p) => p.id)).toEqual(['CO', 'OR', 'CA', 'SD', 'NV', 'MA', 'strict-default']);
    expect(profiles[0]!.adult.idDocument).toMatchObject({ keep: 'never', basis: expect.stringContaining('Colo.') });
  });
});

describe('a Colorado store', () => {
  it('refuses to store the ID document of an adult-use customer, naming the field and the rule', async () => {
    const res = await h.request(
      'POST',
      '/api/v1/customers',
      h.tokens.staff,
      adultBody(n++, { homeStoreId: coloradoStore, idDocument: LICENSE }),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      { path: 'idDocument', message: expect.stringMatching(/adult-use.*Colorado.*Colo\. Const\. art\. XVIII/) },
    ]);
    const without = await h.request(
      'POST',
      '/api/v1/customers',
      h.tokens.staff,
      adultBody(n++, { homeStoreId: coloradoStore, address: ADDRESS }),
    );
    expect(without.statusCode, without.body).toBe(201);
    expect(without.json().idDocument).toBeNull();
  });

  it('refuses an ID added later by staff to a customer at home there, and takes other edits', async () => {
    const created = await h.request(
      'POST',
      '/api/v1/customers',
      h.tokens.staff,
      adultBody(n++, { homeStoreId: coloradoStore }),
    );
    const id = created.json().id;
    const withId = await h.request('PATCH', `/api/v1/customers/${id}`, h.tokens.staff, { idDocument: LICENSE });
    expect(withId.statusCode).toBe(422);
    expect(withId.json().errors[0].path).toBe('idDocument');
    const notes = await h.request('PATCH', `/api/v1/customers/${id}`, h.tokens.staff, { notes: 'prefers mornings' });
    expect(notes.statusCode).toBe(200);
  });

  it('checks the held ID again when a medical customer becomes adult-use there', async () => {
    const created = await h.request(
      'POST',
      '/api/v1/customers',
      h.tokens.manager,
      medicalBody(n++, { homeStoreId: coloradoStore, idDocument: { ...LICENSE, number: 'D2223334' } }),
    );
    const id = created.json().id;
    const toAdult = { customerType: 'adult', medical: null, dateOfBirth: '1980-01-15' };
    const refused = await h.request('PATCH', `/api/v1/customers/${id}`, h.tokens.manager, toAdult);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].path).toBe('idDocument');
    const withoutId = await h.request('PATCH', `/api/v1/customers/${id}`, h.tokens.manager, {
      ...toAdult,
      idDocument: null,
    });
    expect(withoutId.statusCode, withoutId.body).toBe(200);
    expect(withoutId.json().idDocument).toBeNull();
  });

  it('stores the ID document of a medical customer', async () => {
    const res = await h.request(
      'POST',
      '/api/v1/customers',
      h.tokens.manager,
      medicalBody(n++, { homeStoreId: coloradoStore, idDocument: LICENSE }),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().idDocument.number).toBe(LICENSE.number);
  });

  it('refuses it at a kiosk of that store, whatever home store the body names', async () => {
    const kiosk = await kioskKeyAt(coloradoStore);
    // Naming another home store does not escape the profile: a kiosk signs up at its own store only.
    const elsewhere = adultBody(n++, { idDocument: LICENSE, homeStoreId: h.demo.storeIds.Treez });
    const viaOtherStore = await h.request('POST', '/api/v1/customers', kiosk, elsewhere);
    expect(viaOtherStore.statusCode).toBe(422);
    expect(viaOtherStore.json().errors.map((e: { path: string }) => e.path)).toContain('homeStoreId');
    const viaCustomers = await h.request('POST', '/api/v1/customers', kiosk, adultBody(n++, { idDocument: LICENSE }));
    expect(viaCustomers.statusCode).toBe(422);
    expect(viaCustomers.json().errors[0].path).toBe('idDocument');
    const viaSignup = await h.request('POST', '/api/v1/kiosk/signup', kiosk, adultBody(n++, { idDocument: LICENSE }));
    expect(viaSignup.statusCode).toBe(422);
    expect(viaSignup.json().errors[0].path).toBe('idDocument');
  });

  it('holds a customer without any store to no profile', async () => {
    const idDocument = { ...LICENSE, number: 'D7654321' };
    const res = await h.request('POST', '/api/v1/customers', h.tokens.staff, adultBody(n++, { idDocument }));
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe('a South Dakota store and a medical customer', () => {
  it('stores only the card until the cardholder authorizes more, then accepts more', async () => {
    const body = medicalBody(n++, {
      homeStoreId: southDakotaStore,
      medical: { cardNumber: 'AB12CD34EF', state: 'SD', expiresOn: '2030-06-30' },
    });
    const refused = await h.request('POST', '/api/v1/customers', h.tokens.staff, { ...body, address: ADDRESS });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([
      { path: 'address', message: expect.stringMatching(/"sd-medical-additional-data".*SDCL ch\. 34-20G/) },
    ]);

    const created = await h.request('POST', '/api/v1/customers', h.tokens.staff, body);
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect(created.json().medical.state).toBe('SD');
    const early = await h.request('PATCH', `/api/v1/customers/${id}`, h.tokens.staff, {
      address: ADDRESS,
      notes: 'asks for low-THC options',
    });
    expect(early.statusCode).toBe(422);
    expect(early.json().errors.map((e: { path: string }) => e.path)).toEqual(['address', 'notes']);

    const wording = 'I allow this dispensary to keep my address and notes beyond my registry number.';
    const authorized = await h.request('POST', `/api/v1/customers/${id}/authorizations`, h.tokens.staff, {
      kind: 'sd-medical-additional-data',
      source: 'paper form',
      wording,
    });
    expect(authorized.statusCode, authorized.body).toBe(201);
    expect(authorized.json()).toMatchObject({ kind: 'sd-medical-additional-data', source: 'paper form', wording });

    const later = await h.request('PATCH', `/api/v1/customers/${id}`, h.tokens.staff, {
      address: ADDRESS,
      notes: 'asks for low-THC options',
    });
    expect(later.statusCode, later.body).toBe(200);
    expect(later.json().address.line1).toBe(ADDRESS.line1);

    const listed = await h.request('GET', `/api/v1/customers/${id}/authorizations`, h.tokens.staff);
    expect(listed.json().items).toEqual([expect.objectContaining({ kind: 'sd-medical-additional-data', wording })]);
    const exported = await h.request('GET', `/api/v1/customers/${id}/export`, h.tokens.manager);
    expect(exported.json().authorizations).toEqual([
      expect.objectContaining({ kind: 'sd-medical-additional-data', source: 'paper form', wording }),
    ]);
    const audit = (await h.request('GET', `/api/v1/customers/${id}/audit`, h.tokens.manager)).json().items;
    expect(audit.map((e: { action: string }) => e.action)).toContain('authorization');
  });

  it('does not take an authorization of another kind', async () => {
    const created = await h.request(
      'POST',
      '/api/v1/customers',
      h.tokens.staff,
      medicalBody(n++, { homeStoreId: southDakotaStore }),
    );
    const id = created.json().id;
    await h.request('POST', `/api/v1/customers/${id}/authorizations`, h.tokens.staff, {
      kind: 'written-permission-additional-data',
      source: 'staff',
      wording: 'You may keep my address.',
    });
    const res = await h.request('PATCH', `/api/v1/customers/${id}`, h.tokens.staff, { address: ADDRESS });
    expect(res.statusCode).toBe(422);
  });

  it('moves authorizations to the survivor of a merge and deletes them on erasure', async () => {
    const make = async () =>
      (
        await h.request(
          'POST',
          '/api/v1/customers',
          h.tokens.staff,
          medicalBody(n++, { homeStoreId: southDakotaStore }),
        )
      ).json().id as string;
    const [target, source] = [await make(), await make()];
    await h.request('POST', `/api/v1/customers/${source}/authorizations`, h.tokens.staff, {
      kind: 'sd-medical-additional-data',
      source: 'paper form',
      wording: 'You may keep my address.',
    });
    const merged = await h.request('POST', `/api/v1/customers/${target}/merge`, h.tokens.manager, { sourceId: source });
    expect(merged.statusCode, merged.body).toBe(200);
    const moved = await h.request('GET', `/api/v1/customers/${target}/authorizations`, h.tokens.staff);
    expect(moved.json().items).toHaveLength(1);
    const address = await h.request('PATCH', `/api/v1/customers/${target}`, h.tokens.staff, { address: ADDRESS });
    expect(address.statusCode, address.body).toBe(200);

    expect((await h.request('DELETE', `/api/v1/customers/${target}`, h.tokens.manager)).statusCode).toBe(202);
    const left = await h.database.ownerDb
      .select()
      .from(customerAuthorizations)
      .where(inArray(customerAuthorizations.customerId, [target, source]));
    expect(left).toEqual([]);
  });

  it('answers 404 for an authorization of an unknown customer and 422 for an unknown kind', async () => {
    const unknown = await h.request(
      'POST',
      '/api/v1/customers/00000000-0000-4000-8000-000000000000/authorizations',
      h.tokens.staff,
      { kind: 'sd-medical-additional-data', source: 'staff', wording: 'Yes.' },
    );
    expect(unknown.statusCode).toBe(404);
    const created = await h.request('POST', '/api/v1/customers', h.tokens.staff, adultBody(n++));
    const badKind = await h.request('POST', `/api/v1/customers/${created.json().id}/authorizations`, h.tokens.staff, {
      kind: 'anything-goes',
      source: 'staff',
      wording: 'Yes.',
    });
    expect(badKind.statusCode).toBe(422);
  });
});

describe('an inbound pull from a Colorado store', () => {
  it('stores none of the ID documents the POS sends for adult-use customers, and flags each on the link', async () => {
    const store = (await newStore('Denver Pull', DENVER)).id;
    const simulator = await h.startSimulator({ customers: 40, seed: 101 });
    const adultsWithId = simulator.store
      .all()
      .filter((r) => held(simulator, r).driversLicense && !held(simulator, r).medicalCard);
    expect(adultsWithId.length).toBeGreaterThan(0);
    await h.connect(store, simulator);

    const run = await h.pull(store, 'full');
    expect(run.status).toBe('succeeded');
    expect(run.stats.quarantined).toBe(0);

    const rows = await h.database.ownerDb
      .select({ type: customers.customerType, idEnc: customers.idDocumentNumberEnc, issues: customerLinks.issues })
      .from(customerLinks)
      .innerJoin(customers, eq(customers.id, customerLinks.customerId))
      .where(and(eq(customerLinks.storeId, store), isNull(customers.deletedAt)));
    const adults = rows.filter((r) => r.type === 'adult');
    expect(adults.length).toBeGreaterThanOrEqual(adultsWithId.length);
    expect(adults.filter((r) => r.idEnc !== null)).toEqual([]);
    const flagged = adults.filter((r) => r.issues.some((i) => i.field === 'idDocument' && i.problem === 'not-kept'));
    expect(flagged.length).toBe(adultsWithId.length);

    // A profile that keeps more takes the fields in at the next full pull, unchanged records and all.
    await h.request('PATCH', `/api/v1/stores/${store}`, h.tokens.admin, { dataProfile: 'NV' });
    const again = await h.pull(store, 'full');
    expect(again.status).toBe('succeeded');
    const after = await h.database.ownerDb
      .select({ type: customers.customerType, idEnc: customers.idDocumentNumberEnc })
      .from(customerLinks)
      .innerJoin(customers, eq(customers.id, customerLinks.customerId))
      .where(and(eq(customerLinks.storeId, store), isNull(customers.deletedAt)));
    expect(after.filter((r) => r.type === 'adult' && r.idEnc !== null).length).toBe(adultsWithId.length);
  });

  it('never reads a field the profile stopped keeping as the POS clearing it: notes already held stay', async () => {
    const store = (await newStore('Rapid City', { ...SIOUX_FALLS, city: 'Rapid City' }, { dataProfile: 'NV' })).id;
    const simulator = await h.startSimulator({ customers: 60, seed: 202 });
    await h.connect(store, simulator);
    expect((await h.pull(store, 'full')).status).toBe('succeeded');
    const notesOfMedical = async () =>
      h.database.ownerDb
        .select({ id: customers.id, notes: customers.notes })
        .from(customerLinks)
        .innerJoin(customers, eq(customers.id, customerLinks.customerId))
        .where(and(eq(customerLinks.storeId, store), eq(customers.customerType, 'medical')))
        .orderBy(customers.id);
    const before = await notesOfMedical();
    expect(before.filter((c) => c.notes !== null).length).toBeGreaterThan(0);

    await h.request('PATCH', `/api/v1/stores/${store}`, h.tokens.admin, { dataProfile: 'SD' });
    expect((await h.pull(store, 'full')).status).toBe('succeeded');
    expect(await notesOfMedical()).toEqual(before);
  });

  it('never pushes to the store what its profile does not keep, on create or on update', async () => {
    const store = (await newStore('Boulder', { ...DENVER, city: 'Boulder', postalCode: '80302' })).id;
    const simulator = await h.startSimulator({ customers: 0 });
    await h.connect(store, simulator);
    // Collected at a Nevada store, where ID documents are kept.
    const created = await h.request(
      'POST',
      '/api/v1/customers',
      h.tokens.staff,
      adultBody(n++, {
        homeStoreId: h.demo.storeIds.Treez,
        idDocument: { ...LICENSE, number: 'N5556667', state: 'NV' },
        notes: 'prefers mornings',
      }),
    );
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const target = { orgId: h.demo.orgId, storeId: store, customerId: id };
    expect((await h.request('POST', `/api/v1/customers/${id}/stores/${store}/link`, h.tokens.staff)).statusCode).toBe(
      202,
    );
    expect(await runPush(h.deps, target)).toEqual(['created']);
    const [posRecord] = simulator.store.all();
    expect(held(simulator, posRecord)).toMatchObject({ driversLicense: null, notes: 'prefers mornings' });

    const edited = await h.request('PATCH', `/api/v1/customers/${id}`, h.tokens.staff, {
      idDocument: { ...LICENSE, number: 'N5556668', state: 'NV' },
      notes: 'prefers evenings',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(await runPush(h.deps, target)).toEqual(['updated']);
    expect(held(simulator, simulator.store.all()[0])).toMatchObject({
      driversLicense: null,
      notes: 'prefers evenings',
    });
  });

  it("takes a South Dakota medical customer's address from the POS once the customer authorized it", async () => {
    const store = (await newStore('Pierre', { ...SIOUX_FALLS, city: 'Pierre', postalCode: '57501' })).id;
    // People of their own (another seed), so none was pulled in with an address by an earlier test.
    const simulator = await h.startSimulator({ customers: 60, seed: 303 });
    const withAddress = simulator.store
      .all()
      .filter((r) => held(simulator, r).medicalCard && held(simulator, r).address);
    expect(withAddress.length).toBeGreaterThan(1);
    await h.connect(store, simulator);
    expect((await h.pull(store, 'full')).status).toBe('succeeded');

    const customerOf = async (externalId: string) => {
      const [row] = await h.database.ownerDb
        .select({ id: customers.id, address: customers.address })
        .from(customerLinks)
        .innerJoin(customers, eq(customers.id, customerLinks.customerId))
        .where(and(eq(customerLinks.storeId, store), eq(customerLinks.externalId, externalId)));
      return row!;
    };
    const [first, second] = [withAddress[0]!, withAddress[1]!];
    expect((await customerOf(simulator.idOf(first))).address).toBeNull();
    expect((await customerOf(simulator.idOf(second))).address).toBeNull();

    const { id } = await customerOf(simulator.idOf(first));
    const authorized = await h.request('POST', `/api/v1/customers/${id}/authorizations`, h.tokens.staff, {
      kind: 'sd-medical-additional-data',
      source: 'paper form',
      wording: 'You may keep my address.',
    });
    expect(authorized.statusCode).toBe(201);
    expect((await h.pull(store, 'full')).status).toBe('succeeded');
    expect((await customerOf(simulator.idOf(first))).address).toMatchObject({
      line1: (first.addresses as { street1: string | null }[])[0]!.street1,
    });
    expect((await customerOf(simulator.idOf(second))).address).toBeNull();
  });
});
