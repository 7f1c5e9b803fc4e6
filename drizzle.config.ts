import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  // Each module declares its tables in its own tables.ts (the organization and org_id: src/db/tables.ts);
  // the migrations they generate stay one sequence.
  schema: './src/*/tables.ts',
  out: './src/db/migrations',
});
