/** The generated grammar reference and CST types are in sync with the parser. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { generatedFiles } from '../../src/syntax/grammar-docs.js';

describe('generated grammar files', () => {
  for (const [path, text] of Object.entries(generatedFiles())) {
    it(`${path} is up to date (run \`npm run gen\`)`, () => {
      expect(readFileSync(path, 'utf8')).toBe(text);
    });
  }
});
