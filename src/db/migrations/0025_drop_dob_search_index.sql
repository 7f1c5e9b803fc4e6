-- The (org_id, date_of_birth) index added for the exact `dateOfBirth=` search filter is what a
-- planner without statistics (a first start, src/sync/apply-page-batch-plans.test.ts) took for the
-- org-scoped identity lookups of a sync page, scanning the organization. The filter stays: below
-- manager it comes with an ID number (its own index) or a name; alone it scans the organization
-- until search gets its measured indexes (issue 14).
DROP INDEX "customers_org_dob_idx";
