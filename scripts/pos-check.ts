/**
 * For each registered POS vendor, against its simulator on loopback: page 10,000 customers with the
 * real client at no more than the vendor's rate limit, create and update a customer, and survive
 * each injected fault. Prints one table. `npm run pos:check` (POS_CHECK_CUSTOMERS to change 10,000).
 */
import { performance } from 'node:perf_hooks';
import type { PosClient, PosCustomerInput } from '../src/pos/port.ts';
import { createPosClient, registeredVendors } from '../src/pos/registry.ts';
import type { RunningSimulator } from '../src/pos/simulator-kit/simulator-types.ts';
import { startVendorSimulator } from '../src/pos/simulators.ts';

const CUSTOMERS = Number(process.env.POS_CHECK_CUSTOMERS ?? 10_000);

interface Row {
  vendor: string;
  paged: number;
  requests: number;
  seconds: string;
  perSecond: string;
  rateLimited: number;
  createUpdate: string;
  faults: string;
}

async function pageAll(client: PosClient): Promise<number> {
  let seen = 0;
  for await (const page of client.listChangedSince({ since: null, resume: null })) {
    seen += page.customers.length + page.malformed.length;
    if (page.done) break;
  }
  return seen;
}

async function firstPage(client: PosClient) {
  for await (const page of client.listChangedSince({ since: null, resume: null })) return page;
  throw new Error('no page');
}

const NEW_CUSTOMER: PosCustomerInput = {
  firstName: 'Check',
  middleName: null,
  lastName: 'Customer',
  preferredName: null,
  dateOfBirth: '1987-06-05',
  gender: null,
  phone: '+17025550188',
  email: 'check.customer@example.com',
  customerType: 'adult',
  medical: null,
  idDocument: null,
  address: { line1: '1 Main St', line2: null, city: 'Reno', state: 'NV', postalCode: '89501', country: 'US' },
  consents: { sms: null, email: null },
  loyaltyPoints: null,
  tags: [],
  notes: null,
  banned: null,
};

async function createAndUpdate(client: PosClient): Promise<string> {
  const created = await client.create(NEW_CUSTOMER);
  const updated = await client.update(created.externalId, { ...NEW_CUSTOMER, lastName: 'Updated' });
  const read = await client.get(created.externalId);
  if (updated.lastName !== 'Updated' || read.lastName !== 'Updated') throw new Error('update did not hold');
  return 'ok';
}

/** Each fault, injected at the simulator, then a call that must still succeed. */
async function survivesFaults(client: PosClient, simulator: RunningSimulator<unknown>): Promise<string> {
  const survived: string[] = [];
  const scenarios: [string, () => void][] = [
    ['429', () => simulator.faults.set({ rateLimitBurst: 3 })],
    ['5xx', () => simulator.faults.set({ serverErrorBurst: 2 })],
    ['reset', () => simulator.faults.set({ resetBurst: 2 })],
    ['latency', () => simulator.faults.set({ latencyMs: 300 })],
  ];
  // Only vendors with access tokens (Treez, Cova) can have them expire.
  if (simulator.tokens.issued > 0) scenarios.push(['token-expiry', () => simulator.tokens.expireAll()]);
  for (const [name, inject] of scenarios) {
    inject();
    const page = await firstPage(client);
    if (page.customers.length === 0) throw new Error(`${name}: empty page`);
    simulator.faults.set({ rateLimitBurst: 0, serverErrorBurst: 0, resetBurst: 0, latencyMs: 0 });
    survived.push(name);
  }
  simulator.faults.set({ malformedRate: 0.2 });
  const page = await firstPage(client);
  simulator.faults.set({ malformedRate: 0 });
  if (page.malformed.length === 0 || page.customers.length === 0)
    throw new Error('malformed: not quarantined per record');
  survived.push('malformed');
  return survived.join(' ');
}

async function check(vendor: string): Promise<Row> {
  const { simulator, credentials } = await startVendorSimulator(vendor, { customers: CUSTOMERS, seed: 7 });
  try {
    const client = createPosClient(vendor, credentials, { timeZone: 'America/Los_Angeles' });
    const before = simulator.requests.length;
    const started = performance.now();
    const paged = await pageAll(client);
    const seconds = (performance.now() - started) / 1000;
    const calls = simulator.requests.slice(before);
    return {
      vendor,
      paged,
      requests: calls.length,
      seconds: seconds.toFixed(1),
      perSecond: (calls.length / seconds).toFixed(2),
      rateLimited: calls.filter((r) => r.status === 429).length,
      createUpdate: await createAndUpdate(client),
      faults: await survivesFaults(client, simulator),
    };
  } finally {
    await simulator.close();
  }
}

const rows: Row[] = [];
for (const vendor of registeredVendors()) {
  process.stderr.write(`${vendor}: paging ${CUSTOMERS} customers…\n`);
  rows.push(await check(vendor));
}
console.log(
  '\n| vendor | customers paged | requests | seconds | requests/s | 429s from the vendor | create + update | faults survived |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.vendor} | ${r.paged} | ${r.requests} | ${r.seconds} | ${r.perSecond} | ${r.rateLimited} | ${r.createUpdate} | ${r.faults} |`,
  );
}
const short = rows.filter((r) => r.paged < CUSTOMERS);
if (short.length > 0) {
  console.error(`paged fewer than ${CUSTOMERS} customers: ${short.map((r) => r.vendor).join(', ')}`);
  process.exit(1);
}
