/**
 * Migration consent_server_time repairs the consent ledger: statements dated after their recording
 * (a customer token once could send `at`) are re-dated to their recording, a source a customer token
 * claimed becomes `customer`, each repaired customer gets an audit row, their current consents are
 * derived again, and from then on the database refuses a statement dated after its recording.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { migrationSteps } from '../../test/support/migration-steps.ts';
import { createEmptyDatabase, type TestDatabase } from '../../test/support/test-database.ts';

let database: TestDatabase | undefined;
afterAll(() => database?.close());

describe('migration consent_server_time', () => {
  it('re-dates future statements to their recording, re-sources claimed sources, audits it and derives consents again', async () => {
    database = await createEmptyDatabase();
    const migration = await migrationSteps(database.pool, 'consent_server_time');
    await migration.before();

    const q = async (text: string, values: unknown[] = []) => (await database!.pool.query(text, values)).rows;
    const [org] = await q(`INSERT INTO organizations (slug, name) VALUES ('m', 'M') RETURNING id`);
    const customer = async (consents: unknown) => {
      const [row] = await q(
        `INSERT INTO customers (org_id, first_name, last_name, date_of_birth, customer_type, consents)
         VALUES ($1, 'A', 'B', '1980-01-01', 'adult', $2) RETURNING id`,
        [org.id, JSON.stringify(consents)],
      );
      return row.id as string;
    };
    const statement = (
      id: string,
      s: { channel: string; granted: boolean; source: string; at: string; recordedAt: string; by: string },
    ) =>
      q(
        `INSERT INTO consent_events (org_id, customer_id, channel, granted, source, wording, at, recorded_at, recorded_by)
         VALUES ($1, $2, $3, $4, $5, 'w', $6, $7, $8)`,
        [org.id, id, s.channel, s.granted, s.source, s.at, s.recordedAt, s.by],
      );

    // A customer's forged future grant, then staff's withdrawal it outranked.
    const forged = await customer({
      sms: { granted: false, at: null, source: null },
      email: { granted: true, at: '2030-01-01T00:00:00.000Z', source: 'forged-source' },
    });
    await statement(forged, {
      channel: 'email',
      granted: true,
      source: 'forged-source',
      at: '2030-01-01T00:00:00Z',
      recordedAt: '2026-05-01T10:00:00Z',
      by: `customer:${forged}`,
    });
    await statement(forged, {
      channel: 'email',
      granted: false,
      source: 'staff',
      at: '2026-05-02T10:00:00Z',
      recordedAt: '2026-05-02T10:00:00Z',
      by: 'user:u1',
    });
    // The old code's clock: dated a few milliseconds after its transaction began. Re-dated, not audited.
    const jitter = await customer({
      sms: { granted: true, at: '2026-05-03T10:00:00.004Z', source: 'kiosk' },
      email: { granted: false, at: null, source: null },
    });
    await statement(jitter, {
      channel: 'sms',
      granted: true,
      source: 'kiosk',
      at: '2026-05-03T10:00:00.004Z',
      recordedAt: '2026-05-03T10:00:00.001Z',
      by: 'key:k1',
    });
    // A POS's past time is kept.
    const pos = await customer({
      sms: { granted: true, at: '2026-04-01T00:00:00.000Z', source: 'pos' },
      email: { granted: false, at: null, source: null },
    });
    await statement(pos, {
      channel: 'sms',
      granted: true,
      source: 'pos',
      at: '2026-04-01T00:00:00Z',
      recordedAt: '2026-05-04T00:00:00Z',
      by: 'system:sync:store:s',
    });

    await migration.apply();

    const ledger = await q(
      `SELECT customer_id, channel, granted, source, at FROM consent_events ORDER BY customer_id, recorded_at`,
    );
    expect(ledger.filter((e) => e.customer_id === forged)).toEqual([
      {
        customer_id: forged,
        channel: 'email',
        granted: true,
        source: 'customer',
        at: new Date('2026-05-01T10:00:00Z'),
      },
      { customer_id: forged, channel: 'email', granted: false, source: 'staff', at: new Date('2026-05-02T10:00:00Z') },
    ]);
    expect(ledger.find((e) => e.customer_id === jitter).at).toEqual(new Date('2026-05-03T10:00:00.001Z'));
    expect(ledger.find((e) => e.customer_id === pos).at).toEqual(new Date('2026-04-01T00:00:00Z'));

    const consents = async (id: string) => (await q(`SELECT consents FROM customers WHERE id = $1`, [id]))[0].consents;
    // Staff's withdrawal now wins, as it should have.
    expect((await consents(forged)).email).toEqual({ granted: false, at: '2026-05-02T10:00:00.000Z', source: 'staff' });
    expect((await consents(jitter)).sms).toEqual({ granted: true, at: '2026-05-03T10:00:00.001Z', source: 'kiosk' });
    expect((await consents(pos)).sms).toEqual({ granted: true, at: '2026-04-01T00:00:00.000Z', source: 'pos' });

    const audit = await q(`SELECT actor, action, customer_id, fields, origin FROM audit_events ORDER BY action`);
    expect(audit).toEqual([
      {
        actor: 'system:migration',
        action: 'consent_resourced',
        customer_id: forged,
        fields: ['consents.email'],
        origin: 'migration:consent_server_time',
      },
      {
        actor: 'system:migration',
        action: 'consent_retimed',
        customer_id: forged,
        fields: ['consents.email'],
        origin: 'migration:consent_server_time',
      },
    ]);

    await expect(
      statement(pos, {
        channel: 'email',
        granted: true,
        source: 'pos',
        at: '2030-01-01T00:00:00Z',
        recordedAt: '2026-06-01T00:00:00Z',
        by: 'system:sync:store:s',
      }),
    ).rejects.toThrow(/consent_events_not_dated_after_recording/);
  });
});
