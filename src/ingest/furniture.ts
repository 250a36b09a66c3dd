/**
 * Page furniture: text that came with the page but is not content (navigation, bylines, analyst
 * contacts, rating tables, disclaimers, photo captions). Rules work on one cleaned line at a time,
 * plus two kinds of blocks started by a heading line.
 */

/** A heading that starts a block lasting to the end of the file (or the next markdown heading). */
const TAIL_BLOCK = /^(免责声明|分析师承诺及简介|分析师声明|评级标准|评级说明|投资评级说明|法律声明|重要声明|联系(我们|方式)?)$/;
/** A heading that starts a sidebar of short lines (analyst names, related research). */
const SIDEBAR_BLOCK = /^(分析师|研究助理|联系人|相关研究|相关报告|相对指数表现图|行业相对指数表现图)$/;

const LINE_RULES: RegExp[] = [
  // Site navigation.
  /^(返回|首页|上一篇|下一篇|分享|分享到|打印|关闭|收藏|新闻中心|新闻详情|责任编辑.*|编辑[:：].*)$/,
  /^(上一篇|下一篇)\s*[:：\[【]/,
  /^[-*_=]{3,}$/,
  // Broker-note rating badges.
  /^(推荐|谨慎推荐|中性|回避|维持评级|首次评级|买入|增持|持有|减持|卖出|上调评级|下调评级)$/,
  // Analyst contacts.
  /☎|✉|分析师登记编码|执业证书编号|证书编号[:：]/,
  /^[^。]{0,40}[\w.-]+@[\w-]+(\.[\w-]+)+\s*$/,
  /^[^。]{0,20}(\(?\d{3,4}\)?[\s-]?\d{7,8})[^。]{0,40}$/,
  /^(机构请致电|公司网址)[:：]?/,
  // Figure/table attributions and photo captions/credits.
  /^(资料来源|数据来源|来源)[:：]/,
  /^▲/,
  // (Only a credit alone: a caption that states something before its credit is content.)
  /^[^。！？]{0,40}摄\s*[(（][^)）]{1,12}[)）]$/,
  /^[^。！？]{0,40}(记者|通讯员)\s*\S{2,4}(摄|报道)$/,
  /^本报记者\s*\S{2,4}$/,
  // Datelines such as "2025-07-07 10:10 中国电信天翼AI".
  /^\d{4}-\d{2}-\d{2}(\s+\d{1,2}:\d{2})?(\s+\S{0,20})?$/,
];

export type FurnitureReason = 'tail-block' | 'sidebar' | 'line' | 'fragment';

/**
 * Marks furniture lines. `lines` are already space-cleaned and trimmed (index 0 = line 1).
 * Returns, per line, the reason it is furniture or undefined when it is content.
 */
export function markFurniture(lines: readonly string[]): (FurnitureReason | undefined)[] {
  const out: (FurnitureReason | undefined)[] = new Array(lines.length).fill(undefined);
  let mode: 'content' | 'tail' | 'sidebar' = 'content';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    if (mode === 'tail') {
      if (line.startsWith('#')) mode = 'content';
      else {
        out[i] = 'tail-block';
        continue;
      }
    }
    if (mode === 'sidebar') {
      // A sidebar holds short lines; the first long line is content again.
      if ([...line].length < 60 && !line.startsWith('#') && !line.includes('\t')) {
        out[i] = 'sidebar';
        continue;
      }
      mode = 'content';
    }
    const bare = line.replace(/^#+\s*/, '');
    // A label wrapped over two lines ("新闻中" + "心") is judged as a whole.
    const next = lines[i + 1]?.trim() ?? '';
    const wrapped = [...bare].length <= 4 && next && [...next].length <= 2 ? bare + next : undefined;
    if (wrapped && LINE_RULES.some((re) => re.test(wrapped))) {
      out[i] = 'line';
      out[i + 1] = 'line';
      i++;
    } else if (TAIL_BLOCK.test(bare)) {
      mode = 'tail';
      out[i] = 'tail-block';
    } else if (SIDEBAR_BLOCK.test(bare)) {
      mode = 'sidebar';
      out[i] = 'sidebar';
    } else if (LINE_RULES.some((re) => re.test(bare))) {
      out[i] = 'line';
    } else if ([...bare].length <= 2 && !/\d/.test(bare)) {
      // Lone fragments such as the "心" of a wrapped "新闻中心" nav label.
      out[i] = 'fragment';
    }
  }
  return out;
}
