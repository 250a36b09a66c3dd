/** Structured filing records and batch facts, validated with zod at every boundary. */
import * as z from 'zod';

const LineRange = z.tuple([z.number().int().positive(), z.number().int().positive()]);

export const SCALES = ['万亿级', '千亿级', '百亿级', '十亿级', '亿级'] as const;
export type Scale = (typeof SCALES)[number];

export const Params = z.object({
  /** As written, e.g. "2600 亿", "超千亿级", "60 亿、340 亿". */
  text: z.string().min(1),
  /** Largest parameter count mentioned, in units of 亿 (1e8); absent when none is stated. */
  value: z.number().positive().optional(),
  /** True when the value is an order of magnitude ("千亿级", "超千亿", "左右"), not an exact count. */
  approx: z.boolean(),
  scale: z.enum(SCALES).optional(),
});
export type Params = z.infer<typeof Params>;

export const YearMonth = z.object({
  /** As written, e.g. "2023 年 8 月". */
  text: z.string(),
  /** ISO year-month, e.g. "2023-08". */
  ym: z.string().regex(/^\d{4}-\d{2}$/),
});

export const TRACKS = ['genai-filing', 'genai-registration', 'deep-synthesis', 'algorithm'] as const;
export type Track = (typeof TRACKS)[number];
export const TRACK_LABEL: Record<Track, string> = {
  'genai-filing': '生成式人工智能服务备案',
  'genai-registration': '生成式人工智能服务登记',
  'deep-synthesis': '深度合成服务算法备案',
  algorithm: '互联网信息服务算法备案',
};

export const FilingRecord = z.object({
  id: z.string(),
  origin: z.enum(['text-table', 'register']),
  track: z.enum(TRACKS),
  /** 模型名称 (or 算法名称 for deep-synthesis filings). */
  model: z.string().min(1),
  company: z.string().min(1).optional(),
  params: Params.optional(),
  uses: z.string().min(1).optional(),
  batch: z.number().int().positive().optional(),
  batchDate: YearMonth.optional(),
  province: z.string().min(1).optional(),
  filingNo: z.string().min(1).optional(),
  /** ISO date YYYY-MM-DD (or YYYY-MM). */
  filingDate: z
    .string()
    .regex(/^\d{4}-\d{2}(-\d{2})?$/)
    .optional(),
  role: z.string().min(1).optional(),
  product: z.string().min(1).optional(),
  /** 备注 / a date's note as published ("补登"). */
  note: z.string().min(1).optional(),
  /** 适用场景 (e.g. the on-device models of the 2026-08 list). */
  scenario: z.string().min(1).optional(),
  /** The published list the row comes from: YYYY-MM of the CAC list (registers with a sidecar or a dated title). */
  listPeriod: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .optional(),
  /** What the importer noticed and did not guess away: 'swapped' (name and company read the other way round), 'cut-number' (a filing number cut off as published). */
  flags: z.array(z.enum(['swapped', 'cut-number', 'late'])).optional(),
  /** Provenance: corpus file name and the file's line range (for registers: the row's line). */
  source: z.string(),
  lines: LineRange,
  /** Register row number (1 = first data row), when the record comes from a register. */
  row: z.number().int().positive().optional(),
  /** The row as written, for quoting. */
  text: z.string(),
});
export type FilingRecord = z.infer<typeof FilingRecord>;

/** A fact about a whole batch stated in prose ("2023年11月，第二批10家企业通过了大模型备案"). */
export const BatchFact = z.object({
  batch: z.number().int().positive(),
  date: YearMonth.optional(),
  companies: z.number().int().positive().optional(),
  models: z.number().int().positive().optional(),
  source: z.string(),
  lines: LineRange,
  text: z.string(),
});
export type BatchFact = z.infer<typeof BatchFact>;
