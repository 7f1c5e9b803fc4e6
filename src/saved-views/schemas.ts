/** Wire shapes of the saved-views endpoints (`/views`). */
import { z } from 'zod';
import { CustomerFilters, filterRules } from '../customers/schemas.ts';
import { Timestamp } from '../http/schemas.ts';

/**
 * The search terms of `GET /customers` that are personal data (a name, a phone, an email, an ID
 * number, a birth date): a view is kept and shared, so it never stores one.
 */
export const PERSONAL_TERMS = [
  'q',
  'phone',
  'email',
  'idNumber',
  'dateOfBirth',
] as const satisfies readonly (keyof typeof CustomerFilters.shape)[];

const refusedTerm = () =>
  z
    .never({ error: 'is personal data, which a saved view does not keep: save the filters without it' })
    .optional()
    .meta({ description: 'Refused: a saved view keeps no personal data' });

/**
 * A view's filter: the filters of `GET /customers` with their rules, derived from the list query's
 * own schema (customers/schemas.ts), the personal search terms refused by name and unknown keys
 * refused (the object is strict). Paging, order and count are not filters.
 */
export const ViewFilter = CustomerFilters.extend({
  q: refusedTerm(),
  phone: refusedTerm(),
  email: refusedTerm(),
  idNumber: refusedTerm(),
  dateOfBirth: refusedTerm(),
})
  .superRefine((filter, ctx) => {
    if (Object.values(filter).every((v) => v === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'must set at least one filter' });
    }
    filterRules(filter, ctx);
  })
  .describe('Filters of GET /customers (not q, phone, email, idNumber or dateOfBirth)');

export type ViewFilterInput = z.output<typeof ViewFilter>;

export const NewViewBody = z.strictObject({
  name: z.string().trim().min(1).max(80).describe("Unique among the caller's views, ignoring case"),
  filter: ViewFilter,
  shared: z.boolean().default(false).describe('true: everyone in the organization sees it in their list'),
});

export const SavedViewSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    filter: z
      .record(z.string(), z.string())
      .describe('The filters as GET /customers query parameters, each value a string: append them to its query'),
    shared: z.boolean(),
    ownerId: z.uuid().describe('The user who saved it'),
    mine: z.boolean().describe("true when the caller saved it (else it is someone else's shared view)"),
    createdAt: Timestamp,
  })
  .meta({ id: 'SavedView' });
