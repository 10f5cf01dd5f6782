/**
 * The dossier item's codec (shared/storage/dossier-item.ts, issue #20): one module names its
 * attributes, and the expressions every write of the item sends are built from those names.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  absent,
  anyOf,
  compare,
  DOSSIER_ATTRIBUTES,
  dossierItemUpdate,
  exists,
  sizeBelow,
} from '../../shared/storage/dossier-item';

const STORAGE = join(import.meta.dirname, '../../shared/storage');

/**
 * Names the dossier item shares with other items of the table, which their own modules spell: the
 * keys and indexes (shared/storage/table.ts), `type`, and fields other entities have too (a unit's
 * `code`, a snapshot's `rid`, `version` and `state`, a session's `expiresAt`, an assessment's `unit`
 * and `lang`…). Every other attribute belongs to the dossier item alone.
 */
const SHARED_NAMES = new Set([
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'gsi4pk',
  'gsi4sk',
  'gsi5pk',
  'gsi5sk',
  'type',
  'rid',
  'code',
  'unit',
  'procedure',
  'channel',
  'version',
  'state',
  'expiresAt',
  'lang',
  'comment',
  'reason',
  'complaint',
]);
const OWN_NAMES = Object.values(DOSSIER_ATTRIBUTES).filter((name) => !SHARED_NAMES.has(name));

/** Text that reads as a DynamoDB expression (a clause or a condition), where a name would be spelt. */
const EXPRESSION =
  /\b(SET|REMOVE|ADD)\s|attribute_(not_)?exists\(|if_not_exists\(|list_append\(|size\(|\s[=<>]+\s*:/;

/** The codec's builders, whose attribute arguments the compiler checks against the map. */
const CODEC_CALLS = new Set([
  'set',
  'setIfAbsent',
  'setOrRemove',
  'copy',
  'copyOr',
  'append',
  'increment',
  'add',
  'remove',
  'exists',
  'absent',
  'compare',
  'sizeBelow',
]);

/** An attribute argument of a codec builder (`update.set('caseStatus', …)`, `absent('overall')`). */
function isCodecArgument(node: ts.Node): boolean {
  const call = node.parent;
  if (!ts.isCallExpression(call) || !call.arguments.includes(node as ts.Expression)) return false;
  const callee = call.expression;
  const name = ts.isPropertyAccessExpression(callee)
    ? callee.name.text
    : ts.isIdentifier(callee)
      ? callee.text
      : '';
  return CODEC_CALLS.has(name);
}

/**
 * The dossier item's own attribute names a source spells in a string (comments are not strings):
 * alone, except as a codec builder's typed argument, or inside a DynamoDB expression.
 */
function spelledNames(source: string): string[] {
  const file = ts.createSourceFile('source.ts', source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) {
      const text = node.text;
      for (const name of OWN_NAMES) {
        // A literal type (`Dossier['applicantType']`) is checked by the compiler, as a codec argument is.
        const alone = text === name && !isCodecArgument(node) && !ts.isLiteralTypeNode(node.parent);
        if (alone || (EXPRESSION.test(text) && new RegExp(`\\b${name}\\b`).test(text)))
          found.push(`${name} in ${JSON.stringify(text)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('the dossier item codec', () => {
  it('is the only storage module that spells an attribute of the dossier item in a string', () => {
    // table.ts is the table's one definition (CDK, dynalite, tests): its index projections list the
    // attributes gsi1 and gsi3 copy, checked against the codec by test/unit/storage-decoders.test.ts.
    const spelled = readdirSync(STORAGE)
      .filter((file) => file.endsWith('.ts') && !['dossier-item.ts', 'table.ts'].includes(file))
      .flatMap((file) =>
        spelledNames(readFileSync(join(STORAGE, file), 'utf8')).map((hit) => `${file}: ${hit}`),
      );
    expect(spelled).toEqual([]);
  });

  it('finds a name spelt in an expression or alone, not in a comment or in prose', () => {
    // The scan itself, on the shapes it must catch (the writes before the codec) and must leave.
    expect(spelledNames("const e = 'SET refusals = refusals + :one';")).toEqual([
      'refusals in "SET refusals = refusals + :one"',
    ]);
    expect(spelledNames('const e = `attribute_exists(caseStatus) AND x = ${y}`;')).toEqual([
      'caseStatus in "attribute_exists(caseStatus) AND x = "',
    ]);
    expect(spelledNames("const a = kind === 'opened' ? 'caseAlertedAt' : 'x';")).toEqual([
      'caseAlertedAt in "caseAlertedAt"',
    ]);
    expect(spelledNames("// SET caseStatus = :x\nconst t = 'the caseStatus of a dossier';")).toEqual([]);
    expect(spelledNames("update.set('caseStatus', 'open').require(absent('caseJudgement'));")).toEqual([]);
  });

  it('names every attribute as itself', () => {
    for (const [attribute, name] of Object.entries(DOSSIER_ATTRIBUTES)) expect(name).toBe(attribute);
  });

  it('builds the clauses and the condition with one placeholder per attribute and one per value', () => {
    const triggers = new Set(['complaint']);
    const update = dossierItemUpdate()
      .set('caseStatus', 'open')
      .setIfAbsent('registeredAt', '2026-03-01T00:00:00.000Z')
      .setOrRemove('stateDue', undefined)
      .setOrRemove('stateDay', '2026-03-01')
      .copy('gsi2pk', 'ratingsPk')
      .copyOr('ratedWithState', 'state', null)
      .append('caseAnswers', ['a'])
      .increment('refusals', 1)
      .add('caseTriggers', triggers)
      .require(
        exists('pk'),
        absent('caseJudgement'),
        anyOf(compare('refusals', '<', 10), sizeBelow('caseAnswers', 20)),
      );
    // Worked by hand: the attributes take #d0… in the order first named, the values :d0… in order.
    expect(update.expressions()).toEqual({
      UpdateExpression:
        'SET #d0 = :d0, #d1 = if_not_exists(#d1, :d1), #d3 = :d2, #d4 = #d5, ' +
        '#d6 = if_not_exists(#d7, :d3), #d8 = list_append(if_not_exists(#d8, :d4), :d5), #d9 = #d9 + :d6 ' +
        'ADD #d10 :d7 REMOVE #d2',
      ConditionExpression:
        'attribute_exists(#d11) AND attribute_not_exists(#d12) AND (#d9 < :d8 OR size(#d8) < :d9)',
      ExpressionAttributeNames: {
        '#d0': 'caseStatus',
        '#d1': 'registeredAt',
        '#d2': 'stateDue',
        '#d3': 'stateDay',
        '#d4': 'gsi2pk',
        '#d5': 'ratingsPk',
        '#d6': 'ratedWithState',
        '#d7': 'state',
        '#d8': 'caseAnswers',
        '#d9': 'refusals',
        '#d10': 'caseTriggers',
        '#d11': 'pk',
        '#d12': 'caseJudgement',
      },
      ExpressionAttributeValues: {
        ':d0': 'open',
        ':d1': '2026-03-01T00:00:00.000Z',
        ':d2': '2026-03-01',
        ':d3': null,
        ':d4': [],
        ':d5': ['a'],
        ':d6': 1,
        ':d7': triggers,
        ':d8': 10,
        ':d9': 20,
      },
    });
  });

  it('sends no condition and no values when a write has none (DynamoDB refuses empty ones)', () => {
    expect(dossierItemUpdate().remove('clearDueOf').expressions()).toEqual({
      UpdateExpression: 'REMOVE #d0',
      ExpressionAttributeNames: { '#d0': 'clearDueOf' },
    });
  });
});
