/**
 * Rules across fields and rules that need "today": date of birth in the past, minimum ages, the
 * medical card, at least one way to reach the customer. Each rule names the fields it reads, so an
 * edit is held only to the rules its changes touch: editing the notes of a medical customer whose
 * card has since expired must still work (expired cards are flagged by the data policy instead).
 */
import { ADULT_USE_MINIMUM_AGE, ageOn, MAXIMUM_PLAUSIBLE_AGE, MEDICAL_MINIMUM_AGE } from './age.ts';
import { isBefore, type Today, toCalendarDate } from './calendar-date.ts';
import type { CustomerField, NewCustomer } from './customer-schema.ts';
import type { FieldError } from './errors.ts';

interface Rule {
  reads: readonly CustomerField[];
  check(customer: NewCustomer, today: string): FieldError[];
}

const RULES: readonly Rule[] = [
  {
    reads: ['dateOfBirth'],
    check: (c, today) => {
      if (!isBefore(c.dateOfBirth, today)) return [{ path: 'dateOfBirth', message: 'must be in the past' }];
      if (ageOn(c.dateOfBirth, today) > MAXIMUM_PLAUSIBLE_AGE) {
        return [
          {
            path: 'dateOfBirth',
            message: `is more than ${MAXIMUM_PLAUSIBLE_AGE} years ago (${c.dateOfBirth}); check the year`,
          },
        ];
      }
      return [];
    },
  },
  {
    reads: ['dateOfBirth', 'customerType'],
    check: (c, today) => {
      if (!isBefore(c.dateOfBirth, today)) return []; // already reported: must be in the past
      const age = ageOn(c.dateOfBirth, today);
      if (c.customerType === 'adult' && age < ADULT_USE_MINIMUM_AGE) {
        return [
          {
            path: 'dateOfBirth',
            message: `must be ${ADULT_USE_MINIMUM_AGE} or older for adult use; customers aged ${MEDICAL_MINIMUM_AGE} to ${ADULT_USE_MINIMUM_AGE - 1} need a medical card`,
          },
        ];
      }
      if (c.customerType === 'medical' && age < MEDICAL_MINIMUM_AGE) {
        return [{ path: 'dateOfBirth', message: `must be ${MEDICAL_MINIMUM_AGE} or older for medical use` }];
      }
      return [];
    },
  },
  {
    reads: ['customerType', 'medical'],
    check: (c, today) => {
      if (c.customerType === 'adult') {
        return c.medical === null
          ? []
          : [{ path: 'medical', message: 'must be null for adult use; set customerType to medical to record a card' }];
      }
      if (c.medical === null) {
        return [
          {
            path: 'medical',
            message: 'is required for medical customers: give the card number, issuing state and expiry date',
          },
        ];
      }
      if (isBefore(c.medical.expiresOn, today)) {
        return [
          {
            path: 'medical.expiresOn',
            message: `card has expired (${c.medical.expiresOn}); medical customers need a current card`,
          },
        ];
      }
      return [];
    },
  },
  {
    reads: ['phone', 'email'],
    check: (c) =>
      c.phone === null && c.email === null
        ? [{ path: 'phone', message: 'or email is required: give at least one way to reach the customer' }]
        : [],
  },
  {
    reads: ['idDocument'],
    check: (c, today) =>
      c.idDocument?.expiresOn && isBefore(c.idDocument.expiresOn, today)
        ? [
            {
              path: 'idDocument.expiresOn',
              message: `ID has expired (${c.idDocument.expiresOn}); record a current ID`,
            },
          ]
        : [],
  },
];

/**
 * What is wrong with `customer` on `today`, in field order. With `changed`, only the rules reading
 * a changed field run (for edits); without it, all of them (for new customers).
 */
export function customerRuleViolations(
  customer: NewCustomer,
  today: Today,
  changed?: Iterable<CustomerField>,
): FieldError[] {
  const date = toCalendarDate(today);
  const touched = changed === undefined ? undefined : new Set(changed);
  return RULES.filter((rule) => touched === undefined || rule.reads.some((field) => touched.has(field))).flatMap(
    (rule) => rule.check(customer, date),
  );
}
