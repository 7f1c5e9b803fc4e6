/** Wire shapes of the saved-views endpoints (`/views`). */
import { z } from 'zod';
import { storedFilter } from '../customers/stored-filter.ts';
import { Timestamp } from '../http/schemas.ts';

/**
 * A view's filter: the kept-filter vocabulary (customers/stored-filter.ts), at least one filter.
 * Paging, order and count are not filters.
 */
export const ViewFilter = storedFilter({ required: true }).describe(
  'Filters of GET /customers (not q, phone, email, idNumber or dateOfBirth)',
);

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
