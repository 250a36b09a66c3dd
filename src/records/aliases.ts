/**
 * English and pinyin names under which users ask about companies and models that the Chinese
 * texts only name in Chinese. Keys are Chinese names as they appear in records (or their core);
 * the lookup is applied only when that name exists in the loaded records.
 */
export const ENGLISH_NAMES: Record<string, string[]> = {
  百度: ['baidu'],
  文心一言: ['ernie bot', 'ernie', 'wenxin yiyan'],
  抖音: ['douyin', 'bytedance', 'tiktok'],
  云雀: ['skylark'],
  智谱: ['zhipu', 'zhipu ai'],
  百川智能: ['baichuan'],
  商汤: ['sensetime'],
  日日新: ['sensenova'],
  中科院: ['chinese academy of sciences', 'cas'],
  紫东太初: ['taichu', 'zidong taichu'],
  上海人工智能实验室: ['shanghai ai lab', 'shanghai ai laboratory', 'shanghai artificial intelligence laboratory'],
  书生: ['internlm', 'shusheng'],
  美团: ['meituan'],
  蚂蚁集团: ['ant group', 'antgroup'],
  百灵: ['bailing'],
  知乎: ['zhihu'],
  出门问问: ['mobvoi'],
  序列猴子: ['sequence monkey'],
  昆仑万维: ['kunlun tech', 'kunlun'],
  天工: ['tiangong', 'skywork'],
  月之暗面: ['moonshot', 'moonshot ai', 'kimi'],
  面壁智能: ['modelbest', 'facewall'],
  网易有道: ['netease youdao', 'youdao', 'netease'],
  子曰: ['ziyue'],
  好未来: ['tal education', 'tal'],
  金山办公: ['kingsoft office', 'kingsoft'],
  '360': ['qihoo', 'qihoo 360'],
  京东: ['jd', 'jd.com', 'jingdong'],
  言犀: ['yanxi'],
  快手: ['kuaishou'],
  快意: ['kwaiyii'],
  红棉小冰科技: ['xiaoice'],
  聆心智能: ['lingxin'],
  澜舟科技: ['langboat'],
  孟子: ['mengzi'],
  中科闻歌: ['wenge'],
  深言科技: ['deeplang'],
  云知声: ['unisound'],
  零一万物: ['01.ai', '01ai', 'lingyi wanwu'],
  第四范式: ['4paradigm', 'fourth paradigm'],
  衍远科技: ['yanyuan'],
  识因智能: ['shiyin'],
  新壹科技: ['xinyi'],
  中科创达: ['thundersoft'],
  微步在线: ['threatbook'],
  boss直聘: ['boss zhipin', 'kanzhun'],
  智联招聘: ['zhaopin'],
  脉脉: ['maimai'],
  小米: ['xiaomi'],
  什么值得买: ['smzdm'],
  掌阅科技: ['ireader', 'zhangyue'],
};

/** The other way round: an English or pinyin name → the Chinese names it stands for. */
export const CHINESE_NAMES: ReadonlyMap<string, string[]> = (() => {
  const out = new Map<string, string[]>();
  for (const [zh, names] of Object.entries(ENGLISH_NAMES)) for (const n of names) out.set(n, [...(out.get(n) ?? []), zh]);
  return out;
})();
