/** Wire shapes of the order endpoints (API.md "Kiosk": POST /orders, GET /customers/{id}/orders, POST /kiosk/orders). */
import { z } from 'zod';
import { Timestamp } from '../http/schemas.ts';
import { ORDER_CHANNELS } from './tables.ts';

export const OrderRef = z.string().trim().min(1).max(100).describe("The ordering system's reference, unique per store");

/** POST /orders: staff and integration keys name the store (a kiosk's is its key's, POST /kiosk/orders). */
export const PlaceOrderBody = z.strictObject({
  orderRef: OrderRef,
  customerId: z.uuid(),
  storeId: z.uuid().describe('The store of the order, whose POS is made to know the customer'),
});

export const OrderAttachmentSchema = z
  .object({
    orderRef: z.string(),
    customerId: z.uuid(),
    posCustomerId: z
      .string()
      .nullable()
      .describe(
        "The store POS's id of the customer; null (answer 202) while the POS is still being told, or (200) when the store has no POS",
      ),
  })
  .meta({ id: 'OrderAttachment', description: 'A customer attached to an order, and their id at the store POS' });

export const OrderChannelSchema = z
  .enum(ORDER_CHANNELS)
  .describe('Where the order came from: a kiosk, staff (the counter), an integration key (order management)');

export const CustomerOrderSchema = z
  .object({
    orderRef: z.string(),
    storeId: z.uuid(),
    storeName: z.string(),
    channel: OrderChannelSchema,
    posCustomerId: z.string().nullable().describe("The store POS's id of the customer; null until that POS knows them"),
    createdAt: Timestamp,
  })
  .meta({ id: 'CustomerOrder' });
