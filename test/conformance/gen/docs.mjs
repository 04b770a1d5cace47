// The complete rubrics of the guides (docs/guide.en.md §17, docs/guide.zh.md),
// copied inline, with their hand-computed `example` blocks as cases
// (STYLE.md §5: each docs/ feature example is also a conformance case).
import { readFileSync } from 'node:fs';
import { compile } from '../../../src/index.ts';
import { one } from './lib.mjs';
import { expectedOf } from './bundled.mjs';

for (const [file, tag] of [['docs/guide.en.md', 'guide-en'], ['docs/guide.zh.md', 'guide-zh']]) {
  const blocks = [...readFileSync(file, 'utf8').matchAll(/^```rubric\n([\s\S]*?)^```/gm)].map((m) => m[1]).filter((t) => /^(rubric|评分标准) /m.test(t) && /^(example|示例) /m.test(t));
  blocks.forEach((text, b) => {
    const ir = compile(text, { file }).rubric.ir;
    ir.examples.forEach((ex, i) => {
      one('docs', `${tag}-${b + 1}-${i + 1}`, `${file} complete rubric, example "${ex.title}"`, text, { ...ex.given }, expectedOf(ir, ex), ex.asof ? { asof: ex.asof } : {});
    });
  });
}
