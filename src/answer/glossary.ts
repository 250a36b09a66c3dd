/**
 * English → Chinese for the words English questions use about these texts, so that an English
 * question can be matched against Chinese passages. Words without an entry stay as they are
 * (and, being absent from the texts, correctly count against a match).
 */
const GLOSSARY: [RegExp, string][] = [
  [/\bgenerative (ai|artificial intelligence)\b/g, '生成式人工智能'],
  [/\bdeep[- ]synthesis\b/g, '深度合成'],
  [/\bartificial intelligence\b/g, '人工智能'],
  [/\blarge (language )?models?\b|\bllms?\b|\bfoundation models?\b/g, '大模型'],
  [/\bmodels?\b/g, '模型'],
  [/\balgorithms?\b/g, '算法'],
  [/\bservices?\b/g, '服务'],
  [/\b(filings?|filed|registered|registrations?|approved|approval|record(ed|al)?)\b/g, '备案'],
  [/\bcompleted?\b/g, '完成'],
  [/\b(cac|cyberspace administration( of china)?)\b/g, '网信办'],
  [/\bregulations?|rules?|measures\b/g, '办法'],
  [/\binterim\b/g, '暂行'],
  [/\bprovisions?\b/g, '规定'],
  [/\b(by|as of|until) the end of (\d{4})\b/g, '截至$2年底'],
  [/\bend of (\d{4})\b/g, '$1年底'],
  [/\bin (\d{4})\b/g, '$1年'],
  [/\bnew(ly added)?\b/g, '新增'],
  [/\bparameters?\b/g, '参数'],
  [/\bprices?\b|\bcosts?\b/g, '价格'],
  [/\bprice cuts?\b|\bcut prices\b/g, '降价'],
  [/\bdownloads?\b/g, '下载量'],
  [/\busers?\b/g, '用户'],
  [/\bdata\b/g, '数据'],
  [/\bindustry\b/g, '产业'],
  [/\bmarket size\b/g, '市场规模'],
  [/\bscale\b/g, '规模'],
  [/\bcompan(y|ies)\b|\benterprises?\b|\bfirms?\b/g, '企业'],
  [/\bopen[- ]source(d)?\b/g, '开源'],
  [/\bchina'?s?\b|\bchinese\b/g, '中国'],
  [/\bdaily\b/g, '日均'],
  [/\btokens?\b/g, 'token'],
  [/\bconsumption\b/g, '消耗量'],
  [/\bwarehouses?\b/g, '仓库'],
  [/\bdialects?\b/g, '方言'],
  [/\bvoice\b|\bspeech\b/g, '语音'],
  [/\bsamples?\b/g, '样本'],
  [/\bcustomer service\b/g, '客服'],
  [/\btools?\b/g, '工具'],
  [/\bapplication cases?\b|\buse cases?\b/g, '应用案例'],
  [/\brevenue\b/g, '营业收入'],
  [/\branks?(ed|ing)?\b|\bleaderboard\b/g, '榜单'],
];

const HAS_LATIN_WORD = /[a-z]{3,}/i;

/** Adds Chinese equivalents of the English words in a question (the question itself is kept). */
export function withChineseGlosses(question: string): string {
  if (!HAS_LATIN_WORD.test(question)) return question;
  let q = question.toLowerCase();
  const glosses: string[] = [];
  for (const [re, zh] of GLOSSARY) {
    q = q.replace(re, (...m) => {
      glosses.push(zh.replace(/\$(\d)/g, (_, i) => String(m[Number(i)] ?? '')));
      return ' ';
    });
  }
  return glosses.length ? `${q} ${glosses.join(' ')}` : question;
}
