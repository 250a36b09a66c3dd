/**
 * A yes/no claim checked against the sentence the texts give: the numbers the question asserts
 * (stated → yes; the same measure with another value → no), a comparison's winner (the sentence
 * says the other one is better → no), else the sentence states what was asked (yes) or the texts
 * cannot decide.
 */
import { amounts, close, type Amount } from '../text/amounts.js';
import type { Cues } from '../understand/cues.js';
import type { Ask } from '../understand/plan.js';

/** `ratio`: the part over the whole a share claim was decided by. */
export type TextVerdict = { verdict: 'yes' | 'no' | 'unknown'; ratio?: { part: number; whole: number } };

const BETTER = /(优于|超过|超越|好于|强于|胜过|领先于?|高于|大于|快于)/;

/**
 * @param claim what the question asserts (its numbers), as read
 * @param better a comparison the question claims: the thing said to be better, among the names compared
 * @param sentence the sentence the texts answer with
 * @param covered how much of the question's content the sentence covers (0–1)
 */
export function verifyAgainstText(claim: Ask['claim'], better: Cues['better'], sentence: string, covered: number): TextVerdict {
  // Comparisons: which one the question says is better, which one the sentence says is.
  const said = BETTER.exec(sentence);
  if (better && said) {
    const before = sentence.slice(0, said.index);
    const winner = better.names.filter((n) => before.includes(n)).sort((a, b) => before.lastIndexOf(b) - before.lastIndexOf(a))[0];
    if (winner) return winner === better.claimed ? { verdict: 'yes' } : { verdict: 'no' };
  }
  // A share claimed ("一半以上", "三分之一"), the sentence giving a whole and a part of one unit ("共302款…其中238款"):
  // the part over the whole against the claim.
  const share = (claim?.numbers ?? []).map((n) => ({ n, a: amounts(n).find((x) => x.unit === 'frac') })).find((x) => x.a);
  if (share) {
    const stated = amounts(sentence);
    if (!stated.some((x) => x.unit === 'frac')) {
      const counts = stated.filter((x) => /^[个款家条项种张台次人]$/.test(x.unit));
      const unit = counts.find((x) => counts.filter((y) => y.unit === x.unit).length >= 2)?.unit;
      if (unit) {
        const vs = counts.filter((x) => x.unit === unit).map((x) => x.value);
        const ratio = Math.min(...vs) / Math.max(...vs);
        const want = share.a!.value;
        const holds = /以上|超过|多于|至少|多$/.test(share.n)
          ? ratio >= want
          : /以下|不到|不足|少于/.test(share.n)
            ? ratio <= want
            : Math.abs(ratio - want) <= 0.05;
        return { verdict: holds ? 'yes' : 'no', ratio: { part: Math.min(...vs), whole: Math.max(...vs) } };
      }
    }
  }
  const asserted = amounts((claim?.numbers ?? []).join(' ')).filter(
    (a) => !(a.unit === '' && a.value >= 1900 && a.value <= 2100) && !(a.unit === '年'),
  );
  if (asserted.length) {
    const all = amounts(sentence);
    // Each number against the sentence's numbers of the same thing: "200多个工具" is not confirmed by
    // "200多个模型" when the sentence also counts 工具 ("100多个…工具").
    const noun = (a: Amount) => /^[\u3400-\u9fff]{2}/.exec(a.after ?? '')?.[0];
    const statedFor = (a: Amount) => {
      const n = noun(a);
      // (Right after the number, or after a few words ending in 的: "100多个开箱即用的工具".)
      const same = n ? all.filter((s) => new RegExp(`^(?:[\\u3400-\\u9fff]{1,6}的)?${n}`).test(s.after ?? '')) : [];
      return same.length ? same : all;
    };
    const confirmed = asserted.filter((a) => statedFor(a).some((s) => s.unit === a.unit && close(s.value, a.value)));
    if (confirmed.length === asserted.length) return { verdict: 'yes' };
    const contradicted = asserted.find(
      (a) => !confirmed.includes(a) && a.unit !== '' && statedFor(a).some((s) => s.unit === a.unit && !close(s.value, a.value)),
    );
    if (contradicted) return { verdict: 'no' };
    return { verdict: 'unknown' };
  }
  return covered >= 0.75 ? { verdict: 'yes' } : { verdict: 'unknown' };
}
