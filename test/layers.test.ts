/**
 * After reading, the plan is all that answer/ sees: no module there goes back to the question's
 * text (plan.text) or reads it again with the understanding's readers. A static check over the
 * sources, so that it fails the moment someone adds such a read.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const answerFiles = () =>
  readdirSync(join(ROOT, 'src/answer'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ f, src: readFileSync(join(ROOT, 'src/answer', f), 'utf8') }));

describe('answer/ works from the plan alone', () => {
  it('never reads plan.text', () => {
    const reads = answerFiles().flatMap(({ f, src }) =>
      [...src.matchAll(/\bplan\.text\b|\.plan\.text\b|\{\s*text\s*\}\s*=\s*plan\b/g)].map((m) => `${f}: ${m[0]}`),
    );
    expect(reads).toEqual([]);
  });

  // (Sentences of the texts may be read with them: yearsIn(sentence) is not a question read again.)
  it('does not read the question again with the readers of understand/', () => {
    const rereads = answerFiles().flatMap(({ f, src }) =>
      [...src.matchAll(/\b(dateRange|yearsIn|readConditions|readCues|glossEnglish|isYesNo|findFuzzy)\s*\(\s*(?:plan|question|q)\b/g)].map(
        (m) => `${f}: ${m[1]}`,
      ),
    );
    expect(rereads).toEqual([]);
  });
});
