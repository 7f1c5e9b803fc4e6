/**
 * The stores module's tables (Drizzle): stores, their address, data profile and create-at-POS setting.
 */
import { jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from '../db/columns.ts';
import { orgId } from '../db/tables.ts';
import { DATA_PROFILE_IDS } from '../domain/data-profiles.ts';

/** When a store's POS gets the customers whose home store it is (stores.create_at_pos). */
export const CREATE_AT_POS = ['onCreate', 'onDemand'] as const;
export type CreateAtPos = (typeof CREATE_AT_POS)[number];

export interface StoreAddress {
  line1: string;
  line2: string | null;
  city: string;
  state: string;
  postalCode: string;
  country: string;
}

export const stores = pgTable(
  'stores',
  {
    id: id(),
    orgId: orgId(),
    name: text('name').notNull(),
    timezone: text('timezone').notNull(),
    address: jsonb('address').$type<StoreAddress | null>(),
    /** The jurisdiction data profile (domain/data-profiles.ts) this store follows; set from its state. */
    dataProfile: text('data_profile', { enum: DATA_PROFILE_IDS }).notNull().default('strict-default'),
    /**
     * `onCreate`: a customer whose home store this is gets created in its POS right away (DESIGN
     * "Outbound"); `onDemand`: only when a link request or a kiosk order asks for it.
     */
    createAtPos: text('create_at_pos', { enum: CREATE_AT_POS }).notNull().default('onCreate'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('stores_org_name_key').on(t.orgId, t.name)],
);
