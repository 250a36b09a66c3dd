import { describe, expect, it } from 'vitest';
import { EntityIndex } from '../src/records/entityIndex.js';
import type { FilingRecord } from '../src/records/schema.js';

const rec = (model: string, company: string, i: number): FilingRecord => ({
  id: `r${i}`,
  origin: 'text-table',
  track: 'genai-filing',
  model,
  company,
  source: 't.txt',
  lines: [i + 1, i + 1],
  text: `${model} | ${company}`,
});

describe('names as typed', () => {
  const index = new EntityIndex([
    rec('星海大模型', '甲乙科技有限公司', 0),
    rec('行海大模型', '丙丁科技有限公司', 1),
    rec('聆心对话', '聆心智能', 2),
    rec('言犀大模型', '京东', 3),
  ]);

  it('reads a Latin word one vowel short of a name’s pinyin as that name, unless it is an English word', () => {
    const isWord = (w: string) => ['lingo'].includes(w);
    // 聆心 is lingxin: "lngxin" drops the first syllable's vowel.
    expect(index.findFuzzy('Who made Lngxin?', isWord).matches.map((m) => [m.alias, m.typed])).toContainEqual(['聆心', 'lngxin']);
    // Without a word test every Latin word counts as English: nothing is read.
    expect(index.findFuzzy('Who made Lngxin?').matches).toEqual([]);
    // Two vowels short is no name; nor a word the dictionary knows.
    expect(index.findFuzzy('Who made Lngxn?', isWord).matches).toEqual([]);
  });

  it('reads homophones, pinyin with or without spaces, and says which name it read', () => {
    expect(index.findFuzzy('玲心智能备案了什么').matches.map((m) => [m.alias, m.typed])).toContainEqual(['聆心智能', '玲心智能']);
    expect(index.findFuzzy('yanxi是哪家的').matches.map((m) => m.alias)).toContain('言犀');
    expect(index.findFuzzy('ling xin zhi neng 备案了什么').matches.map((m) => m.alias)).toContain('聆心智能');
  });

  it('asks which one when a typed name is one character from two names, and never picks silently', () => {
    const r = index.findFuzzy('兴海大模型是哪家的？');
    expect(r.matches).toEqual([]);
    expect(r.ambiguous?.options.sort()).toEqual(['星海大模型', '行海大模型'].sort());
  });

  it('does not read question words or generic tails as names, and reads a long run of letters and characters without matching anything', () => {
    expect(index.findFuzzy('哪些大模型通过了备案？').matches).toEqual([]);
    expect(index.findFuzzy('甲乙科技公司').matches.every((m) => m.alias !== '丙丁科技有限公司')).toBe(true);
    expect(index.findFuzzy('a'.repeat(1000) + ' ' + '星'.repeat(2000)).matches).toEqual([]);
  });
});
