/**
 * "Today" for age and card-expiry rules is a calendar date, and which date it is depends on where
 * the customer stands. With a store (the kiosk's, or the customer's home store) it is that store's
 * date; without one, Honolulu's, the last US date to turn over, so nobody turns 21 early anywhere.
 * Stores are looked up through a short cache: every signup and edit asks, and stores never move
 * between organizations (a changed time zone shows within a minute).
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { calendarDateIn } from '../domain/calendar-date.ts';
import { isUuid } from '../domain/ids.ts';
import { stores } from '../stores/tables.ts';

const LATEST_US_TIME_ZONE = 'Pacific/Honolulu';
const CACHE_MS = 60_000;
const known = new Map<string, { timezone: string; until: number }>();

export async function todayAt(
  db: Db,
  orgId: string,
  storeId: string | null | undefined,
  now = new Date(),
): Promise<string> {
  const timezone = storeId ? await storeTimeZone(db, orgId, storeId) : null;
  return calendarDateIn(now, timezone ?? LATEST_US_TIME_ZONE);
}

/** The time zone of a store of this organization, or null when the organization has no such store. */
export async function storeTimeZone(db: Pick<Db, 'select'>, orgId: string, storeId: string): Promise<string | null> {
  const key = `${orgId}/${storeId}`;
  const cached = known.get(key);
  if (cached && cached.until > Date.now()) return cached.timezone;
  const [row] = isUuid(storeId)
    ? await db
        .select({ timezone: stores.timezone })
        .from(stores)
        .where(and(eq(stores.id, storeId), eq(stores.orgId, orgId)))
    : [];
  if (!row) return null; // not remembered: a store created a moment later must be found
  if (known.size > 10_000) known.clear();
  known.set(key, { timezone: row.timezone, until: Date.now() + CACHE_MS });
  return row.timezone;
}
