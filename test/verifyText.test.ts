/** Yes/no claims decided by the sentence the texts give: numbers, comparisons, shares of a whole. */
import { describe, expect, it } from 'vitest';
import { claimedNumbers } from '../src/understand/claims.js';
import { verifyAgainstText } from '../src/answer/verifyText.js';
import { listedItems } from '../src/answer/facts.js';

const claim = (q: string) => ({ fields: [], numbers: claimedNumbers(q), negated: false });
const SENTENCE = '截至2024年12月31日,共302款生成式人工智能服务完成备案,其中2024年新增238款备案。';

describe('verifyAgainstText', () => {
  it('decides a share claimed against the part and whole the sentence gives', () => {
    expect(verifyAgainstText(claim('2024年新增的占了一半以上吗？'), undefined, SENTENCE, 0.5)).toMatchObject({
      verdict: 'yes',
      ratio: { part: 238, whole: 302 },
    });
    expect(verifyAgainstText(claim('2024年新增的不到三分之一吗？'), undefined, SENTENCE, 0.5).verdict).toBe('no');
    expect(verifyAgainstText(claim('2024年新增的大约占八成吗？'), undefined, SENTENCE, 0.5).verdict).toBe('yes');
    expect(verifyAgainstText(claim('2024年新增的占一半吗？'), undefined, SENTENCE, 0.5).verdict).toBe('no');
  });

  it('reads no number out of a product name', () => {
    expect(claimedNumbers('是GPT-4V的多模态表现更好吗？')).toEqual([]);
    expect(claimedNumbers('工具箱里有100多个工具吗')).toEqual(['100多个工具']);
  });

  it('checks each number against the sentence’s number of the same thing', () => {
    const s = '模型库中内置了200多个模型，工具箱中内置了100多个开箱即用的工具。';
    expect(verifyAgainstText(claim('模型库有200多个模型，工具箱也有200多个工具吗？'), undefined, s, 0.9).verdict).toBe('no');
    expect(verifyAgainstText(claim('模型库有200多个模型，工具箱有100多个工具吗？'), undefined, s, 0.9).verdict).toBe('yes');
    expect(verifyAgainstText(claim('工具箱里有200多个工具吗？'), undefined, s, 0.9).verdict).toBe('no');
  });

  it('decides a comparison by the sentence’s winner', () => {
    const better = { claimed: 'GPT-4V', names: ['Gemini', 'GPT-4V'] };
    expect(verifyAgainstText(claim('是GPT-4V更好吗'), better, 'Gemini在多模态测试中的表现优于 GPT-4V。', 0.8).verdict).toBe('no');
  });
});

describe('listedItems', () => {
  it('counts the items a sentence lists that end in the counted word', () => {
    expect(listedItems('我们要用好大模型的基本能力、创意能力、多模态能力、业务能力、创新能力和科学能力,并将其结合。', '能力')).toEqual([
      '基本能力',
      '创意能力',
      '多模态能力',
      '业务能力',
      '创新能力',
      '科学能力',
    ]);
    // Two items, or a list of other things, are not counted.
    expect(listedItems('推理能力显著提升、推理算力成本大幅降低、应用转向开源生态等趋势。', '能力')).toEqual([]);
    expect(listedItems('覆盖医疗、教育和金融。', '能力')).toEqual([]);
  });
});
