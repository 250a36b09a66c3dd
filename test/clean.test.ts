import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanText, paragraphLines, paragraphText, removeStraySpaces } from '../src/ingest/clean.js';
import { chunkParagraphs } from '../src/ingest/chunk.js';
import { deriveMeta } from '../src/ingest/documentMeta.js';
import { splitSentences } from '../src/ingest/sentences.js';
import { CORPUS } from './helpers.js';

const read = (f: string) => readFileSync(join(CORPUS, f), 'utf8');
const rawLines = (f: string) => read(f).split('\n');
const allText = (f: string) => cleanText(read(f)).paragraphs.map(paragraphText).join('\n');

describe('cleaning', () => {
  it('joins hard-wrapped lines, also mid-word', () => {
    const text = allText('000_3231838592d045d8.txt');
    expect(text).toContain('模型库中内置了200多个模型，工具箱中内置了100多个开箱即用的工具');
    expect(text).toContain('生成式人工智能服务管理暂行办法');
    // The title stays on its own.
    const first = cleanText(read('000_3231838592d045d8.txt')).paragraphs[0]!;
    expect(paragraphText(first)).toBe('喜报丨联通元景大模型通过国家网信办双备案');
  });

  it('removes stray spaces inside Chinese text but not between Latin words or numbers and units', () => {
    expect(removeStraySpaces('中国人工智能企 业数量')).toBe('中国人工智能企业数量');
    expect(removeStraySpaces('AI 眼镜')).toBe('AI 眼镜');
    expect(removeStraySpaces('2600 亿')).toBe('2600 亿');
    const text = allText('004_76e1edfe392830a9.txt');
    expect(text).toContain('中国人工智能企业数量和产业规模持续增长,创新成果不断涌现');
    expect(text).not.toContain('企 业');
  });

  it('drops page furniture: navigation, analyst contacts, disclaimers, rating tables, captions', () => {
    const t3 = allText('003_7b9ac7543aed0d98.txt');
    for (const junk of ['☎', '✉', '分析师登记编码', '免责声明', '评级标准', '机构请致电', 'chinastock.com.cn', '维持评级'])
      expect(t3).not.toContain(junk);
    const t2 = allText('002_56c9f30deb580117.txt');
    for (const junk of ['返回', '新闻中', '上一篇', '下一篇']) expect(t2).not.toContain(junk);
    const t1 = allText('001_3287f4c9aebca050.txt');
    expect(t1).not.toContain('谢贵明摄');
    expect(t1).not.toContain('本报记者');
    // A caption that states something before its credit is content ("10月16日…观看…的演示。 新华社记者 李紫恒摄").
    expect(allText('004_76e1edfe392830a9.txt')).toContain('第十届中国国际版权博览会上观看');
  });

  it('rejoins a sentence broken by a sidebar or a photo caption', () => {
    expect(allText('003_7b9ac7543aed0d98.txt')).toContain('甚至包括触觉。');
    expect(allText('001_3287f4c9aebca050.txt')).toContain('DeepSeek-V3的成绩超越了不少开源模型');
    expect(allText('004_76e1edfe392830a9.txt')).toContain('这样的场景已在全球超500个仓库中实现。');
  });

  it('keeps the original line numbers of every sentence', () => {
    const f = '000_3231838592d045d8.txt';
    const lines = rawLines(f);
    const sentences = cleanText(read(f)).paragraphs.flatMap(splitSentences);
    const s = sentences.find((x) => x.text.includes('模型库中内置了200多个模型'))!;
    expect(s.lines).toEqual([24, 26]);
    expect(lines[23]).toContain('模型库中内置了200多个模');
    expect(lines[25]).toContain('等八大通用组件。');
    // Every sentence's first and last characters come from its first and last lines.
    for (const x of sentences) {
      const span = lines
        .slice(x.lines[0] - 1, x.lines[1])
        .join('')
        .replace(/\s+/g, '');
      expect(span).toContain(x.text.replace(/\s+/g, '').slice(0, 4));
      expect(span).toContain(x.text.replace(/\s+/g, '').slice(-3));
    }
  });

  it('chunks at sentence ends into passages of a few sentences', () => {
    const f = '001_3287f4c9aebca050.txt';
    const passages = chunkParagraphs(f, cleanText(read(f)).paragraphs);
    expect(passages.length).toBeGreaterThan(20);
    for (const p of passages) {
      expect(p.sentences.length).toBeLessThanOrEqual(4);
      expect(p.text).toBe(p.sentences.map((s) => s.text).join(''));
    }
    expect(passages.some((p) => p.sentences.length > 1)).toBe(true);
  });

  it('derives titles and dates from the texts', () => {
    const meta = (f: string) => deriveMeta(read(f), cleanText(read(f)).paragraphs, f);
    expect(meta('001_3287f4c9aebca050.txt').title).toBe('提质降价,国产大模型加速奔跑');
    expect(meta('002_56c9f30deb580117.txt')).toMatchObject({ date: '2025-07-07', dateBasis: 'stamp' });
    expect(meta('003_7b9ac7543aed0d98.txt').title).toBe('新一批国产大模型通过备案，垂直领域大模型商业化加速');
    expect(meta('004_76e1edfe392830a9.txt').title).toBe('"十四五"期间,中国人工智能产业快速发展-国产大模型成为"全球顶流"');
  });

  it('keeps table lines out of passages and paragraphs intact', () => {
    const { paragraphs } = cleanText(read('003_7b9ac7543aed0d98.txt'));
    const tables = paragraphs.filter((p) => p.table);
    expect(tables.length).toBeGreaterThan(40);
    expect(paragraphLines(tables[0]!)).toEqual([61, 61]);
  });
});
