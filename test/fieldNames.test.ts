/**
 * Fields by role, never by name: records declare their fields as data (src/records/fields.ts: keys,
 * labels, words, roles, and what the answer side does with each), and every module of src/answer/
 * but the phrasebook knows a field only through those declarations (`is(f, 'maker')`,
 * `valueOf('time', r)`, `FIELD_SPECS[f].setting`). A static check over their sources fails the moment
 * one of them writes a field's key as a string ('params', "company").
 *
 * Tracks and record types likewise (src/records/recordTypes.ts): answer/ but the phrasebook writes
 * no track or origin ('genai-filing', 'register') and reads no record's `.track` or `.origin`; it
 * asks `fromTable(r)`, `trackOf(r)`, `TRACK_SPECS[t].byDefault`, `countedApart(tracks)`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { FIELD_KEYS, FIELD_SPECS, fieldOf, roleOf, type FieldRole } from '../src/records/fields.js';
import { RECORD_TYPES, TRACK_SPECS } from '../src/records/recordTypes.js';
import { FilingRecord, TRACKS } from '../src/records/schema.js';
import { ROOT } from './helpers.js';

const KEYS = new Set<string>(FIELD_KEYS);

/** The values of a record's track and origin: answer/ decides by what recordTypes.ts declares of them. */
const TRACKS_AND_ORIGINS = new Set<string>([...TRACKS, ...FilingRecord.shape.origin.options]);
/** A record's own properties that answer/ reads only through recordTypes.ts (`trackOf`, `fromTable`). */
const TRACK_PROPERTIES = new Set(['track', 'origin']);

/**
 * Other vocabularies of the plan that share a word with a field key: an operation (`op`: 'list')
 * and the kind of fact expected (`expects`: 'date'). A literal compared with one of them (===, !==,
 * case, [...].includes) is a value of that vocabulary, not a field.
 */
const OTHER_VOCABULARIES = new Set(['op', 'expects']);

/**
 * Literals that are neither fields nor the plan's, as the check prints the code around them (one
 * entry per file): the contract's kind of batch (BatchInfo.kind), whose 'list' is a published
 * list as the front ends ask for it.
 */
const NOT_FIELDS: Record<string, string[]> = {
  'types.ts': ["kind: 'table' | 'list';"],
  'engine.ts': ["kind: 'list' as const"],
};

const PHRASEBOOK = 'phrases/';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The name an expression ends in: `op`, `res.op`, `plan.ask.expects` → op / op / expects. */
function endName(e: ts.Expression): string | undefined {
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isNonNullExpression(e) || ts.isParenthesizedExpression(e)) return endName(e.expression);
  return undefined;
}

const ofOtherVocabulary = (e: ts.Expression | undefined) => !!e && OTHER_VOCABULARIES.has(endName(e) ?? '');

/** Whether a literal is a value of another vocabulary (compared with `op`/`expects`) or listed. */
function exempt(node: ts.Node, sf: ts.SourceFile, listed: string[]): boolean {
  const parent = node.parent;
  if (ts.isBinaryExpression(parent)) {
    const op = parent.operatorToken.kind;
    const equality = [
      ts.SyntaxKind.EqualsEqualsEqualsToken,
      ts.SyntaxKind.ExclamationEqualsEqualsToken,
      ts.SyntaxKind.EqualsEqualsToken,
      ts.SyntaxKind.ExclamationEqualsToken,
    ];
    if (equality.includes(op) && ofOtherVocabulary(parent.left === node ? parent.right : parent.left)) return true;
  }
  if (ts.isCaseClause(parent) && ofOtherVocabulary(parent.parent.parent.expression)) return true;
  // ['count', 'list'].includes(plan.ask.op)
  if (ts.isArrayLiteralExpression(parent)) {
    const access = parent.parent;
    const call = access?.parent;
    if (
      ts.isPropertyAccessExpression(access) &&
      access.name.text === 'includes' &&
      call &&
      ts.isCallExpression(call) &&
      ofOtherVocabulary(call.arguments[0])
    )
      return true;
  }
  for (let n: ts.Node | undefined = parent; n && !ts.isSourceFile(n); n = n.parent) if (listed.includes(n.getText(sf))) return true;
  return false;
}

/** Words of a vocabulary a module writes as strings (in expressions and in types alike), and properties it reads. */
function stringFaults(file: string, text: string, words: Set<string>, listed: string[], properties = new Set<string>()): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const faults: string[] = [];
  const fault = (n: ts.Node, what: string) =>
    faults.push(`${file}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}: ${what} in ${n.parent.getText(sf).slice(0, 60)}`);
  const visit = (n: ts.Node): void => {
    if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && words.has(n.text) && !exempt(n, sf, listed))
      fault(n, `'${n.text}'`);
    if (ts.isPropertyAccessExpression(n) && properties.has(n.name.text)) fault(n.name, `.${n.name.text}`);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return faults;
}

/** Field keys a module writes as strings (in expressions and in types alike). */
export const fieldNameFaults = (file: string, text: string, listed: string[] = []): string[] => stringFaults(file, text, KEYS, listed);

/** Tracks and origins a module writes as strings, and records' `.track` / `.origin` it reads. */
export const trackFaults = (file: string, text: string): string[] => stringFaults(file, text, TRACKS_AND_ORIGINS, [], TRACK_PROPERTIES);

describe('answer/ knows fields by role, not by name', () => {
  const dir = join(ROOT, 'src/answer');
  const files = sourceFiles(dir).map((p) => relative(dir, p).split('\\').join('/'));

  it('no module of src/answer/ but the phrasebook writes a field key as a string', () => {
    const faults = files
      .filter((f) => !f.startsWith(PHRASEBOOK))
      .flatMap((f) => fieldNameFaults(f, readFileSync(join(dir, f), 'utf8'), NOT_FIELDS[f]));
    expect(faults).toEqual([]);
  });

  it('no module of src/answer/ but the phrasebook writes a track or an origin, or reads them off a record', () => {
    const faults = files.filter((f) => !f.startsWith(PHRASEBOOK)).flatMap((f) => trackFaults(f, readFileSync(join(dir, f), 'utf8')));
    expect(faults).toEqual([]);
  });

  it('each role is one field, and what a record type shows is among its fields', () => {
    const roles = FIELD_KEYS.map(roleOf).filter((r): r is FieldRole => !!r);
    expect(new Set(roles).size).toBe(roles.length);
    for (const role of roles) expect(FIELD_SPECS[fieldOf(role)].role).toBe(role);
    for (const t of RECORD_TYPES) for (const f of t.brief ?? []) expect(t.fields).toContain(f);
  });

  it('one track is counted by default, tracks are counted apart from others, and an origin is the table or a list', () => {
    expect(TRACKS.filter((t) => TRACK_SPECS[t].byDefault)).toHaveLength(1);
    for (const t of TRACKS) for (const o of TRACK_SPECS[t].apartFrom ?? []) expect(o).not.toBe(t);
    // fromTable() reads the table by origin: no origin is both the table's and a list's.
    const table = new Set(RECORD_TYPES.filter((t) => t.table).map((t) => t.origin));
    expect(table.size).toBeGreaterThan(0);
    for (const t of RECORD_TYPES.filter((x) => !x.table)) expect(table.has(t.origin)).toBe(false);
  });

  it('finds field keys in comparisons, lists, types and defaults, and lets other vocabularies be', () => {
    const src = [
      "if (p.field === 'params') x();",
      "const where = rows.filter((r) => !['province', 'date'].includes(r.f));",
      "function brief(parts: ('company' | 'role')[]) {}",
      'const by = ask.by ?? `company`;',
      "if (op !== 'list' && plan.ask.expects === 'date') y();",
      "switch (ask.op) { case 'list': break; }",
      "if (['count', 'list'].includes(plan.ask.op)) z();",
      "const k = { kind: 'list' as const };",
      "if (is(f, 'magnitude')) w();",
    ].join('\n');
    expect(fieldNameFaults('x.ts', src, ["kind: 'list' as const"])).toEqual([
      expect.stringMatching(/^x\.ts:1: 'params'/),
      expect.stringMatching(/^x\.ts:2: 'province'/),
      expect.stringMatching(/^x\.ts:2: 'date'/),
      expect.stringMatching(/^x\.ts:3: 'company'/),
      expect.stringMatching(/^x\.ts:3: 'role'/),
      expect.stringMatching(/^x\.ts:4: 'company'/),
    ]);
  });

  it('finds tracks and origins written out, and a record’s track and origin read', () => {
    const src = [
      "if (r.origin === 'register') x();",
      "const filings = rows.filter((r) => r.track === 'genai-filing');",
      "const t: Track = 'deep-synthesis';",
      'const mine = rows.filter((r) => trackOf(r) === t && fromList(r));',
      'const none = { track: t };',
    ].join('\n');
    expect(trackFaults('x.ts', src)).toEqual([
      expect.stringMatching(/^x\.ts:1: \.origin/),
      expect.stringMatching(/^x\.ts:1: 'register'/),
      expect.stringMatching(/^x\.ts:2: \.track/),
      expect.stringMatching(/^x\.ts:2: 'genai-filing'/),
      expect.stringMatching(/^x\.ts:3: 'deep-synthesis'/),
    ]);
  });
});
