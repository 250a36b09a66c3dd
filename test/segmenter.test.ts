/**
 * Per-text dictionaries (src/text/segmenterDict.ts) segment every text exactly as jieba's full
 * dictionary does: checked on every sentence of the corpus and on generated mixtures of Chinese,
 * Latin letters, digits, punctuation and traditional characters.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addUserWords, cutWords, dictionaryInUse, resetUserWords, tokenize, useIndexWords } from '../src/text/segmenter.js';
import {
  BlockFile,
  dictionaryId,
  dictionaryPath,
  dictionarySummary,
  lookupWord,
  scanDictionary,
  TextDictionaries,
  wholeBuffer,
} from '../src/text/segmenterDict.js';
import { CORPUS, tempDir } from './helpers.js';

/** Record-like names: new words, words already in the dictionary (their frequency is replaced), Latin names. */
const USER_WORDS = [
  '文心一言',
  '日日新',
  '零一万物',
  '智谱清言',
  '云雀大模型',
  '中国',
  '人工智能',
  'ChatGLM',
  'deepseek-v3',
  'GLM-4',
  '百度 文心',
];

const sentences = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.txt'))
  .flatMap((f) => readFileSync(join(CORPUS, f), 'utf8').split(/(?<=[。！？；\n])/))
  .filter((s) => s.trim());

/** Generated texts (fixed seed): pieces of corpus sentences mixed with Latin words, digits, punctuation and traditional characters. */
function mixtures(n: number): string[] {
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const extras = [
    'GLM-4',
    'chatglm',
    'Qwen2.5',
    'A+B',
    'c#',
    '100%',
    '3.5',
    '2024年',
    '，',
    '。',
    '？',
    ' ',
    '—',
    '（',
    '）',
    '文心一言',
    '智譜清言',
    '國家網信辦',
    '备案号Beijing-WenXin-2023',
    '😀',
    '§',
  ];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let t = '';
    for (let k = 1 + Math.floor(rnd() * 6); k > 0; k--) {
      const s = pick(sentences);
      const from = Math.floor(rnd() * s.length);
      t += rnd() < 0.6 ? s.slice(from, from + 1 + Math.floor(rnd() * 30)) : pick(extras);
    }
    out.push(t);
  }
  return out;
}

function fullJieba(): Jieba {
  const j = Jieba.withDict(dict);
  addUserWordsTo(j);
  return j;
}

function addUserWordsTo(j: Jieba): void {
  const words = [...new Set(USER_WORDS.map((w) => w.replace(/\s+/g, '')))];
  j.loadDict(new TextEncoder().encode(words.map((w) => `${w} 50000 nz`).join('\n') + '\n'));
}

describe('per-text dictionaries', () => {
  const summary = dictionarySummary(USER_WORDS);
  const userWords = [...new Set(USER_WORDS.map((w) => w.replace(/\s+/g, '')))];

  it('the installed dictionary can be summed up and looked up', () => {
    expect(summary).toBeDefined();
    expect(summary!.dict).toBe(dictionaryId());
    expect(summary!.maxChars).toBeGreaterThanOrEqual(4);
    expect(TextDictionaries.usable(summary, userWords)).toBe(true);
    expect(TextDictionaries.usable({ ...summary!, dict: 'another dictionary' }, userWords)).toBe(false);
  });

  it('count every user word once, replacing the frequency of one the dictionary has', () => {
    const whole = wholeBuffer(readFileSync(dictionaryPath()));
    const base = dictionarySummary([])!;
    const expected = userWords.reduce((t, w) => t + 50000 - (lookupWord(whole, new TextEncoder().encode(w)).freq ?? 0), base.total);
    expect(lookupWord(whole, new TextEncoder().encode('中国')).freq).toBeGreaterThan(0);
    expect(summary!.total).toBe(expected);
    expect(dictionarySummary([...USER_WORDS, ...USER_WORDS])!.total).toBe(expected);
  });

  it('segment every corpus sentence and generated text as the full dictionary does', () => {
    const full = fullJieba();
    const dictionaries = new TextDictionaries(summary!, userWords);
    const texts = [...sentences, ...mixtures(400)];
    expect(texts.length).toBeGreaterThan(900);
    let compared = 0;
    for (const raw of texts) {
      for (const text of [raw, raw.normalize('NFKC').toLowerCase()]) {
        const small = Jieba.withDict(dictionaries.forText(text)!);
        for (const hmm of [true, false]) {
          expect(small.cut(text, hmm), text).toEqual(full.cut(text, hmm));
          expect(small.cutForSearch(text, hmm), text).toEqual(full.cutForSearch(text, hmm));
          compared++;
        }
      }
    }
    expect(compared).toBe(texts.length * 4);
  });

  it('a dictionary without the user words segments differently (the comparison can fail)', () => {
    const full = fullJieba();
    const without = new TextDictionaries(dictionarySummary([])!, []);
    const text = '零一万物和日日新都通过了备案';
    expect(Jieba.withDict(without.forText(text)!).cut(text, true)).not.toEqual(full.cut(text, true));
  });
});

describe('the segmenter', () => {
  afterAll(() => resetUserWords());

  it('uses per-text dictionaries for the first texts of a fresh process, then the full dictionary; answers alike', () => {
    const texts = sentences.slice(0, 100);
    resetUserWords();
    addUserWords(USER_WORDS);
    const expected = texts.map((t) => [tokenize(t), cutWords(t)]);
    expect(dictionaryInUse()).toBe('full');

    resetUserWords();
    useIndexWords(USER_WORDS, dictionarySummary(USER_WORDS));
    expect(dictionaryInUse()).toBe('per-text');
    const got = texts.map((t, i) => {
      const r = [tokenize(t), cutWords(t)];
      if (i === 0) expect(dictionaryInUse()).toBe('per-text');
      return r;
    });
    expect(got).toEqual(expected);
    expect(dictionaryInUse()).toBe('full');
  });

  it('loads the full dictionary when the summary names another dictionary file', () => {
    resetUserWords();
    useIndexWords(USER_WORDS, { ...dictionarySummary(USER_WORDS)!, dict: '@node-rs/jieba@0.0.0 dict.txt 1 bytes' });
    expect(dictionaryInUse()).toBe('not loaded');
    const [t] = sentences;
    const got = tokenize(t!);
    expect(dictionaryInUse()).toBe('full');
    resetUserWords();
    addUserWords(USER_WORDS);
    expect(got).toEqual(tokenize(t!));
  });

  it('loads the full dictionary when words are added that the summary did not count', () => {
    resetUserWords();
    useIndexWords(USER_WORDS, dictionarySummary(USER_WORDS));
    expect(dictionaryInUse()).toBe('per-text');
    addUserWords(['新的模型名']);
    tokenize('新的模型名通过了备案');
    expect(dictionaryInUse()).toBe('full');
  });
});

describe('dictionary files', () => {
  const file = (lines: string[]) => new TextEncoder().encode(lines.join('\n') + '\n');
  const enc = (s: string) => new TextEncoder().encode(s);

  it('are scanned only in the shape the lookup relies on', () => {
    expect(scanDictionary(file(['一 5 m', '一个 10 m', '中国 7 ns']))).toEqual({ total: 22, maxChars: 2 });
    expect(scanDictionary(file(['中国 7 ns', '一 5 m']))).toBeUndefined(); // not sorted
    expect(scanDictionary(file(['一 5 m', '一 6 m']))).toBeUndefined(); // repeated
    expect(scanDictionary(file(['一  5 m']))).toBeUndefined(); // two spaces
    expect(scanDictionary(file(['一 x m']))).toBeUndefined(); // no number
    expect(scanDictionary(file(['一\u00a0二 5 m']))).toBeUndefined(); // whitespace inside a word
    expect(scanDictionary(file(['一 5 m\r']))).toBeUndefined();
  });

  it('are looked up by binary search: words, prefixes, first and last lines', () => {
    const lines = ['AB 1 n', 'AB型 2 n', '一 5 m', '一个 10 m', '中国 7 ns', '龢 732 zg'];
    const path = join(tempDir(), 'dict.txt');
    writeFileSync(path, file(lines));
    const inBlocks = BlockFile.open(path);
    for (const src of [wholeBuffer(file(lines)), inBlocks]) {
      expect(lookupWord(src, enc('AB'))).toEqual({ freq: 1, prefix: true, at: 0 });
      // Galloping on from a prefix's line finds the same.
      const one = lookupWord(src, enc('一'));
      expect(lookupWord(src, enc('一个'), one.at)).toEqual(lookupWord(src, enc('一个')));
      expect(lookupWord(src, enc('一二'), one.at)).toEqual(lookupWord(src, enc('一二')));
      expect(lookupWord(src, enc('A'))).toMatchObject({ prefix: true, at: 0 });
      expect(lookupWord(src, enc('一个'))).toMatchObject({ freq: 10, prefix: true });
      expect(lookupWord(src, enc('中'))).toMatchObject({ prefix: true });
      expect(lookupWord(src, enc('中国人'))).toMatchObject({ prefix: false });
      expect(lookupWord(src, enc('龢'))).toMatchObject({ freq: 732, prefix: true });
      expect(lookupWord(src, enc('龣'))).toEqual({ prefix: false, at: src.size });
      expect(lookupWord(src, enc('0'))).toEqual({ prefix: false, at: 0 });
    }
    inBlocks.close();
    expect(scanDictionary(file(['一 5 ' + 'm'.repeat(300)]))).toBeUndefined(); // a line longer than the lookup reads
  });

  it('read in blocks, find what the whole file finds (every word and prefix sampled across block boundaries)', () => {
    const buf = readFileSync(dictionaryPath());
    const whole = wholeBuffer(buf);
    const inBlocks = BlockFile.open(dictionaryPath());
    const words = buf
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' ')[0]!);
    let checked = 0;
    for (let i = 0; i < words.length; i += 211) {
      for (const w of [words[i]!, words[i]!.slice(0, 1), words[i]! + '之', words[i]!.slice(0, -1)]) {
        if (!w) continue;
        const expected = lookupWord(whole, enc(w));
        expect(lookupWord(inBlocks, enc(w)), w).toEqual(expected);
        const head = lookupWord(inBlocks, enc([...w][0]!));
        expect(lookupWord(inBlocks, enc(w), head.at), w).toEqual(expected);
        if (w === words[i]) expect(expected.freq).toBeTypeOf('number');
        checked++;
      }
    }
    inBlocks.close();
    expect(checked).toBeGreaterThan(5000);
  });
});
