/**
 * An AnswerEngine for bot tests whose answers do not depend on answer quality: it records every
 * call (question and conversation id) and answers from a function the test gives.
 */
import type { Answer, AnswerEngine, AskOptions, Citation, IndexStats, LookupField, SourceInfo, BatchInfo } from '../../src/answer/types.js';

export const LONG_TITLE = '新一批国产大模型通过备案，涵盖通用与行业应用的大模型名单公布';

export function listAnswer(question: string, count: number): Partial<Answer> {
  const items = Array.from({ length: count }, (_, i) => ({ label: `模型${i + 1}<b>`, detail: `公司${i + 1}，第一批（60 亿、340 亿）` }));
  return {
    answer: `共 ${count} 款：${items.map((i) => i.label).join('、')}`,
    result: { lead: `“${question}”共 ${count} 款：`, items, total: count, notes: ['备案与登记分别计数，不相加。'] },
    citations: [
      { n: 1, source: '003_7b9ac7543aed0d98.txt', title: LONG_TITLE, lines: [62, 62], text: 'a' },
      { n: 2, source: '003_7b9ac7543aed0d98.txt', title: LONG_TITLE, lines: [73, 73], text: 'b' },
      { n: 3, source: '003_7b9ac7543aed0d98.txt', title: LONG_TITLE, lines: [77, 77], text: 'c' },
      { n: 4, source: '001_3287f4c9aebca050.txt', title: '生成式人工智能服务备案', lines: [5, 9], text: 'd' },
    ],
  };
}

export class StubEngine implements AnswerEngine {
  readonly calls: { q: string; conversation?: string }[] = [];
  readonly ended: string[] = [];
  constructor(
    private readonly respond: (q: string, conversation?: string) => Partial<Answer> = (q) => ({ answer: `答：${q}` }),
    /** Awaited before each answer (to hold answers in flight). */
    public delay: (q: string) => Promise<void> = async () => undefined,
  ) {}

  async ask(question: string, opts: AskOptions = {}): Promise<Answer> {
    this.calls.push({ q: question, conversation: opts.conversation });
    await this.delay(question);
    return { question, found: true, kind: 'lookup', answer: '', citations: [], ms: 1, ...this.respond(question, opts.conversation) };
  }
  endConversation(id: string): void {
    this.ended.push(id);
  }
  lookup(field: LookupField, value: string): Promise<Answer> {
    const n = Number(value);
    if (field === 'batch' && !(n >= 1 && n <= 4))
      return Promise.resolve({ question: value, found: false, kind: 'none', answer: '没有', citations: [], ms: 1 });
    return this.ask(`${field}=${value}`);
  }
  context(source: string, lines: [number, number]): Citation | undefined {
    return { n: 1, source, title: 'T', lines, text: `全文 ${source} ${lines[0]}` };
  }
  sources(): SourceInfo[] {
    return [{ source: '003_7b9ac7543aed0d98.txt', title: LONG_TITLE, date: '2024-04', passages: 10, records: 117 }];
  }
  batches(): BatchInfo[] {
    return [1, 2, 3, 4].map((n) => ({ kind: 'table' as const, key: String(n), label: `第${n}批`, records: 10 }));
  }
  stats(): IndexStats {
    return {
      files: 5,
      passages: 300,
      records: 117,
      embedder: { id: 'hash-ngram-v1-512', mode: 'hash', dim: 512 },
      builtAt: '2025-01-02T03:04:05.000Z',
      buildSeconds: 3,
    };
  }
}
