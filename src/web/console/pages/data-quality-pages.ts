/** The managers' pages (data quality, segments), one lazily loaded chunk: staff at the counter never download them. */
export { ConflictsPage } from './data-quality/conflicts-page.tsx';
export { DataQualityOverviewPage } from './data-quality/data-quality-overview-page.tsx';
export { DuplicatesPage } from './data-quality/duplicates-page.tsx';
export { ExpiredCardsPage } from './data-quality/expired-cards-page.tsx';
export { QuarantinePage } from './data-quality/quarantine-page.tsx';
export { SegmentPage } from './segments/segment-page.tsx';
export { SegmentsPage } from './segments/segments-page.tsx';
