/** The phrasebook for an answer's language, and what every book shares. */
import { en } from './en.js';
import type { Language, Phrasebook } from './phrasebook.js';
import { zh } from './zh.js';

export type { Language, Phrasebook } from './phrasebook.js';

const BOOKS: Record<Language, Phrasebook> = { zh, en };

/** The book an answer in this language speaks from (a plan's `language`). */
export function phrasebookFor(language: Language): Phrasebook {
  return BOOKS[language];
}

/** A verdict an answer opens with ("是。", "Yes. ", "文本无法确认。"), in either language. */
export const VERDICT_LEAD = new RegExp(`^(${[...zh.verdictWords, ...en.verdictWords].join('|')})[。.,—]\\s*`);
