/**
 * The whole product as a newcomer starts it (`patron start` in demo mode: the five POS simulators,
 * the demo organization, the built web app), on its own test database and data folder, for browser
 * tests. Gives the kiosk key it printed and signs staff in, so a test can act as the counter does.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ChildServer, startChildServer } from './child-server.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export interface DemoServer {
  url: string;
  /** The demo kiosk key for the Treez Store, as `npm start` prints it. */
  kioskKey: string;
  /** A session token of a demo user (password: the demo default). */
  signIn(role: 'staff' | 'manager' | 'admin'): Promise<string>;
  /** An API call with a bearer token; the answer's status and JSON body. */
  api<T = Record<string, unknown>>(
    method: string,
    apiPath: string,
    token?: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  output(): string;
  /**
   * The demo database's owner URL, for what no API may do but time does (a medical card that has
   * expired since it was recorded: the API refuses an expiry already past).
   */
  databaseUrl: string;
  stop(): Promise<void>;
}

export const DEMO_PASSWORD = 'patron-demo';

export async function startDemoServer(env: Record<string, string> = {}): Promise<DemoServer> {
  const db: TestDatabase = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'patron-demo-'));
  let server: ChildServer;
  try {
    server = await startChildServer({ DATABASE_URL: db.url, PATRON_DATA_DIR: dataDir, ...env }, 120_000);
  } catch (error) {
    await db.close();
    throw error;
  }
  const kioskKey = await waitFor(() => /kiosk key for the [^:]+: (pk_\S+)/.exec(server.output())?.[1], server);
  const api = async <T>(method: string, apiPath: string, token?: string, body?: unknown) => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${server.url}/api/v1${apiPath}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  };
  return {
    url: server.url,
    kioskKey,
    api,
    output: () => server.output(),
    databaseUrl: db.url,
    signIn: async (role) => {
      const answer = await api<{ token: string }>('POST', '/auth/login', undefined, {
        email: `${role}@demo.test`,
        password: DEMO_PASSWORD,
      });
      if (answer.status !== 200) throw new Error(`login as ${role}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body.token;
    },
    stop: async () => {
      await server.stop();
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitFor<T>(read: () => T | undefined, server: ChildServer, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`the demo printed no kiosk key:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
