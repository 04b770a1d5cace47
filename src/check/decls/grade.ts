/** The grade block: each band an interval of the total (R507, R515). */
import type * as A from '../../syntax/ast.js';
import { hint, msg } from '../../diagnostics/codes.js';
import type * as M from '../model.js';
import { bandInterval } from '../bands.js';
import { meta, type CheckContext } from '../context.js';
import { describeExpr } from '../describe.js';

/** Check the grade block (R515 when there are sections but no grade). */
export function checkGrade(c: CheckContext, gradeDecl: A.GradeDecl | undefined, sections: M.SectionIR[]): M.RubricIR['grade'] {
  let grade: M.RubricIR['grade'];
  if (gradeDecl) {
    const bandIRs: M.BandIR[] = [];
    for (const b of gradeDecl.bands) {
      const ir: M.BandIR = { id: b.name.text, span: b.span, ...meta(b), otherwise: b.otherwise };
      if (b.when) {
        const t = c.r.resolve(b.when, 'grade:bands', 'outcome');
        const iv = bandInterval(t);
        if (!iv) c.err(b.when.span, msg('R507', describeExpr(b.when)), hint('band_example'));
        else Object.assign(ir, iv);
      }
      bandIRs.push(ir);
    }
    grade = { bands: bandIRs, span: gradeDecl.span, ...meta(gradeDecl), order: [] };
  } else if (sections.length) {
    c.err(sections[0].span, msg('R515'), hint('add_grade'), 'warning');
  }

  return grade;
}
