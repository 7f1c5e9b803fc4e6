/** A new customer, from request body to validated, normalized fields, or `ValidationFailed`. */
import type { Today } from './calendar-date.ts';
import { customerRuleViolations } from './customer-rules.ts';
import { CustomerInput, type NewCustomer } from './customer-schema.ts';
import { ValidationFailed } from './errors.ts';
import { parseOrFail } from './validation-errors.ts';

/** Checks the fields, then the rules across them; `today` is the store's calendar date. */
export function validateNewCustomer(body: unknown, today: Today): NewCustomer {
  const customer = parseOrFail(CustomerInput, body);
  const violations = customerRuleViolations(customer, today);
  if (violations.length > 0) throw new ValidationFailed(violations);
  return customer;
}
