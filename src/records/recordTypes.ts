/**
 * Record types and tracks, as data: which fields a type's records fill, whether it is the texts'
 * table or a published list, what a list's line shows; which track is counted when a question
 * names none, which tracks are counted apart, which are of generative AI.
 *
 * The executor and the renderer (src/answer/, but its phrasebook) decide by these declarations
 * only, never by a track or an origin written out (`test/fieldNames.test.ts`): they ask
 * `fromTable(r)`, `fromList(r)`, `trackOf(r)`, `TRACK_SPECS[t].byDefault`, `countedApart(tracks)`.
 * A new register type is new data here, not new branches there.
 */
import { fieldOf, type FieldKey } from './fields.js';
import { TRACKS, type FilingRecord, type Track } from './schema.js';

export interface RecordType {
  name: string;
  origin: FilingRecord['origin'];
  tracks: readonly Track[];
  /** The fields its records fill (answers say which of them a record type lacks). */
  fields: readonly FieldKey[];
  /**
   * The texts' filing table: its rows came in rounds (第N批) and are told from the texts. Every
   * other type is a published list (a register), counted per track.
   */
  table?: true;
  /** What a list's line shows of a record beside who filed it (its date, or its role for algorithms). */
  brief?: readonly FieldKey[];
}

export const RECORD_TYPES: readonly RecordType[] = [
  {
    name: '备案表（文本）',
    origin: 'text-table',
    tracks: ['genai-filing'],
    fields: ['model', 'company', 'params', 'batch', 'date', 'uses', 'track'],
    table: true,
  },
  {
    name: '生成式人工智能服务备案/登记清单',
    origin: 'register',
    tracks: ['genai-filing', 'genai-registration'],
    fields: ['model', 'company', 'province', 'filingNo', 'date', 'track', 'note', 'scenario', 'list'],
    brief: ['date'],
  },
  {
    name: '深度合成服务算法备案清单',
    origin: 'register',
    tracks: ['deep-synthesis'],
    fields: ['model', 'company', 'role', 'product', 'uses', 'filingNo', 'note', 'list'],
    brief: ['role'],
  },
];

export interface TrackSpec {
  /** Counted when a question names no track ("北京有多少？" counts filings, 备案); one track says so. */
  byDefault?: true;
  /** Tracks never added to this one: an answer that counts both says they are counted apart. */
  apartFrom?: readonly Track[];
  /**
   * Whether its records are generative-AI services: `false` leaves the track out of a count that a
   * question's 生成式/大模型 words ask for (an algorithm filing is not a generative-AI service).
   */
  generative: boolean;
}

export const TRACK_SPECS: Record<Track, TrackSpec> = {
  'genai-filing': { byDefault: true, apartFrom: ['genai-registration'], generative: true },
  'genai-registration': { generative: true },
  'deep-synthesis': { generative: false },
  algorithm: { generative: false },
};

const TABLE_ORIGINS = new Set(RECORD_TYPES.filter((t) => t.table).map((t) => t.origin));

/** Whether a record is a row of the texts' filing table (it came in a round, 第N批). */
export const fromTable = (r: FilingRecord): boolean => TABLE_ORIGINS.has(r.origin);

/** Whether a record is a row of a published list (a register). */
export const fromList = (r: FilingRecord): boolean => !fromTable(r);

/** The track a record is of (the value of its field of role `kind`). */
export const trackOf = (r: FilingRecord): Track => r.track;

/** The track every record is of, if they share one (none for no records). */
export function soleTrack(rows: readonly FilingRecord[]): Track | undefined {
  const t = rows[0] && trackOf(rows[0]);
  return t && rows.every((r) => trackOf(r) === t) ? t : undefined;
}

/** Tracks present among rows, in the fixed order of TRACKS (filings, registrations, algorithms). */
export function tracksOf(rows: readonly FilingRecord[]): Track[] {
  return TRACKS.filter((t) => rows.some((r) => trackOf(r) === t));
}

/** Whether a record is of the track counted when none is named. */
export const ofDefaultTrack = (r: FilingRecord): boolean => !!TRACK_SPECS[trackOf(r)].byDefault;

/**
 * The tracks a count shows when the question names none: the default one, and those its rows are
 * of (of generative AI only, when the question says 生成式/大模型).
 */
export function tracksCounted(present: readonly Track[], generativeAsked: boolean): Track[] {
  const leftOut = (t: Track) => generativeAsked && TRACK_SPECS[t].generative === false;
  return TRACKS.filter((t) => TRACK_SPECS[t].byDefault || (present.includes(t) && !leftOut(t)));
}

/** Whether some of these tracks are counted apart from others of them (备案 and 登记). */
export const countedApart = (tracks: readonly Track[]): boolean =>
  tracks.some((t) => TRACK_SPECS[t].apartFrom?.some((o) => tracks.includes(o)));

/** What a list's line shows of a record of this track beside who filed it (a track of no declared type: its time). */
export function briefFields(track: Track): readonly FieldKey[] {
  return RECORD_TYPES.find((t) => !t.table && t.tracks.includes(track))?.brief ?? [fieldOf('time')];
}
