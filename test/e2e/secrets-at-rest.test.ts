/**
 * After a full scenario (users, logins, customers with ID and card numbers, a POS integration with
 * credentials, API keys used for calls, kiosk signup and identification, customer tokens on /me), neither the database files on disk nor the captured logs hold
 * any planted ID number, card number, POS credential, password, session token or API key; and every
 * request log line carries a request id instead of personal data.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { inviteUser } from '../support/invite-user.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const logLines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    logLines.push(String(chunk));
    done();
  },
});

const PLANTED = {
  idNumber: 'Q7Z-4402-9931',
  idNumberNormalized: 'Q7Z44029931',
  cardNumber: 'MEDX-5550-7781',
  cardNumberNormalized: 'MEDX55507781',
  password: 'planted-Passw0rd-91f3',
  posApiKey: 'planted-pos-apikey-6c1e2b',
  posClientSecret: 'planted-pos-client-secret-d93a',
  posPassword: 'planted-pos-password-71aa',
};
/** Personal data that the database holds in clear on purpose (searchable), but no log may carry. */
const PERSONAL = {
  email: 'planted.person@example.com',
  phone: '+17025559371',
  kioskPhone: '+17025559373',
  lastName: 'Plantedlastname',
};
const issued: string[] = [];

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ logger: createLogger('trace', sink) });
  issued.push(...Object.values(t.tokens));
  await scenario();
}, 120_000);
afterAll(() => t.close());

async function ok(method: string, url: string, token: string | undefined, body?: unknown) {
  const res = await t.request(method, url, token, body);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res;
}

async function scenario() {
  const admin = t.tokens.admin;
  const invited = await inviteUser(t, {
    email: 'planted.manager@demo.test',
    name: 'Planted Manager',
    role: 'manager',
    password: PLANTED.password,
  });
  issued.push(invited.token);
  const manager = await t.login('planted.manager@demo.test', PLANTED.password);
  issued.push(manager);
  await t.request('POST', '/api/v1/auth/login', undefined, {
    email: 'planted.manager@demo.test',
    password: 'wrong-one',
  });

  const customer = (
    await ok('POST', '/api/v1/customers', manager, {
      firstName: 'Planted',
      lastName: PERSONAL.lastName,
      dateOfBirth: '2001-02-03',
      phone: PERSONAL.phone,
      email: PERSONAL.email,
      customerType: 'medical',
      medical: { cardNumber: PLANTED.cardNumber, state: 'NV', expiresOn: '2031-01-01' },
      idDocument: { type: 'drivers_license', number: PLANTED.idNumber, state: 'NV', expiresOn: '2032-01-01' },
    })
  ).json();
  await ok('GET', `/api/v1/customers?idNumber=${encodeURIComponent(PLANTED.idNumber)}`, manager);
  await ok('GET', `/api/v1/customers?email=${encodeURIComponent(PERSONAL.email)}`, t.tokens.staff);
  await ok('PATCH', `/api/v1/customers/${customer.id}`, manager, { notes: 'likes edibles' });
  await ok('GET', `/api/v1/customers/${customer.id}/export`, manager);

  await ok('PUT', `/api/v1/stores/${t.demo.storeIds.Treez}/integration`, admin, {
    vendor: 'treez',
    credentials: {
      baseUrl: 'http://127.0.0.1:9/v2.0/dispensary/planted',
      clientId: 'planted-client',
      apiKey: PLANTED.posApiKey,
    },
    pollIntervalSeconds: 3600,
    enabled: false,
  });
  await ok('PUT', `/api/v1/stores/${t.demo.storeIds.Cova}/integration`, admin, {
    vendor: 'cova',
    credentials: {
      baseUrl: 'http://127.0.0.1:9/cova',
      authUrl: 'http://127.0.0.1:9/auth',
      username: 'planted-user',
      password: PLANTED.posPassword,
      clientId: 'planted-cova-client',
      clientSecret: PLANTED.posClientSecret,
      companyId: '1',
      locationId: '2',
    },
    pollIntervalSeconds: 3600,
    enabled: false,
  });
  await ok('POST', `/api/v1/stores/${t.demo.storeIds.Treez}/integration/test`, admin);

  const key = (
    await ok('POST', '/api/v1/api-keys', admin, {
      name: 'Planted kiosk',
      role: 'kiosk',
      storeId: t.demo.storeIds.Treez,
    })
  ).json().key as string;
  issued.push(key);
  await ok('POST', '/api/v1/customers', key, {
    firstName: 'Kiosk',
    lastName: 'Signup',
    dateOfBirth: '1970-07-07',
    phone: '+17025559372',
    customerType: 'medical',
    medical: { cardNumber: `${PLANTED.cardNumber}-2`, state: 'NV', expiresOn: '2031-01-01' },
  });
  const signup = (
    await ok('POST', '/api/v1/kiosk/signup', key, {
      firstName: 'Kiosk',
      lastName: PERSONAL.lastName,
      dateOfBirth: '1980-08-08',
      phone: PERSONAL.kioskPhone,
      customerType: 'medical',
      medical: { cardNumber: `${PLANTED.cardNumber}-3`, state: 'NV', expiresOn: '2031-01-01' },
    })
  ).json();
  issued.push(signup.customerToken);
  const identified = (
    await ok('POST', '/api/v1/kiosk/identify', key, { phone: PERSONAL.kioskPhone, dateOfBirth: '1980-08-08' })
  ).json();
  issued.push(identified.customerToken);
  await ok('PATCH', '/api/v1/me', identified.customerToken, { email: 'kiosk.planted@example.com' });
  await ok('POST', '/api/v1/me/export', identified.customerToken);
}

/** Every regular file under `dir`, skipping what disappears while we walk (temporary files). */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

describe('secrets at rest and in logs', () => {
  it('no planted secret is in the database files (tables, indexes, WAL) after a checkpoint', async () => {
    const client = t.database.pool;
    await client.query('CHECKPOINT');
    const dataDir = (await client.query('SHOW data_directory')).rows[0].data_directory as string;
    const oid = (await client.query('SELECT oid FROM pg_database WHERE datname = current_database()')).rows[0].oid;
    const files = [
      ...(await filesUnder(path.join(dataDir, 'base', String(oid)))),
      ...(await filesUnder(path.join(dataDir, 'pg_wal'))),
      ...(await filesUnder(path.join(dataDir, 'global'))),
    ];
    expect(files.length).toBeGreaterThan(10);
    const needles = [...Object.values(PLANTED), ...issued].map((s) => Buffer.from(s, 'utf8'));
    // The scan can see clear text at all: the email is stored in clear on purpose.
    let sawClearEmail = false;
    const found: string[] = [];
    for (const file of files) {
      if (!(await stat(file).catch(() => null))) continue;
      const bytes = await readFile(file).catch(() => Buffer.alloc(0));
      if (bytes.includes(Buffer.from(PERSONAL.email))) sawClearEmail = true;
      for (const needle of needles) {
        if (bytes.includes(needle)) found.push(`${needle.toString().slice(0, 12)}… in ${path.relative(dataDir, file)}`);
      }
    }
    expect(sawClearEmail).toBe(true);
    expect(found).toEqual([]);
  });

  it('no log line holds a planted secret or personal value, and every request line carries a request id', () => {
    const text = logLines.join('');
    expect(logLines.length).toBeGreaterThan(10);
    for (const value of [...Object.values(PLANTED), ...issued, ...Object.values(PERSONAL)]) {
      expect(text).not.toContain(value);
    }
    const requestLines = logLines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
    expect(requestLines.length).toBeGreaterThan(10);
    for (const line of requestLines) {
      expect(line.reqId).toMatch(/^[0-9a-f-]{36}$/);
      expect(line.route).not.toContain('?');
    }
  });
});
