/**
 * Wording in one place: an answer's own words live in the phrasebook (src/answer/phrases/), a
 * Chinese and an English book. Every other module under src/answer/ decides what to say and asks
 * the book to say it, so a static check over their sources fails the moment one of them writes a
 * Chinese phrase of its own or chooses between two wordings by language (`en ? 'Yes' : '是'`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

/** CJK ideographs, CJK punctuation (、。「」) and full-width forms (，：（）). */
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;

/**
 * Chinese strings that are data, not wording (never shown as the answer's words): the
 * declarations holding them (`names`), or single literals as the check prints them (`literals`).
 * Regular expressions (literals, and strings built into `new RegExp(…)`) are not wording either:
 * they read the texts and the records, and are allowed everywhere.
 */
interface Data {
  names?: string[];
  literals?: string[];
}
const NOT_WORDING: Record<string, Data> = {
  // The texts' other ways of saying a question's word (年底 ~ 12月31日): matching data.
  'evidence.ts': { names: ['VARIANTS'] },
  // A number in digits or Chinese numerals: the source of the regular expressions built from it;
  // the list comma a sentence's items are found by ("基本能力、创意能力…").
  'facts.ts': { names: ['NUM'], literals: ['、'] },
  // A filing number is looked up with and without the 号 some registers end it with; a claimed count in 家 counts companies.
  'execute.ts': { literals: ['号', '…号', '家'] },
  // 年 is the unit of an amount read from a claim ("两年"), not a figure to confirm.
  'verifyText.ts': { literals: ['年'] },
};

const PHRASEBOOK = 'phrases/';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Whether a literal is data: listed, inside `new RegExp(…)`, or in the initialiser of a listed declaration. */
function exempt(node: ts.Node, words: string, data: Data): boolean {
  if (data.literals?.includes(words)) return true;
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'RegExp') return true;
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && data.names?.includes(n.name.text)) return true;
  }
  return false;
}

/** Whether an expression mentions the answer's language (`en`, `lang`, `language`, 'en'/'zh'). */
const LANGUAGE = /\b(en|lang|language)\b|['"](en|zh)['"]/;

/** Whether an expression holds a string of words (a literal with letters in it). */
function holdsWords(node: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && /\p{L}/u.test(n.text)) found = true;
    else if (ts.isTemplateExpression(n) && /\p{L}/u.test(n.head.text + n.templateSpans.map((s) => s.literal.text).join(''))) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/** The wording a module writes itself: Chinese string literals and choices of wording by language. */
export function wordingFaults(file: string, text: string, data: Data = {}): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const faults: string[] = [];
  const at = (n: ts.Node) => `${file}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
  const visit = (n: ts.Node): void => {
    if (ts.isConditionalExpression(n) && LANGUAGE.test(n.condition.getText(sf)) && (holdsWords(n.whenTrue) || holdsWords(n.whenFalse)))
      faults.push(`${at(n)}: a wording chosen by language: ${n.getText(sf).slice(0, 60)}`);
    if (ts.isIfStatement(n) && LANGUAGE.test(n.expression.getText(sf)) && holdsWords(n.thenStatement))
      faults.push(`${at(n)}: a wording chosen by language: if (${n.expression.getText(sf)})`);
    if (ts.isTemplateExpression(n)) {
      const words = n.head.text + n.templateSpans.map((s) => `…${s.literal.text}`).join('');
      if (CJK.test(words) && !exempt(n, words, data)) faults.push(`${at(n)}: \`${words.slice(0, 40)}\``);
      // The spans' expressions may hold literals of their own.
      n.templateSpans.forEach((s) => visit(s.expression));
      return;
    }
    if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && CJK.test(n.text) && !exempt(n, n.text, data))
      faults.push(`${at(n)}: '${n.text.slice(0, 40)}'`);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return faults;
}

describe('wording in one place', () => {
  const dir = join(ROOT, 'src/answer');
  const files = sourceFiles(dir).map((p) => relative(dir, p).split('\\').join('/'));

  it('every module of src/answer/ but the phrasebook words nothing itself', () => {
    const faults = files
      .filter((f) => !f.startsWith(PHRASEBOOK))
      .flatMap((f) => wordingFaults(f, readFileSync(join(dir, f), 'utf8'), NOT_WORDING[f]));
    expect(faults).toEqual([]);
  });

  it('finds a Chinese phrase and a choice by language, and lets regular expressions and data be', () => {
    const src = [
      "const verdict = en ? 'Yes' : '是';",
      'const lead = `共 ${n} 条`;',
      'const frame = lang === "en" ? `The texts say: “${q}”` : q;',
      'const re = /是|不是/;',
      'const built = new RegExp(`${x}批`);',
      "const VARIANTS = { 年底: ['12月31日'] };",
      "const subject = plan.language === 'zh' ? subjectTerm(plan) : undefined;",
    ].join('\n');
    expect(wordingFaults('x.ts', src, { names: ['VARIANTS'] })).toEqual([
      expect.stringMatching(/^x\.ts:1: a wording chosen by language/),
      "x.ts:1: '是'",
      'x.ts:2: `共 … 条`',
      expect.stringMatching(/^x\.ts:3: a wording chosen by language/),
    ]);
  });

  it('the phrasebook is there, a Chinese and an English book', () => {
    expect(files).toEqual(expect.arrayContaining(['phrases/phrasebook.ts', 'phrases/zh.ts', 'phrases/en.ts', 'phrases/index.ts']));
  });
});
