/**
 * "Today" for age and card-expiry rules is a calendar date, and which date it is depends on where
 * the customer stands. With a store (the kiosk's, or the customer's home store) it is that store's
 * date; without one, Honolulu's, the last US date to turn over, so nobody turns 21 early anywhere.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { stores } from '../db/schema.ts';
import { calendarDateIn } from '../domain/calendar-date.ts';
import { isUuid } from '../domain/ids.ts';

const LATEST_US_TIME_ZONE = 'Pacific/Honolulu';
const CACHE_MS = 60_000;
const zones = new Map<string, { zone: string; until: number }>();

export async function todayAt(
  db: Db,
  orgId: string,
  storeId: string | null | undefined,
  now = new Date(),
): Promise<string> {
  return calendarDateIn(now, storeId ? await timeZoneOf(db, orgId, storeId) : LATEST_US_TIME_ZONE);
}

async function timeZoneOf(db: Db, orgId: string, storeId: string): Promise<string> {
  const cached = zones.get(storeId);
  if (cached && cached.until > Date.now()) return cached.zone;
  const [row] = isUuid(storeId)
    ? await db
        .select({ zone: stores.timezone })
        .from(stores)
        .where(and(eq(stores.id, storeId), eq(stores.orgId, orgId)))
    : [];
  const zone = row?.zone ?? LATEST_US_TIME_ZONE;
  zones.set(storeId, { zone, until: Date.now() + CACHE_MS });
  return zone;
}
