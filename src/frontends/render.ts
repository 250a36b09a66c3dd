/**
 * Plain-text rendering for terminals: answers (citations indented under their number), the query
 * plan for `ask --explain`, the REPL's `:sources` table and `:stats` in words. Colour only when
 * asked for; wrapping at `width` columns (Infinity: no wrapping, for pipes and files).
 */
import { citationPlace, type Answer, type IndexStats, type SourceInfo, type StructuredResult } from '../answer/types.js';
import { displayWidth } from '../text/chars.js';
import { escapeControls } from '../text/printable.js';
import { paint, table, wrapText } from './terminal.js';

export interface RenderOptions {
  color: boolean;
  /** Columns to wrap at (default: no wrapping). */
  width?: number;
  /** Longest quote shown per citation (the full text is in --json). */
  quoteChars?: number;
}

/** Control characters in answer text would move the cursor or recolour the terminal: shown as nothing (names are shown escaped). */
const printable = (s: string) => s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');

/** "003_….txt:62-64", or "report.pdf p.3 l.12–14" for paged documents. */
const where = (c: Answer['citations'][number]) => escapeControls(citationPlace(c));

export function renderAnswer(a: Answer, opts: RenderOptions): string {
  const width = opts.width ?? Infinity;
  const out: string[] = [];
  out.push(...wrapText(printable(a.answer), width).map((l) => paint(opts.color, a.found ? '1' : '33', l)));
  const chart = a.result?.chart;
  if (chart && chart.bars.length) out.push('', ...renderBarChart(chart, opts));
  if (a.citations.length) {
    out.push('', paint(opts.color, '2', '来源：'));
    const max = opts.quoteChars ?? 160;
    for (const c of a.citations) {
      const num = `[${c.n}] `;
      const indent = ' '.repeat(Math.max(4, num.length));
      const head = wrapText(`${printable(c.title)} — ${where(c)}`, width, { firstIndent: num.padEnd(indent.length), indent });
      out.push(...head.map((l, i) => (i === head.length - 1 && opts.color ? l.replace(where(c), paint(true, '36', where(c))) : l)));
      const chars = [...printable(c.text.replace(/\n/g, ' ⏎ '))];
      const quote = `“${chars.length > max ? chars.slice(0, max - 1).join('') + '…' : chars.join('')}”`;
      out.push(...wrapText(quote, width, { indent }).map((l) => paint(opts.color, '2', l)));
    }
  }
  return out.join('\n');
}

type Chart = NonNullable<StructuredResult['chart']>;

/** Cuts text to at most `cols` display columns (CJK count two), with “…” when cut. */
function fitColumns(text: string, cols: number): string {
  if (displayWidth(text) <= cols) return text;
  let out = '';
  for (const ch of text) {
    if (displayWidth(out + ch) > cols - 1) break;
    out += ch;
  }
  return out + '…';
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/**
 * A group-by answer's chart (StructuredResult.chart) as text: the title, then one bar per label
 * in the engine's order, its length in eighths of a column, and the value. At most 20 bars (the
 * answer lists them all); fits `width` (60 columns when unbounded).
 */
export function renderBarChart(chart: Chart, opts: RenderOptions): string[] {
  const bars = chart.bars.filter((b) => Number.isFinite(b.value) && b.value >= 0).slice(0, 20);
  if (!bars.length) return [];
  const width = Math.min(Number.isFinite(opts.width ?? Infinity) ? opts.width! : 60, 80);
  const labels = bars.map((b) => fitColumns(printable(b.label), 16));
  const labelCols = Math.max(...labels.map(displayWidth));
  const values = bars.map((b) => (Number.isInteger(b.value) ? String(b.value) : b.value.toFixed(1)));
  const valueCols = Math.max(...values.map((v) => v.length));
  const room = Math.max(8, width - labelCols - valueCols - 4);
  const max = Math.max(...bars.map((b) => b.value)) || 1;
  const lines = bars.map((b, i) => {
    const eighths = Math.round((b.value / max) * room * 8);
    const bar = '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]!;
    const label = labels[i]! + ' '.repeat(labelCols - displayWidth(labels[i]!));
    return `  ${label} ${paint(opts.color, '36', bar)}${bar ? ' ' : ''}${values[i]}`;
  });
  return [paint(opts.color, '2', `${printable(chart.title)}：`), ...lines];
}

/** The query plan (`answer.plan`) as indented `key: value` lines; its shape is the engine's business. */
export function renderPlan(plan: unknown, opts: RenderOptions): string {
  const head = paint(opts.color, '2', '查询计划：');
  if (plan === undefined || plan === null) return `${head}（引擎没有给出查询计划）`;
  const lines: string[] = [];
  const scalar = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  const isScalar = (v: unknown) => v === null || typeof v !== 'object';
  const walk = (v: unknown, indent: string) => {
    if (Array.isArray(v)) {
      for (const item of v) {
        if (isScalar(item)) lines.push(`${indent}- ${scalar(item)}`);
        else {
          lines.push(`${indent}-`);
          walk(item, indent + '  ');
        }
      }
      return;
    }
    for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
      if (item === undefined) continue;
      if (isScalar(item)) lines.push(`${indent}${k}: ${scalar(item)}`);
      else if (Array.isArray(item) && item.every(isScalar))
        lines.push(`${indent}${k}: ${item.length ? item.map(scalar).join('、') : '（无）'}`);
      else {
        lines.push(`${indent}${k}:`);
        walk(item, indent + '  ');
      }
    }
  };
  if (isScalar(plan)) lines.push(`  ${scalar(plan)}`);
  else walk(plan, '  ');
  const width = opts.width ?? Infinity;
  return [head, ...lines.flatMap((l) => wrapText(printable(l), width, { firstIndent: '', indent: l.match(/^\s*/)![0] + '    ' }))].join(
    '\n',
  );
}

/** `:sources`: one aligned row per indexed file. */
export function renderSources(sources: SourceInfo[], opts: RenderOptions): string {
  if (!sources.length) return '索引中没有文件。';
  const rows = sources.map((s) => [escapeControls(s.source), printable(s.title), s.date ?? '', String(s.passages), String(s.records)]);
  const lines = table(
    [
      { header: '文件' },
      { header: '标题', shrink: true },
      { header: '日期' },
      { header: '段落', align: 'right' },
      { header: '记录', align: 'right' },
    ],
    rows,
    opts.width ?? Infinity,
  );
  return [paint(opts.color, '1', lines[0]!), ...lines.slice(1)].join('\n');
}

/** A timestamp as local date and time, e.g. 2025-03-04 14:05. */
export function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function embedderInWords(e: IndexStats['embedder']): string {
  return e.mode === 'hash' ? '无权重检索模式（字符 n-gram 散列向量，语义匹配较弱）' : `向量模型 ${e.id}（${e.dim} 维）`;
}

/** `:stats` in words. */
export function renderStats(s: IndexStats, opts: RenderOptions): string {
  const lines = [
    `索引中有 ${s.files} 个文件，${s.passages} 段文本，${s.records} 条备案记录。`,
    `检索：BM25 分词检索 + ${embedderInWords(s.embedder)}。`,
    `建于 ${localTime(s.builtAt)}（本地时间），用时 ${s.buildSeconds.toFixed(1)} 秒。`,
  ];
  return lines.flatMap((l) => wrapText(l, opts.width ?? Infinity)).join('\n');
}
