import { defineConfig } from 'vitest/config';
import { E2E_TESTS } from './vitest.tiers.js';

// The end-to-end tier (`npm run test:e2e`): the CLI as a process, Chromium (playground, printed
// reports), typedoc, and the packed package installed into a fresh project.
export default defineConfig({
  test: {
    include: E2E_TESTS,
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
