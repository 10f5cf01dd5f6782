/**
 * Unit: a node of the administrative tree (province → department / district → commune / agency).
 * Keys: `pk = UNIT#<id>`, `sk = UNIT`; directory listing on gsi1: `gsi1pk = UNITS`,
 * `gsi1sk = <path>` where path is the ancestor ids and the unit's own, each followed by `/`, so a
 * subtree is one `begins_with` query (DESIGN §3: scores roll up to every ancestor; keys are scoped to
 * a subtree).
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { ValidationError } from '../errors';
import { phoneNumberOf } from '../masking';
import type { Store } from './client';
import { batchPut, type Item, queryAll } from './dynamo';
import { decodeItem } from './dynamo';

export const unitKinds = ['province', 'department', 'district', 'commune', 'agency'] as const;
export type UnitKind = (typeof unitKinds)[number];

/** Unit ids are slugs: they go into keys and URLs. */
export const unitSlugSchema = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/));

/**
 * A portal code of a unit (DESIGN §3: the identifier the one-stop system and the national portal know
 * it by, e.g. `000.00.21.H10` or `H56.14`).
 */
export const unitCodeSchema = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/));

/**
 * How a request names a unit: its id or one of its codes (DESIGN §3). The unit directory
 * (../unit-directory.ts) resolves either to the unit; keys and stored items always carry the id.
 */
export const unitIdSchema = unitCodeSchema;

/**
 * A published contact number of a unit (`0206 3852 123`, `0206.3852.123`, `+84 206 3852 123`): one
 * phone number as the masking recognises it, so that the unit's answers keep it readable
 * (shared/masking.ts `keepPhones`).
 */
export const contactNumberSchema = z.string().check(
  z.maxLength(40),
  z.refine((text) => phoneNumberOf(text) !== undefined, {
    message: 'không phải một số điện thoại / not one phone number',
  }),
);

/** A unit as the API and the import files carry it. */
export const unitInputSchema = z.object({
  id: unitSlugSchema,
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  kind: z.enum(unitKinds),
  parent: z.nullable(z.optional(unitSlugSchema)),
  /** The portal's codes of the unit (several per unit: a renamed unit keeps its old code too). */
  codes: z.optional(z.array(unitCodeSchema).check(z.maxLength(20))),
  /** The optional SIPAS module of the rating form (DESIGN §4.1: off by default per unit). */
  sipas: z.optional(z.boolean()),
  /**
   * The unit's published contact numbers (its hotline, the one-stop desk): kept readable in the unit's
   * answers to citizens, while any other phone in them is masked.
   */
  contactNumbers: z.optional(z.array(contactNumberSchema).check(z.maxLength(10))),
  /**
   * A commune offers electronic certified copies from originals (Decision 766 item 4.6,
   * ELECTRONIC_CERTIFIED_COPY): true or false once known; absent = not recorded (not counted).
   */
  electronicCertifiedCopy: z.optional(z.boolean()),
});
export type UnitInput = z.infer<typeof unitInputSchema>;

export interface Unit {
  id: string;
  name: string;
  kind: UnitKind;
  parent: string | null;
  /** `root/…/id/`: the ids from the root down to this unit, each followed by `/`. */
  path: string;
  sipas: boolean;
  /** The portal's codes of the unit, each unique across the tree (none when absent). */
  codes?: string[];
  /** The unit's published contact numbers, as imported (none when absent). */
  contactNumbers?: string[];
  /** Whether the commune offers electronic certified copies (4.6); absent = not recorded. */
  electronicCertifiedCopy?: boolean;
}

export const unitKey = (id: string) => ({ pk: `UNIT#${id}`, sk: 'UNIT' });

export function unitToItem(unit: Unit): Item {
  // The codes, contact numbers and settings live in one item of their own (below), not in the listing.
  const { codes: _, contactNumbers: __, electronicCertifiedCopy: ___, ...listed } = unit;
  return { ...unitKey(unit.id), gsi1pk: 'UNITS', gsi1sk: unit.path, type: 'unit', ...listed };
}

/**
 * The portal codes, the published contact numbers and the settings of every unit, in one item
 * (`pk = UNIT#~codes`, `sk = CODES`, maps from unit id to its codes, to its numbers, and to whether it
 * offers electronic certified copies — `electronicCertifiedCopy`, only the units where it is recorded):
 * the unit listing (gsi1) projects a fixed set of attributes, which an index cannot change in place, so
 * these are read beside it with one GetItem. `~` is never in a unit id. 1,000 units with two codes and
 * two numbers each take about 100 KB of the item's 400 KB (the setting about 20 bytes a unit).
 */
export const unitCodesKey = { pk: 'UNIT#~codes', sk: 'CODES' } as const;

const unitCodesSchema = z.object({
  codes: z._default(z.record(z.string(), z.array(z.string())), {}),
  contactNumbers: z._default(z.record(z.string(), z.array(z.string())), {}),
  electronicCertifiedCopy: z._default(z.record(z.string(), z.boolean()), {}),
});

/** The codes, contact numbers and settings of every unit, by unit id. */
export async function getUnitCodes(store: Store): Promise<{
  codes: Record<string, string[]>;
  contactNumbers: Record<string, string[]>;
  electronicCertifiedCopy: Record<string, boolean>;
}> {
  const result = await store.db.send(new GetCommand({ TableName: store.tableName, Key: unitCodesKey }));
  return result.Item
    ? decodeItem(unitCodesSchema, 'unit codes', result.Item)
    : { codes: {}, contactNumbers: {}, electronicCertifiedCopy: {} };
}

async function putUnitCodes(store: Store, units: Unit[]): Promise<void> {
  const codes = Object.fromEntries(
    units.filter((unit) => unit.codes?.length).map((unit) => [unit.id, unit.codes!]),
  );
  const contactNumbers = Object.fromEntries(
    units.filter((unit) => unit.contactNumbers?.length).map((unit) => [unit.id, unit.contactNumbers!]),
  );
  const electronicCertifiedCopy = Object.fromEntries(
    units
      .filter((unit) => unit.electronicCertifiedCopy !== undefined)
      .map((unit) => [unit.id, unit.electronicCertifiedCopy!]),
  );
  await store.db.send(
    new PutCommand({
      TableName: store.tableName,
      Item: { ...unitCodesKey, type: 'unitCodes', codes, contactNumbers, electronicCertifiedCopy },
    }),
  );
}

const storedUnitSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(unitKinds),
  parent: z._default(z.nullable(z.string()), null),
  path: z.string(),
  sipas: z._default(z.boolean(), false),
  codes: z.optional(z.array(z.string())),
  contactNumbers: z.optional(z.array(z.string())),
  electronicCertifiedCopy: z.optional(z.boolean()),
}) satisfies z.ZodMiniType<Unit, unknown>;

export function unitFromItem(item: Item): Unit {
  return decodeItem(storedUnitSchema, 'unit', item);
}

/** The ids of a unit and all its ancestors, root first. */
export function ancestry(unit: Pick<Unit, 'path'>): string[] {
  return unit.path.split('/').filter(Boolean);
}

/** True when `unit` is `scope` itself or one of its descendants. */
export function isWithin(unit: Pick<Unit, 'path'>, scope: Pick<Unit, 'path'>): boolean {
  return unit.path.startsWith(scope.path);
}

/** A unit whose path changed on an import, with every unit of its subtree (itself first). */
export interface UnitMove {
  id: string;
  from: string;
  to: string;
  /** The ids of the unit and of every descendant, all of whose paths changed with it. */
  subtree: string[];
}

/** What an import writes: the imported units, and the stored descendants a move carries along. */
export interface UnitImportPlan {
  units: Unit[];
  moves: UnitMove[];
}

/**
 * Resolves the paths of the whole tree after the import (DESIGN §6: moving a unit moves its whole
 * subtree). Answers the imported units, then every stored unit whose path changed because an ancestor
 * moved, and the moves themselves. Refuses an unknown parent or a cycle, naming the unit.
 */
export function planUnitImport(inputs: UnitInput[], existing: Unit[]): UnitImportPlan {
  const stored = new Map(existing.map((unit) => [unit.id, unit]));
  const byId = new Map<string, UnitInput>(existing.map((unit) => [unit.id, unit]));
  for (const input of inputs) byId.set(input.id, input);
  const paths = new Map<string, string>();
  const pathOf = (id: string, seen: Set<string>): string => {
    const known = paths.get(id);
    if (known) return known;
    const unit = byId.get(id);
    if (!unit) {
      throw new ValidationError([{ field: 'parent', vi: `không có đơn vị "${id}"`, en: `no unit "${id}"` }]);
    }
    if (seen.has(id)) {
      throw new ValidationError([
        { field: 'parent', vi: `vòng lặp cha–con tại "${id}"`, en: `parent cycle at "${id}"` },
      ]);
    }
    seen.add(id);
    const path = `${unit.parent ? pathOf(unit.parent, seen) : ''}${id}/`;
    paths.set(id, path);
    return path;
  };
  const imported = new Set(inputs.map((input) => input.id));
  const units = inputs.map((input) => ({
    id: input.id,
    name: input.name,
    kind: input.kind,
    parent: input.parent ?? null,
    path: pathOf(input.id, new Set()),
    sipas: input.sipas === true,
    // A unit imported without codes keeps the ones it has.
    codes: input.codes ?? stored.get(input.id)?.codes ?? [],
    // Likewise its contact numbers, and its electronic certified copy setting.
    contactNumbers: input.contactNumbers ?? stored.get(input.id)?.contactNumbers ?? [],
    ...settingOf(input.electronicCertifiedCopy ?? stored.get(input.id)?.electronicCertifiedCopy),
  }));
  // Stored units first: a code they hold is named as theirs.
  checkCodes([...existing.filter((unit) => !imported.has(unit.id)), ...units]);
  const carried = existing
    .filter((unit) => !imported.has(unit.id) && pathOf(unit.id, new Set()) !== unit.path)
    .map((unit) => ({ ...unit, path: pathOf(unit.id, new Set()) }));
  const everyUnit = [...units, ...carried];
  const moves = units
    .filter((unit) => {
      const before = stored.get(unit.id);
      return before !== undefined && before.parent !== unit.parent && before.path !== unit.path;
    })
    .map((unit) => ({
      id: unit.id,
      from: stored.get(unit.id)!.path,
      to: unit.path,
      subtree: everyUnit.filter((member) => isWithin(member, unit)).map((member) => member.id),
    }));
  return { units: everyUnit, moves };
}

const settingOf = (offered: boolean | undefined) =>
  offered === undefined ? {} : { electronicCertifiedCopy: offered };

/**
 * Refuses a code held by two units, or a code that is another unit's id: a code must name one unit
 * (DESIGN §3), so resolving it never depends on the order of a lookup.
 */
export function checkCodes(units: Pick<Unit, 'id' | 'codes'>[]): void {
  const ids = new Set(units.map((unit) => unit.id));
  const holder = new Map<string, string>();
  const problems: { field: string; vi: string; en: string }[] = [];
  for (const unit of units) {
    for (const code of unit.codes ?? []) {
      const other = holder.get(code);
      if (other !== undefined && other !== unit.id) {
        problems.push({
          field: 'codes',
          vi: `mã "${code}" đã thuộc đơn vị "${other}", không thể gán cho "${unit.id}"`,
          en: `code "${code}" already belongs to "${other}", cannot be given to "${unit.id}"`,
        });
      } else if (ids.has(code) && code !== unit.id) {
        problems.push({
          field: 'codes',
          vi: `mã "${code}" trùng với mã định danh của đơn vị "${code}"`,
          en: `code "${code}" is the id of the unit "${code}"`,
        });
      }
      holder.set(code, unit.id);
    }
  }
  if (problems.length > 0) throw new ValidationError(problems);
}

/** The paths of the imported units (see {@link planUnitImport}). */
export function resolvePaths(inputs: UnitInput[], existing: Unit[]): Unit[] {
  return planUnitImport(inputs, existing).units.slice(0, inputs.length);
}

export async function putUnits(store: Store, units: Unit[]): Promise<void> {
  await batchPut(store, units.map(unitToItem));
}

export async function getUnit(store: Store, id: string): Promise<Unit | undefined> {
  const result = await store.db.send(new GetCommand({ TableName: store.tableName, Key: unitKey(id) }));
  return result.Item ? unitFromItem(result.Item) : undefined;
}

/** Every unit, or every unit in the subtree whose root has path `underPath`, in path order. */
export async function listUnits(store: Store, underPath = ''): Promise<Unit[]> {
  const [items, codes] = await Promise.all([
    queryAll(store, {
      IndexName: 'gsi1',
      KeyConditionExpression: underPath ? 'gsi1pk = :pk AND begins_with(gsi1sk, :path)' : 'gsi1pk = :pk',
      ExpressionAttributeValues: underPath ? { ':pk': 'UNITS', ':path': underPath } : { ':pk': 'UNITS' },
    }),
    getUnitCodes(store),
  ]);
  return items.map((item) => {
    const unit = unitFromItem(item);
    const own = codes.codes[unit.id];
    const numbers = codes.contactNumbers[unit.id];
    return {
      ...unit,
      ...(own ? { codes: own } : {}),
      ...(numbers ? { contactNumbers: numbers } : {}),
      ...settingOf(codes.electronicCertifiedCopy[unit.id]),
    };
  });
}

/**
 * Records (true / false) or clears (undefined) whether a commune offers electronic certified copies
 * (4.6): the settings item rewritten with every unit's settings, the listing untouched. Refuses a unit
 * that is not a commune (the portal counts communes). Answers the unit as now listed.
 */
export async function setElectronicCertifiedCopy(
  store: Store,
  id: string,
  offered: boolean | undefined,
): Promise<Unit> {
  const units = await listUnits(store);
  const unit = units.find((entry) => entry.id === id);
  if (!unit)
    throw new ValidationError([{ field: 'unit', vi: `không có đơn vị "${id}"`, en: `no unit "${id}"` }]);
  if (unit.kind !== 'commune') {
    throw new ValidationError([
      {
        field: 'unit',
        vi: `"${id}" không phải cấp xã: chỉ cấp xã cung cấp chứng thực bản sao điện tử (chỉ số 4.6)`,
        en: `"${id}" is not a commune: only communes offer electronic certified copies (metric 4.6)`,
      },
    ]);
  }
  const { electronicCertifiedCopy: _, ...rest } = unit;
  const updated: Unit = { ...rest, ...settingOf(offered) };
  await putUnitCodes(
    store,
    units.map((entry) => (entry.id === id ? updated : entry)),
  );
  return updated;
}

/**
 * Imports units (a whole tree or a part of one), resolving paths against the stored tree; a unit
 * given a new parent carries its whole subtree along in the same write. Not atomic, but idempotent:
 * importing the same file again completes an interrupted move.
 */
export async function importUnitTree(store: Store, inputs: UnitInput[]): Promise<UnitImportPlan> {
  const existing = await listUnits(store);
  const plan = planUnitImport(inputs, existing);
  const written = new Set(plan.units.map((unit) => unit.id));
  // Codes first: a unit is never listed without the codes (and numbers) it was imported with.
  await putUnitCodes(store, [...existing.filter((unit) => !written.has(unit.id)), ...plan.units]);
  await putUnits(store, plan.units);
  return plan;
}

/** {@link importUnitTree}, answering every unit written. */
export async function importUnits(store: Store, inputs: UnitInput[]): Promise<Unit[]> {
  return (await importUnitTree(store, inputs)).units;
}
