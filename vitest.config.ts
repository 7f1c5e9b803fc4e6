import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // src/web's tests are pure logic (no DOM), so they run in Node like the rest.
    include: ['src/**/*.test.ts', 'src/web/**/*.test.tsx', 'test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
