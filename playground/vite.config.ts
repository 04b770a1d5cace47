/**
 * Vite config of the web playground (issue #5): `npm run playground` serves it
 * on localhost, `npm run build:playground` writes a static site to
 * playground/dist that opens from any file server (relative asset paths).
 */
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

/** playground/ (the app's root), resolved from this file so any working directory works. */
const root = fileURLToPath(new URL('.', import.meta.url));
/** The repository: the app imports the engine (src/), rubrics/, docs/ and a diff fixture from test/. */
const repo = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root,
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // exceljs (only loaded when a workbook is read or written) is one ~1 MB chunk.
    chunkSizeWarningLimit: 1200,
  },
  server: { host: 'localhost', fs: { allow: [repo] } },
  preview: { host: 'localhost' },
});
