/**
 * Provinces (属地) as registers write them: the short Chinese name, the pinyin used in filing
 * numbers (Beijing-…, ZhongYangQiYe-… for central state-owned enterprises), English names, and
 * the two-digit administrative-division code (GB/T 2260) that deep-synthesis numbers begin with
 * (网信算备110108… → 11 → 北京). Cities are recognised in questions and mapped to their province,
 * since registers record 属地 at provincial level only.
 */
export interface Province {
  zh: string;
  pinyin: string;
  code?: string;
  /** Other Chinese names (full names are matched by inclusion anyway: 北京市, 广西壮族自治区). */
  aliases?: string[];
  en?: string[];
}

export const PROVINCES: Province[] = [
  // Nicknames people write for the place (魔都, 帝都): two characters or more, never a one-character
  // abbreviation (京 is in 京东).
  { zh: '北京', pinyin: 'Beijing', code: '11', en: ['peking'], aliases: ['帝都'] },
  { zh: '天津', pinyin: 'Tianjin', code: '12' },
  { zh: '河北', pinyin: 'Hebei', code: '13' },
  { zh: '山西', pinyin: 'Shanxi', code: '14' },
  { zh: '内蒙古', pinyin: 'Neimenggu', code: '15', en: ['inner mongolia'] },
  { zh: '辽宁', pinyin: 'Liaoning', code: '21' },
  { zh: '吉林', pinyin: 'Jilin', code: '22' },
  { zh: '黑龙江', pinyin: 'Heilongjiang', code: '23' },
  { zh: '上海', pinyin: 'Shanghai', code: '31', aliases: ['魔都', '申城'] },
  { zh: '江苏', pinyin: 'Jiangsu', code: '32' },
  { zh: '浙江', pinyin: 'Zhejiang', code: '33' },
  { zh: '安徽', pinyin: 'Anhui', code: '34' },
  { zh: '福建', pinyin: 'Fujian', code: '35' },
  { zh: '江西', pinyin: 'Jiangxi', code: '36' },
  { zh: '山东', pinyin: 'Shandong', code: '37' },
  { zh: '河南', pinyin: 'Henan', code: '41' },
  { zh: '湖北', pinyin: 'Hubei', code: '42' },
  { zh: '湖南', pinyin: 'Hunan', code: '43' },
  { zh: '广东', pinyin: 'Guangdong', code: '44', en: ['canton province'] },
  { zh: '广西', pinyin: 'Guangxi', code: '45' },
  { zh: '海南', pinyin: 'Hainan', code: '46' },
  { zh: '重庆', pinyin: 'Chongqing', code: '50', aliases: ['山城'] },
  { zh: '四川', pinyin: 'Sichuan', code: '51' },
  { zh: '贵州', pinyin: 'Guizhou', code: '52' },
  { zh: '云南', pinyin: 'Yunnan', code: '53' },
  { zh: '西藏', pinyin: 'Xizang', code: '54', en: ['tibet'] },
  { zh: '陕西', pinyin: 'Shaanxi', code: '61' },
  { zh: '甘肃', pinyin: 'Gansu', code: '62' },
  { zh: '青海', pinyin: 'Qinghai', code: '63' },
  { zh: '宁夏', pinyin: 'Ningxia', code: '64' },
  { zh: '新疆', pinyin: 'Xinjiang', code: '65' },
  {
    zh: '国资委',
    pinyin: 'ZhongYangQiYe',
    aliases: ['中央企业', '央企'],
    en: ['central soe', 'central state-owned', 'central state owned', 'state-owned enterprise', 'sasac'],
  },
];

/** Cities users name, with their province and English spelling. */
export const CITIES: [zh: string, province: string, en: string][] = [
  ['深圳', '广东', 'shenzhen'],
  ['广州', '广东', 'guangzhou'],
  ['东莞', '广东', 'dongguan'],
  ['佛山', '广东', 'foshan'],
  ['珠海', '广东', 'zhuhai'],
  ['杭州', '浙江', 'hangzhou'],
  ['宁波', '浙江', 'ningbo'],
  ['南京', '江苏', 'nanjing'],
  ['苏州', '江苏', 'suzhou'],
  ['无锡', '江苏', 'wuxi'],
  ['成都', '四川', 'chengdu'],
  ['武汉', '湖北', 'wuhan'],
  ['合肥', '安徽', 'hefei'],
  ['西安', '陕西', "xi'an"],
  ['厦门', '福建', 'xiamen'],
  ['福州', '福建', 'fuzhou'],
  ['济南', '山东', 'jinan'],
  ['青岛', '山东', 'qingdao'],
  ['长沙', '湖南', 'changsha'],
  ['郑州', '河南', 'zhengzhou'],
  ['沈阳', '辽宁', 'shenyang'],
  ['大连', '辽宁', 'dalian'],
  ['哈尔滨', '黑龙江', 'harbin'],
  ['长春', '吉林', 'changchun'],
  ['石家庄', '河北', 'shijiazhuang'],
  ['太原', '山西', 'taiyuan'],
  ['南昌', '江西', 'nanchang'],
  ['南宁', '广西', 'nanning'],
  ['海口', '海南', 'haikou'],
  ['贵阳', '贵州', 'guiyang'],
  ['昆明', '云南', 'kunming'],
  ['兰州', '甘肃', 'lanzhou'],
  ['西宁', '青海', 'xining'],
  ['银川', '宁夏', 'yinchuan'],
  ['乌鲁木齐', '新疆', 'urumqi'],
  ['拉萨', '西藏', 'lhasa'],
  ['呼和浩特', '内蒙古', 'hohhot'],
];

export interface Place {
  /** Short Chinese name of the province (or 国资委). */
  province: string;
  /** The city the text named, when it named a city rather than a province. */
  city?: string;
}

const wordRe = new Map<string, RegExp>();
const asWord = (w: string) => {
  let re = wordRe.get(w);
  if (!re) wordRe.set(w, (re = new RegExp(`(?<![a-z])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![a-z])`)));
  return re;
};

/** The province (or city) a register cell or a question names first. */
export function findPlace(text: string): Place | undefined {
  const lower = text.toLowerCase();
  let best: (Place & { at: number }) | undefined;
  const consider = (at: number, place: Place) => {
    if (at >= 0 && (!best || at < best.at)) best = { ...place, at };
  };
  for (const p of PROVINCES) {
    for (const zh of [p.zh, ...(p.aliases ?? [])]) consider(text.indexOf(zh), { province: p.zh });
    for (const en of [p.pinyin.toLowerCase(), ...(p.en ?? [])]) consider(lower.search(asWord(en)), { province: p.zh });
  }
  for (const [zh, province, en] of CITIES) {
    consider(text.indexOf(zh), { province, city: zh });
    consider(lower.search(asWord(en)), { province, city: zh });
  }
  if (!best) return undefined;
  const { at: _at, ...place } = best;
  return place;
}

/** The province a register cell or a question names, as its short Chinese name. */
export function findProvince(text: string): string | undefined {
  return findPlace(text)?.province;
}

export function provinceFromPinyin(pinyin: string): string | undefined {
  return PROVINCES.find((p) => p.pinyin.toLowerCase() === pinyin.toLowerCase())?.zh;
}

/** 网信算备110108… → 北京 (the first two digits of the administrative-division code). */
export function provinceFromAdminCode(code: string): string | undefined {
  return PROVINCES.find((p) => p.code === code.slice(0, 2))?.zh;
}
