/**
 * How far the names a question writes reach, against the names the records know:
 * - a name cut short names the one model it begins ("腾讯混元" → 腾讯混元助手大模型), read as typed,
 *   unless a versioned product of its own follows ("腾讯混元图像3.0");
 * - a known name followed by more of a name and a model word names another model ("星辰视觉大模型"
 *   where the records know 星辰大模型 of another company): that model is asked for by its full name,
 *   which no record has, instead of answering with its namesake.
 */
import type { EntityIndex, Mention } from '../records/entityIndex.js';

/** What a question's name may be followed by before its model word, and still be one name: no function word. */
const MORE_NAME = /^(?!大语言模型|大模型|模型)([\u3400-\u9fffa-z0-9]{1,4}?)(大语言模型|大模型|模型)/;
const FUNCTION_CHARS = /[的之和与及或是在了吗呢吧把被给对跟同比这那哪个款家有为等里中上下也都还就]/;
/** A few more characters and a version after a name ("图像3.0"): a product of its own. */
// (The version ends the name: "只要3秒" is an amount.)
const VERSIONED = /^([\u3400-\u9fff]{1,4}?)(?:\d+(?:\.\d+)*|v\d[\w.]*)(?=[的是和与在了吗呢吧，,。？?、\s]|$)/;
/** The name from `start` continued by `end`'s versioned product ("腾讯混元" + "图像3.0"), if one follows. */
function versionedProduct(q: string, start: number, end: number): string | undefined {
  const product = VERSIONED.exec(q.slice(end));
  return product && !FUNCTION_CHARS.test(product[1]!) ? q.slice(start, end + product[0].length) : undefined;
}

/** A name cut short must be this long (characters) to name one model by its start. */
const MIN_PREFIX = 4;

export interface NameReach {
  mentions: (Mention & { typed?: string })[];
  /** Model names the question writes that no record has ("星辰视觉大模型"). */
  unknown: string[];
}

export function reachOfNames(
  q: string,
  mentions: readonly (Mention & { typed?: string })[],
  entities: EntityIndex,
  edges: ReadonlySet<number>,
  /** The segmenter's words, as "start-end": a cut that is one whole word ("智能问答") is a word, not a name. */
  words: ReadonlySet<string> = new Set(),
): NameReach {
  const out: (Mention & { typed?: string })[] = [];
  const unknown: string[] = [];
  // A name cut short: from the start of a mention, or of a word no mention covers.
  const starts = new Set([...mentions.map((m) => m.start), ...[...edges].filter((e) => !mentions.some((m) => m.start < e && e < m.end))]);
  const cut: (Mention & { typed: string })[] = [];
  for (const at of [...starts].sort((a, b) => a - b)) {
    if (!/[\u3400-\u9fff]/.test(q[at] ?? '')) continue;
    const longest = Math.max(0, ...mentions.filter((m) => m.start === at).map((m) => m.end - m.start));
    const { length, entries } = entities.completions(q, at);
    const end = at + length;
    // …and ends where a word does, or before a model word or a function word.
    const endsWord =
      edges.has(end) ||
      end === q.length ||
      !/[\u3400-\u9fffa-z0-9]/.test(q[end]!) ||
      FUNCTION_CHARS.test(q[end]!) ||
      /^(大语言模型|大模型|模型)/.test(q.slice(end));
    if (length < MIN_PREFIX || length <= longest || !endsWord || words.has(`${at}-${end}`)) continue;
    // "腾讯混元图像3.0": the start of one name continued into a versioned product of its own, which no record has.
    const product = versionedProduct(q, at, end);
    if (product) {
      unknown.push(product);
      continue;
    }
    const models = entries.filter((e) => e.kind === 'model');
    const rows = new Set(models.map((e) => e.records.join(',')));
    // One model only: a start several names share ("星辰多模" of two) names none of them.
    if (models.length !== entries.length || rows.size !== 1) continue;
    const full = models.reduce((a, b) => (b.alias.length > a.alias.length ? b : a));
    cut.push({ kind: 'model', alias: full.alias, records: full.records, start: at, end, typed: q.slice(at, end) });
  }
  const all = [...mentions.filter((m) => !cut.some((c) => c.start <= m.start && m.end <= c.end)), ...cut].sort((a, b) => a.start - b.start);
  for (const m of all) {
    // "GLM-4", "DeepSeek-V3": a version of a name the records hold; read as that name, and said.
    const version = /^[a-z0-9]$/.test(m.alias.slice(-1)) ? /^[-.]?v?\d[\w.]*/.exec(q.slice(m.end)) : null;
    if (version && !m.typed) {
      out.push({ ...m, typed: q.slice(m.start, m.end + version[0].length), end: m.end + version[0].length });
      continue;
    }
    const product =
      m.kind === 'model' && !m.typed && /[\u3400-\u9fff]$/.test(q.slice(m.start, m.end)) ? versionedProduct(q, m.start, m.end) : undefined;
    if (product && !entities.has(product)) {
      unknown.push(product);
      continue;
    }
    const more = m.kind === 'model' && /[\u3400-\u9fff]$/.test(q.slice(m.start, m.end)) ? MORE_NAME.exec(q.slice(m.end)) : null;
    if (more && !FUNCTION_CHARS.test(more[1]!) && !entities.has(q.slice(m.start, m.end + more[0].length))) {
      unknown.push(q.slice(m.start, m.end + more[0].length));
      continue;
    }
    out.push(m);
  }
  return { mentions: out, unknown: [...new Set(unknown)] };
}
