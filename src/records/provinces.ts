/** Provinces (属地) as registers write them, with the pinyin used in filing numbers and English names. */
export const PROVINCES: { zh: string; pinyin: string; en?: string[] }[] = [
  { zh: '北京', pinyin: 'Beijing', en: ['peking'] }, { zh: '天津', pinyin: 'Tianjin' }, { zh: '上海', pinyin: 'Shanghai' },
  { zh: '重庆', pinyin: 'Chongqing' }, { zh: '河北', pinyin: 'Hebei' }, { zh: '山西', pinyin: 'Shanxi' },
  { zh: '内蒙古', pinyin: 'Neimenggu', en: ['inner mongolia'] }, { zh: '辽宁', pinyin: 'Liaoning' }, { zh: '吉林', pinyin: 'Jilin' },
  { zh: '黑龙江', pinyin: 'Heilongjiang' }, { zh: '江苏', pinyin: 'Jiangsu' }, { zh: '浙江', pinyin: 'Zhejiang' },
  { zh: '安徽', pinyin: 'Anhui' }, { zh: '福建', pinyin: 'Fujian' }, { zh: '江西', pinyin: 'Jiangxi' },
  { zh: '山东', pinyin: 'Shandong' }, { zh: '河南', pinyin: 'Henan' }, { zh: '湖北', pinyin: 'Hubei' },
  { zh: '湖南', pinyin: 'Hunan' }, { zh: '广东', pinyin: 'Guangdong' }, { zh: '广西', pinyin: 'Guangxi' },
  { zh: '海南', pinyin: 'Hainan' }, { zh: '四川', pinyin: 'Sichuan' }, { zh: '贵州', pinyin: 'Guizhou' },
  { zh: '云南', pinyin: 'Yunnan' }, { zh: '西藏', pinyin: 'Xizang', en: ['tibet'] }, { zh: '陕西', pinyin: 'Shaanxi' },
  { zh: '甘肃', pinyin: 'Gansu' }, { zh: '青海', pinyin: 'Qinghai' }, { zh: '宁夏', pinyin: 'Ningxia' },
  { zh: '新疆', pinyin: 'Xinjiang' }, { zh: '国资委', pinyin: 'ZhongYangQiYe', en: ['central soe', 'central state-owned', 'sasac'] },
];

/** The province a register cell or a question names, as its short Chinese name. */
export function findProvince(text: string): string | undefined {
  const lower = text.toLowerCase();
  for (const p of PROVINCES) {
    if (text.includes(p.zh)) return p.zh;
    if (new RegExp(`\\b${p.pinyin.toLowerCase()}\\b`).test(lower) || p.en?.some((e) => lower.includes(e))) return p.zh;
  }
  return undefined;
}

export function provinceFromPinyin(pinyin: string): string | undefined {
  return PROVINCES.find((p) => p.pinyin.toLowerCase() === pinyin.toLowerCase())?.zh;
}
