/**
 * A generated rubric with 1,000 indicators (items), for the compile-time
 * benchmark: 40 sections × 25 items, each item with two or three deductions
 * (a per-occurrence count, a yes/no finding, every fifth item a threshold on a
 * number), every tenth item scored by a formula instead; 2,300 inputs, a few
 * derived values, a bonus with a table, a veto, four grade bands, a status and
 * a checklist. Written as source text so that parsing is measured too.
 *
 *   npx tsx bench/gen-big.ts [indicators] > big.rubric
 */
export function genBigRubric(indicators = 1000, perSection = 25): string {
  const lines: string[] = [];
  lines.push(`rubric big_${indicators} "生成的${indicators}项指标评分标准" {`, `  source "bench/gen-big.ts"`, `}`, '');
  const sections = Math.ceil(indicators / perSection);
  const maxOf = (k: number) => 1 + (k % 5);
  // inputs
  for (let k = 1; k <= indicators; k++) {
    if (k % 10 === 0) {
      lines.push(`input 得分${k} "指标${k}直接评分" : number range 0..${maxOf(k)}`);
      continue;
    }
    lines.push(`input 缺陷${k} "指标${k}发现的缺陷项数" : count default 0`);
    lines.push(`input 问题${k} "指标${k}存在问题" : bool default false`);
    if (k % 5 === 0) lines.push(`input 比例${k} "指标${k}完成比例" : ratio default 1`);
  }
  lines.push(`input 荣誉 "获得的表彰" : list { 级别 "级别" : enum { 国家级, 省级, 市级 } 原因 "原因" : text } default []`);
  lines.push(`input 业务量 "业务量" : number range 0..1000000 default 0`);
  lines.push(`input 重大违规 "重大违规" : bool default false`);
  lines.push(`input 独立法人 "独立法人" : bool default true`, '');
  lines.push(`let 缺陷合计 "缺陷合计" = ${Array.from({ length: Math.min(indicators, 20) }, (_, i) => i + 1).filter((k) => k % 10 !== 0).map((k) => `缺陷${k}`).join(' + ')}`, '');
  let total = 0;
  for (let s = 0; s < sections; s++) {
    const first = s * perSection + 1;
    const last = Math.min(indicators, first + perSection - 1);
    let max = 0;
    const body: string[] = [];
    for (let k = first; k <= last; k++) {
      const m = maxOf(k);
      max += m;
      body.push(`  item 指标${k} "第${k}项指标" max ${m} cite "第${s + 1}章 第${k}条" {`);
      if (k % 10 === 0) body.push(`    score 得分${k}`);
      else {
        body.push(`    deduct 0.5 per 缺陷${k} "每项缺陷扣0.5分" cite "第${k}条第1款"`);
        body.push(`    deduct ${Math.min(m, 2)} when 问题${k} "存在问题扣${Math.min(m, 2)}分" cite "第${k}条第2款"`);
        if (k % 5 === 0) body.push(`    deduct 2 * (1 - 比例${k}) "按未完成比例扣分" cite "第${k}条第3款"`);
      }
      body.push(`  }`);
    }
    total += max;
    lines.push(`section 第${s + 1}部分 "第${s + 1}部分" max ${max} cite "第${s + 1}章" {`, ...body, `}`, '');
  }
  lines.push(`bonus 加分 "加分项" cap 10 {`, `  add per 荣誉 by 级别 { 国家级: 5, 省级: 3, 市级: 2 } once per 原因 "表彰加分"`, `}`, '');
  const a = Math.round(total * 0.9);
  const b = Math.round(total * 0.75);
  const c = Math.round(total * 0.6);
  lines.push(
    `grade {`,
    `  优秀 when total >= ${a}`,
    `  良好 when ${b} <= total < ${a}`,
    `  合格 when ${c} <= total < ${b}`,
    `  不合格 when total < ${c}`,
    `}`,
    '',
  );
  lines.push(`veto 重大违规否决 "存在重大违规" when 重大违规 => 不合格`, '');
  lines.push(`status 整改 "整改要求" {`, `  限期整改 when grade == 不合格 "限期整改"`, `  无需整改 otherwise "无需整改"`, `}`, '');
  lines.push(`checklist 条件 "基本条件" {`, `  require 独立法人 "具有独立法人资格"`, `  require 缺陷合计 < 50 "缺陷合计少于50项"`, `}`);
  return lines.join('\n') + '\n';
}

if (process.argv[1]?.endsWith('gen-big.ts')) {
  process.stdout.write(genBigRubric(Number(process.argv[2] ?? 1000)));
}
