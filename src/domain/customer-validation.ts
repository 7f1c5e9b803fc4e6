/** A new customer, from request body to validated, normalized fields, or `ValidationFailed` naming every problem. */
import type { Today } from './calendar-date.ts';
import { customerRuleViolations } from './customer-rules.ts';
import { CustomerInput, type NewCustomer } from './customer-schema.ts';
import { ValidationFailed } from './errors.ts';
import { fieldErrorsOf, parseOrFail, problemsBeyond } from './validation-errors.ts';
import { readableMessage } from './validation-messages.ts';

/** Valid values for the required fields, so the rules can judge the rest of a body whose own are wrong. */
export const REQUIRED_STAND_INS = { firstName: 'x', lastName: 'x', dateOfBirth: '2000-01-01' } as const;

/**
 * Checks the fields, then the rules across them; `today` is the store's calendar date. A body with
 * both kinds of problem (an empty first name, a birth date in 2030) is refused with all of them.
 */
export function validateNewCustomer(body: unknown, today: Today): NewCustomer {
  const parsed = CustomerInput.safeParse(body, { error: readableMessage });
  if (!parsed.success) {
    const beyond = problemsBeyond(body, parsed.error, (rest) => validateOnce(rest, today), REQUIRED_STAND_INS);
    throw new ValidationFailed([...fieldErrorsOf(parsed.error), ...beyond]);
  }
  return checkRules(parsed.data, today);
}

function validateOnce(body: unknown, today: Today): NewCustomer {
  return checkRules(parseOrFail(CustomerInput, body), today);
}

function checkRules(customer: NewCustomer, today: Today): NewCustomer {
  const violations = customerRuleViolations(customer, today);
  if (violations.length > 0) throw new ValidationFailed(violations);
  return customer;
}
