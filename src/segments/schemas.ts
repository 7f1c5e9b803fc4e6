/** Wire shapes of the segments endpoints (`/segments`). */
import { z } from 'zod';
import { storedFilter } from '../customers/stored-filter.ts';
import { PageQuery, Timestamp } from '../http/schemas.ts';

/** A segment's filter: the kept-filter vocabulary; an empty filter is every live customer. */
export const SegmentFilter = storedFilter({ required: false }).describe(
  'Filters of GET /customers (not q, phone, email, idNumber or dateOfBirth); {} is every customer',
);

const SegmentName = z.string().trim().min(1).max(80).describe('Unique in the organization, ignoring case');

export const NewSegmentBody = z.strictObject({ name: SegmentName, filter: SegmentFilter });

export const SegmentPatchBody = z
  .strictObject({ name: SegmentName.optional(), filter: SegmentFilter.optional() })
  .refine((patch) => patch.name !== undefined || patch.filter !== undefined, {
    message: 'must change the name, the filter or both',
  });

export const SegmentSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable().describe('What a prebuilt segment holds; null for the others'),
    filter: z
      .record(z.string(), z.string())
      .describe(
        'The filters as GET /customers query parameters, each value a string; a prebuilt segment’s as of today',
      ),
    count: z.number().int().describe('Live customers in the segment now, counted exactly'),
    prebuilt: z.boolean().describe('true: one of the segments every organization has; it cannot be changed'),
    createdAt: Timestamp.nullable(),
    updatedAt: Timestamp.nullable(),
  })
  .meta({ id: 'Segment' });

export const SegmentMembersQuery = PageQuery.extend({
  sort: z
    .enum(['name', 'created', 'lastVisit', 'updated'])
    .optional()
    .describe('name (default), or created, updated, lastVisit newest first'),
});
