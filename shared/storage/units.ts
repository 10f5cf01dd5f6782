/**
 * Unit: a node of the administrative tree (province → department / district → commune / agency).
 * Keys: `pk = UNIT#<id>`, `sk = UNIT`; directory listing on gsi1: `gsi1pk = UNITS`,
 * `gsi1sk = <path>` where path is the ancestor ids and the unit's own, each followed by `/`, so a
 * subtree is one `begins_with` query (DESIGN §3: scores roll up to every ancestor; keys are scoped to
 * a subtree).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { ValidationError } from '../errors';
import type { Store } from './client';
import { batchPut, type Item, queryAll } from './dynamo';
import { decodeItem } from './dynamo';

export const unitKinds = ['province', 'department', 'district', 'commune', 'agency'] as const;
export type UnitKind = (typeof unitKinds)[number];

/** Unit ids are slugs: they go into keys and URLs. */
export const unitIdSchema = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/));

/** A unit as the API and the import files carry it. */
export const unitInputSchema = z.object({
  id: unitIdSchema,
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  kind: z.enum(unitKinds),
  parent: z.nullable(z.optional(unitIdSchema)),
  /** The optional SIPAS module of the rating form (DESIGN §4.1: off by default per unit). */
  sipas: z.optional(z.boolean()),
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
}

export const unitKey = (id: string) => ({ pk: `UNIT#${id}`, sk: 'UNIT' });

export function unitToItem(unit: Unit): Item {
  return { ...unitKey(unit.id), gsi1pk: 'UNITS', gsi1sk: unit.path, type: 'unit', ...unit };
}

const storedUnitSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(unitKinds),
  parent: z._default(z.nullable(z.string()), null),
  path: z.string(),
  sipas: z._default(z.boolean(), false),
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

/**
 * Resolves each unit's path from the parents, against the units already stored. Refuses an unknown
 * parent or a cycle, naming the unit.
 */
export function resolvePaths(inputs: UnitInput[], existing: Unit[]): Unit[] {
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
  return inputs.map((input) => ({
    id: input.id,
    name: input.name,
    kind: input.kind,
    parent: input.parent ?? null,
    path: pathOf(input.id, new Set()),
    sipas: input.sipas === true,
  }));
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
  const items = await queryAll(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: underPath ? 'gsi1pk = :pk AND begins_with(gsi1sk, :path)' : 'gsi1pk = :pk',
    ExpressionAttributeValues: underPath ? { ':pk': 'UNITS', ':path': underPath } : { ':pk': 'UNITS' },
  });
  return items.map(unitFromItem);
}

/** Imports units (a whole tree or a part of one), resolving paths against the stored tree. */
export async function importUnits(store: Store, inputs: UnitInput[]): Promise<Unit[]> {
  const units = resolvePaths(inputs, await listUnits(store));
  await putUnits(store, units);
  return units;
}
