/**
 * What a test of the customers module's use cases needs: its own database with the demo
 * organization, the module's dependencies, and a staff member's audit context.
 */

import type { CustomerDeps } from '../../src/customers/customer-deps.ts';
import { ensureDemo } from '../../src/demo/demo-organization.ts';
import { customerPorts } from '../../src/http/customer-ports.ts';
import type { AuditContext } from '../../src/privacy/audit-log.ts';
import { createFieldProtection } from '../../src/privacy/field-protector.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export interface CustomerTestContext {
  database: TestDatabase;
  deps: CustomerDeps;
  staff: AuditContext;
  orgId: string;
}

export async function customerTestContext(password: string, keyByte: number): Promise<CustomerTestContext> {
  const database = await createTestDatabase();
  const orgId = (await ensureDemo(database.db, password)).orgId;
  const deps = {
    db: database.db,
    protection: createFieldProtection(Buffer.alloc(32, keyByte)),
    ports: customerPorts(undefined),
  };
  const staff: AuditContext = {
    actor: { kind: 'user', role: 'staff', orgId, userId: 'u-staff', sessionId: 's' },
    origin: 'test',
  };
  return { database, deps, staff, orgId };
}
