import { defineConfig } from 'vitest/config';

// CI runs on two cores with CLI, browser and property tests in parallel: generous timeouts,
// never timed assertions (speed is measured in bench/).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
