/**
 * Regenerates the files derived from the parser:
 *  - src/syntax/cst.generated.d.ts (CST node types, via chevrotain's generateCstDts)
 *  - grammar/rubric.ebnf (EBNF reference)
 *  - grammar/diagrams.html (Chevrotain syntax diagrams)
 * `npm run gen` writes them; test/syntax/grammar.test.ts fails when they are stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { generatedFiles } from '../src/syntax/grammar-docs.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const [path, text] of Object.entries(generatedFiles())) {
  writeFileSync(join(root, path), text);
  console.log('wrote', path);
}
