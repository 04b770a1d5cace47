import { defineConfig } from 'vitest/config';
import { E2E_TESTS } from './vitest.tiers.js';

// The fast tier (`npm test`): unit, conformance, golden and property tests, with coverage of src/.
// CI runs on two cores: generous timeouts, never timed assertions (speed is measured in bench/).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...E2E_TESTS],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.d.ts', 'src/**/*.d.mts', 'src/cli/**'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'coverage',
      // The floor CI enforces on src/ lines (measured 2026-12-02 on a fresh clone: 90.05% of lines, 87.64% of statements; raise it, never lower it).
      thresholds: { lines: 88 },
    },
  },
});
