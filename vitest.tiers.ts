/**
 * The test tiers. `npm test` runs the fast tier (unit, conformance, goldens,
 * properties: in-process, no browser, no child CLI processes beyond a few);
 * `npm run test:e2e` runs the end-to-end tier: the CLI as a process, the
 * browser (playground, printed reports), typedoc and the packed-package
 * consumer. `.ci/run` runs both.
 */
export const E2E_TESTS = [
  'test/e2e/**/*.test.ts',
  'test/cli/**/*.test.ts',
  'test/batch/batch-cli.test.ts',
  'test/docs/**/*.test.ts',
  'test/report/html.test.ts',
  'test/batch/hostile-run.test.ts',
  'test/io/files.test.ts',
  'test/io/result-numbers.test.ts',
];
