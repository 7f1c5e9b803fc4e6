-- Issue 16, orders (src/orders/): kiosk_orders now holds the orders of every channel (POST /orders
-- for staff and integration keys, POST /kiosk/orders for kiosks); the rows already there were all
-- placed at kiosks, hence the default. The customer index gains created_at and id, so that the
-- customer's orders newest first (GET /customers/{id}/orders) is one backward index scan.
DROP INDEX "kiosk_orders_customer_idx";--> statement-breakpoint
ALTER TABLE "kiosk_orders" ADD COLUMN "channel" text DEFAULT 'kiosk' NOT NULL;--> statement-breakpoint
CREATE INDEX "kiosk_orders_customer_idx" ON "kiosk_orders" USING btree ("org_id","customer_id","created_at","id");--> statement-breakpoint
ALTER TABLE "kiosk_orders" ADD CONSTRAINT "kiosk_orders_channel_check" CHECK ("kiosk_orders"."channel" IN ('kiosk', 'staff', 'integration'));