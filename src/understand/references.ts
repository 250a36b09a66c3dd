/**
 * Resolving a question's references against the conversation so far, a step of its own after the
 * question is read: 它/该模型/it → the previous subject, 这家公司 → its company, 那一批 → its batch,
 * 其中 → the previous conditions (or records), "参数量呢？" → the previous subject with a new ask,
 * "那京东呢？" → a new subject with the previous ask and conditions.
 */
import type { EntityIndex } from '../records/entityIndex.js';
import type { FilingRecord } from '../records/schema.js';
import { anyFieldWord, FIELD_SPECS } from '../records/fields.js';
import type { ConversationState } from './conversation.js';
import type { About, Ask, EntityRef, Plan } from './plan.js';

const refOf = (m: { kind: EntityRef['kind']; alias: string; records: number[] }): EntityRef => ({
  kind: m.kind,
  name: m.alias,
  records: m.records,
});

// References to earlier turns. Entity: 它, 该模型, it. Company: 这家公司. Batch: 那一批. Set: 其中.
const REF_SET =
  /其中|这些|那些|它们|他们|里面|当中|^都是(?:些)?(?:什么|哪)|^分别是(?:什么|哪)|among (them|these|those)|of (them|these|those)|which of (them|these)|^what are they/;
const REF_COMPANY =
  /这家公司|该公司|这家企业|该企业|这家单位|该单位|这家|那家公司|同一家(?:公司|企业|单位)?|同一公司|它家|他们家|它们家|this company|that company|the same company|its company|\bthey\b|\btheir\b/;
// A place: "该省", "that province" → the previous rows' province (when they have one).
const REF_PLACE = /该省|这个省|那个省|同一个?省|这个属地|该属地|这个地方|同一属地|that province|the same province|this province/;
const REF_LIST = /同一期|那一期|这一期|同期清单|同一份清单|那份清单|这份清单|the same list|that list|this list/;
const REF_BATCH = /那一批|这一批|同一批|该批|这批|那批|that batch|the same batch|this batch/;
const REF_ENTITY =
  /它|其(?!中|他|它|余|实)|该模型|这个模型|那个模型|这款|该款|这个大模型|它的|\bit\b|\bits\b|this model|that model|the model|\bthat\s*[?？]?$/;
/** "那X呢？", "参数量呢？": an elliptical follow-up. */
const ELLIPSIS = /呢\s*[？?]?\s*$|^(那|那么)|^(and|what about|how about)\b/i;

/** The company (or companies) of a set of records, as entity references. */
function companiesOf(rows: number[], records: readonly FilingRecord[], entities: EntityIndex): EntityRef[] {
  const names = [...new Set(rows.map((i) => records[i]?.company).filter((c): c is string => !!c))];
  return names.flatMap((n) => {
    const m = entities.find(n).find((x) => x.kind === 'company');
    return m ? [refOf(m)] : [];
  });
}

export interface ReferenceInput {
  /** The question as read, and with names masked out. */
  text: string;
  masked: string;
  /** What the question itself is about (changed in place as references resolve). */
  about: About;
  terms: Plan['terms'];
  /** How many things the question names. */
  namedCount: number;
  /** The question's own ask, and whether it asks a field only, or has a shape of its own. */
  ownAsk: Ask;
  fieldOnly: boolean;
  ownShape: boolean;
  prev?: ConversationState;
  records: readonly FilingRecord[];
  entities: EntityIndex;
  /** A question word or filler ("多少", "哪个"). */
  isAsking: (word: string) => boolean;
  /** The ask read again over a changed subject. */
  reask: (about: About) => Ask;
}

export function resolveReferences(input: ReferenceInput): {
  about: About;
  terms: Plan['terms'];
  refers: Plan['refers'];
  unresolved?: string;
  ask: Ask;
} {
  const { text, masked, about, namedCount, ownAsk, fieldOnly, ownShape, prev, records, entities, isAsking, reask } = input;
  let terms = input.terms;
  const refers: Plan['refers'] = [];
  let unresolved: string | undefined;
  const ownSubject =
    about.entities.length > 0 ||
    about.batches.length > 0 ||
    !!about.filingNo ||
    about.where.some((p) => p.field === 'province' || p.field === 'date');
  const setRef = REF_SET.exec(masked)?.[0];
  // "names with GPT in their name": a name condition, not a reference.
  // (…nor "同一家单位一口气备案了3个的是谁": a grouping of companies points back at none.)
  const companyRef =
    about.where.some((p) => p.field === 'model' && p.op === 'contains') || (ownAsk.op === 'group' && !!ownAsk.group)
      ? undefined
      : REF_COMPANY.exec(masked)?.[0];
  // "A和B是同一批的吗": with two things named, 同一批 compares them rather than pointing back.
  const batchRef = namedCount >= 2 ? undefined : REF_BATCH.exec(masked)?.[0];
  const entityRef = !companyRef && !setRef ? REF_ENTITY.exec(masked)?.[0] : undefined;
  const elliptical =
    ELLIPSIS.test(text.trim()) ||
    (!ownSubject &&
      fieldOnly &&
      !ownShape &&
      terms.every((t) => t.asked || isAsking(t.word) || /^(模型|大模型|多少|哪个|备案|登记|通过|完成)$/.test(t.word)));
  const placeRef = REF_PLACE.exec(masked)?.[0];
  const listRef = REF_LIST.exec(masked)?.[0];
  const word = setRef ?? companyRef ?? batchRef ?? entityRef ?? placeRef ?? listRef;
  // Words of the question's own beyond fields and framing ("Tesla and Audi", "在线咨询机器人"): a topic of its own.
  const fieldText = [...text.matchAll(anyFieldWord)].map((m) => m[0]).join(' ');
  const ownTopic =
    about.where.length > 0 ||
    terms.some(
      (t) =>
        !t.asked &&
        !fieldText.includes(t.word) &&
        !isAsking(t.word) &&
        [...t.word].length >= 2 &&
        !/^(模型|大模型|公司|企业|备案|产品|服务)$/.test(t.word) &&
        !(word ?? '').includes(t.word) &&
        !/^(it|its|they|their|them|this|that|the)$/.test(t.word),
    );
  if (word && !prev) {
    if (!ownSubject && !ownTopic) unresolved = word;
  } else if (prev) {
    if (setRef && prev.where.length && !prev.entities.length) {
      // "其中登记的呢": the previous question's conditions, but for those this one states itself
      // (a count of 备案 in 上海 becomes a count of 登记 in 上海, not the 登记 among the 备案).
      const own = new Set(about.where.map((p) => p.field));
      about.where.push(...prev.where.filter((p) => !own.has(p.field)));
      if (!about.batches.length) about.batches = prev.batches;
      refers.push({ word: setRef, to: prev.where.map((p) => p.text).join('、') });
    } else if (setRef && prev.rows.length) {
      about.within = prev.rows;
      refers.push({ word: setRef, to: `上一个回答的 ${prev.rows.length} 条记录` });
    } else if (setRef && !prev.entities.length && !prev.topic.length) unresolved = setRef; // (The previous answer held no rows.)
    if (companyRef) {
      // "这家公司" points to one company (or a few): not to every company of a long list answered before.
      const rows = prev.rows.length ? prev.rows : prev.entities.flatMap((e) => e.records);
      const few = new Set(rows.slice(0, 200).map((i) => records[i]?.company)).size <= 3;
      const companies = few ? companiesOf(rows, records, entities) : [];
      const fromEntities = prev.entities.filter((e) => e.kind === 'company');
      const refs = fromEntities.length ? fromEntities : companies;
      if (refs.length) {
        about.entities = [...about.entities.filter((e) => e.kind !== 'company'), ...refs];
        refers.push({ word: companyRef, to: refs.map((r) => r.name).join('、') });
      } else unresolved = companyRef;
    }
    // "该省", "同一期清单": the previous rows' one place or list, as a condition.
    for (const [ref, field] of [
      [placeRef, 'province'],
      [listRef, 'list'],
    ] as const) {
      if (!ref || about.where.some((p) => p.field === field)) continue;
      const values = [
        ...new Set(prev.rows.map((i) => (records[i] ? FIELD_SPECS[field].get(records[i]) : undefined)).filter((x): x is string => !!x)),
      ];
      if (values.length !== 1) {
        unresolved = ref;
        continue;
      }
      about.where.push({ field, op: 'eq', values, negate: false, text: values[0]! });
      refers.push({ word: ref, to: values[0]! });
    }
    if (batchRef) {
      const b = prev.batches.length ? prev.batches : [...new Set(prev.rows.map((i) => records[i]?.batch).filter((x): x is number => !!x))];
      if (b.length) {
        about.batches = b;
        refers.push({ word: batchRef, to: b.map((n) => `第${n}批`).join('、') });
      } else unresolved = batchRef;
    }
    if (entityRef && !about.entities.length) {
      // (A company asked about whose answer was one model: "它" is that model.)
      const oneRow = prev.rows.length === 1 && prev.entities.every((e) => e.kind === 'company') ? records[prev.rows[0]!] : undefined;
      if (prev.entities.length && !oneRow) {
        about.entities = prev.entities;
        refers.push({ word: entityRef, to: prev.entities.map((e) => e.name).join('、') });
      } else if (prev.rows.length === 1) {
        const r = records[prev.rows[0]!]!;
        about.entities = [{ kind: 'model', name: r.model, records: prev.rows }];
        refers.push({ word: entityRef, to: r.model });
      } else if (prev.where.some((p) => p.field === 'list' || p.field === 'province')) {
        // "How many 登记 entries does it have?" after a list or a place: that list or place.
        const own = new Set(about.where.map((p) => p.field));
        const carried = prev.where.filter((p) => !own.has(p.field) && (p.field === 'list' || p.field === 'province'));
        about.where.push(...carried);
        refers.push({ word: entityRef, to: carried.map((p) => p.text).join('、') });
      } else if (prev.topic.length) {
        refers.push({ word: entityRef, to: prev.topic.join(' ') });
      } else unresolved = entityRef;
    }
    if (!word && elliptical) {
      if (!ownSubject) {
        // "参数量呢？": the previous subject, a new ask; "登记的呢？": the previous conditions, one restated.
        about.entities = prev.entities;
        about.batches = prev.batches;
        const own = new Set(about.where.map((p) => p.field));
        const carried = prev.where.filter((p) => !own.has(p.field));
        about.where.push(...carried);
        if (!prev.entities.length && !prev.batches.length && !carried.length && prev.rows.length) about.within = prev.rows;
        refers.push({ word: '呢', to: prev.entities.map((e) => e.name).join('、') || prev.topic.join(' ') || '上一个问题' });
      }
    }
    if (refers.length && !about.entities.length && !about.batches.length && !about.within && prev.topic.length) {
      // A passage topic ("DeepSeek-V3") carries over to its follow-ups.
      const known = new Set(terms.map((t) => t.word));
      terms = [...terms, ...prev.topic.filter((w) => !known.has(w)).map((w) => ({ word: w, variants: [w] }))];
    }
  }
  // Read again only when a reference to the conversation changed what the question is about.
  let ask = refers.length ? reask(about) : ownAsk;
  const bare = ask.op === 'describe' && !ask.fields.length;
  // "登记呢？" after "备案最多的是哪个省？": the previous question asked again under the changed condition.
  const bareOwn = ownAsk.op === 'describe' && !ownAsk.fields.length && !ownShape;
  if (prev && elliptical && !word && !ownSubject && bareOwn && about.where.length && prev.ask.op !== 'describe') ask = { ...prev.ask };
  // (Questions over a set of rows, "那上海的登记有几条？" after "那期清单里备案最多的省": the list carries over.)
  const overRows = (op: Ask['op']) => ['count', 'list', 'group', 'extreme'].includes(op);
  if (prev && elliptical && !word && ownSubject && (bare || (overRows(ask.op) && overRows(prev.ask.op)))) {
    // "那京东呢？", "那第四批呢？": a new subject, the previous question's ask and filters; "那上海登记的有几条？"
    // asks its own count under the previous filters.
    if (bare) ask = { ...prev.ask };
    // The previous question's conditions, but for those this one states itself.
    const own = new Set(about.where.map((p) => p.field));
    const carried = prev.where.filter(
      (p) => !own.has(p.field) && !(about.entities.length && (p.field === 'province' || p.field === 'date')),
    );
    about.where.push(...carried);
    refers.push({ word: '呢', to: '上一个问题问的内容' });
  }
  return { about, terms, refers, ...(unresolved ? { unresolved } : {}), ask };
}
