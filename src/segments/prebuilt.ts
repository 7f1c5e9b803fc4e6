/**
 * The segments every organization has without building them, the defaults of the CRMs managers
 * know (Alpine IQ, Springbig): their filters are relative to today, so they are computed on each
 * read, never stored, and cannot be changed or deleted. "Loyal (4 visits in 90 days)" needs visit
 * counts over a window, which the filter vocabulary does not have yet (issue 17, visits).
 */

import { addDays } from '../customers/filter-values.ts';
import type { StoredFilterValues } from '../customers/stored-filter.ts';

export interface PrebuiltSegment {
  id: string;
  name: string;
  description: string;
  /** The filter on `today` (YYYY-MM-DD). */
  filterOn(today: string): StoredFilterValues;
}

/** Fixed ids, the same in every organization (a segment id is only ever read within one). */
const prebuiltId = (n: number) => `5e9e0000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const PREBUILT_SEGMENTS: readonly PrebuiltSegment[] = [
  {
    id: prebuiltId(1),
    name: 'New this month',
    description: 'Customers created since the first of this month',
    filterOn: (today) => ({ createdFrom: `${today.slice(0, 7)}-01` }),
  },
  {
    id: prebuiltId(2),
    name: 'Lapsed',
    description: 'Customers who visited, but not in the last 60 days',
    filterOn: (today) => ({ lastVisitBefore: addDays(today, -60) }),
  },
  {
    id: prebuiltId(3),
    name: 'Birthdays this month',
    description: 'Customers born in this month, any year',
    filterOn: (today) => ({ birthMonth: String(Number(today.slice(5, 7))) }),
  },
  {
    id: prebuiltId(4),
    name: 'Medical cards expiring in 30 days',
    description: 'Medical customers whose card expires between today and 30 days from now',
    filterOn: () => ({ medicalExpiringWithinDays: '30' }),
  },
  {
    id: prebuiltId(5),
    name: 'SMS-reachable',
    description: 'Customers who currently grant SMS consent',
    filterOn: () => ({ consent: 'sms' }),
  },
];

export function prebuiltSegment(id: string): PrebuiltSegment | undefined {
  return PREBUILT_SEGMENTS.find((segment) => segment.id === id);
}
