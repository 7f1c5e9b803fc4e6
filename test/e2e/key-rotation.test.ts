/**
 * The rotation procedure of SECURITY.md with real processes: data written under key A; the service
 * restarted with key B and A as previous key reads it; `patron keys rotate` moves it to B; the
 * service with B alone then reads and finds everything.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { keyIdOf } from '../../src/privacy/key-derivation.ts';
import { type ChildServer, runCli, startChildServer } from '../support/child-server.ts';
import { keyIdsInUse, writeEncryptedData } from '../support/encrypted-data.ts';
import { createTestApp, DEMO_PASSWORD, TEST_MASTER_KEY, type TestApp } from '../support/test-app.ts';

const KEY_A = TEST_MASTER_KEY;
const KEY_B = Buffer.alloc(32, 31);

let t: TestApp | undefined;
let server: ChildServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
  await t?.close();
  t = undefined;
});

async function call<T>(
  url: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
}

function serve(databaseUrl: string, keys: Record<string, string>): Promise<ChildServer> {
  return startChildServer(
    {
      DATABASE_URL: databaseUrl,
      PATRON_DATA_DIR: '/tmp/patron-rotation-unused',
      PATRON_DEMO_PASSWORD: DEMO_PASSWORD,
      PATRON_SIMULATORS: '0',
      LOG_LEVEL: 'warn',
      ...keys,
    },
    60_000,
    ['--role=api'],
  );
}

interface CustomerAnswer {
  id: string;
  idDocument: { number: string } | null;
  medical: { cardNumber: string } | null;
}

describe('master key rotation, end to end', () => {
  it('reads old data with the previous key, rotates it, then serves everything with the new key alone', async () => {
    t = await createTestApp();
    const data = await writeEncryptedData(t, 2);
    const [customerId, idNumber] = [...data.idNumbers][0]!;
    const b64 = (key: Buffer) => key.toString('base64');

    // Restarted with B, A retired: A's values still open.
    server = await serve(t.database.url, { PATRON_MASTER_KEY: b64(KEY_B), PATRON_PREVIOUS_MASTER_KEYS: b64(KEY_A) });
    let login = await call<{ token: string }>(server.url, '/api/v1/auth/login', undefined, {
      email: 'manager@demo.test',
      password: DEMO_PASSWORD,
    });
    expect(login.status).toBe(200);
    const before = await call<CustomerAnswer>(server.url, `/api/v1/customers/${customerId}`, login.body.token);
    expect(before.status).toBe(200);
    expect(before.body.idDocument?.number).toBe(idNumber);
    expect(before.body.medical?.cardNumber).toBe(data.cardNumbers.get(customerId));

    const rotation = await runCli(['keys', 'rotate'], {
      DATABASE_URL: t.database.url,
      PATRON_DATA_DIR: '/tmp/patron-rotation-unused',
      PATRON_MASTER_KEY: b64(KEY_B),
      PATRON_PREVIOUS_MASTER_KEYS: b64(KEY_A),
    });
    expect(rotation.code).toBe(0);
    expect(await keyIdsInUse(t)).toEqual(new Set([keyIdOf(KEY_B)]));
    await server.stop();

    // The old key dropped: B alone reads the record and finds it by ID number.
    server = await serve(t.database.url, { PATRON_MASTER_KEY: b64(KEY_B) });
    login = await call<{ token: string }>(server.url, '/api/v1/auth/login', undefined, {
      email: 'manager@demo.test',
      password: DEMO_PASSWORD,
    });
    const after = await call<CustomerAnswer>(server.url, `/api/v1/customers/${customerId}`, login.body.token);
    expect(after.body.idDocument?.number).toBe(idNumber);
    const found = await call<{ items: { id: string }[] }>(
      server.url,
      `/api/v1/customers?idNumber=${encodeURIComponent(idNumber)}`,
      login.body.token,
    );
    expect(found.status).toBe(200);
    expect(found.body.items.map((c) => c.id)).toEqual([customerId]);
  });
});
