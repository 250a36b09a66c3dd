/**
 * Fields by role, never by name: records declare their fields as data (src/records/fields.ts: keys,
 * labels, words, roles, and what the answer side does with each), and every module of src/answer/
 * but the phrasebook knows a field only through those declarations (`is(f, 'maker')`,
 * `valueOf('time', r)`, `FIELD_SPECS[f].setting`). A static check over their sources fails the moment
 * one of them writes a field's key as a string ('params', "company").
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { FIELD_KEYS, FIELD_SPECS, fieldOf, roleOf, type FieldRole } from '../src/records/fields.js';
import { RECORD_TYPES } from '../src/records/recordTypes.js';
import { ROOT } from './helpers.js';

const KEYS = new Set<string>(FIELD_KEYS);

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

/** Field keys a module writes as strings (in expressions and in types alike). */
export function fieldNameFaults(file: string, text: string, listed: string[] = []): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const faults: string[] = [];
  const visit = (n: ts.Node): void => {
    if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && KEYS.has(n.text) && !exempt(n, sf, listed))
      faults.push(
        `${file}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}: '${n.text}' in ${n.parent.getText(sf).slice(0, 60)}`,
      );
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return faults;
}

describe('answer/ knows fields by role, not by name', () => {
  const dir = join(ROOT, 'src/answer');
  const files = sourceFiles(dir).map((p) => relative(dir, p).split('\\').join('/'));

  it('no module of src/answer/ but the phrasebook writes a field key as a string', () => {
    const faults = files
      .filter((f) => !f.startsWith(PHRASEBOOK))
      .flatMap((f) => fieldNameFaults(f, readFileSync(join(dir, f), 'utf8'), NOT_FIELDS[f]));
    expect(faults).toEqual([]);
  });

  it('each role is one field, and what a record type shows is among its fields', () => {
    const roles = FIELD_KEYS.map(roleOf).filter((r): r is FieldRole => !!r);
    expect(new Set(roles).size).toBe(roles.length);
    for (const role of roles) expect(FIELD_SPECS[fieldOf(role)].role).toBe(role);
    for (const t of RECORD_TYPES) for (const f of t.brief ?? []) expect(t.fields).toContain(f);
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
});
