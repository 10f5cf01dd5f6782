/**
 * Dossier: one administrative file whose result has been returned, registered by the province's
 * one-stop system (DESIGN §3).
 *
 * Keys: `pk = DOSSIER#<rid>`, `sk = DOSSIER`, where `rid` is a short id derived from (unit, code), so
 * registration is idempotent with one conditional put and the rating link stays short enough for a
 * version-6 QR code. Arrival bucket on gsi1: `gsi1pk = ARRIVED#<local day>#<shard>`,
 * `gsi1sk = D#<rid>` — the nightly job reads only what arrived that day (DESIGN §5).
 *
 * The dossier's rating (and, later, its feedback case) are attributes of this same item, written by
 * one conditional UpdateItem (./ratings.ts). So that the update needs no read first, registration
 * stores what it will need: `ratingsPk` / `ratingsSk`, the listing keys the update copies into gsi2,
 * and `asksSipas`, whether the unit asked the SIPAS questions when the dossier was registered.
 */
import { createHash } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { type LocalDay, localDay, type Timeliness, timeliness } from '../time';
import type { Store } from './client';
import { CREATE_ONLY, isRated } from './dossier-item';
import { batchGet, decodeItem, guarded, type Item, isConditionFailed, queryAll } from './dynamo';
import { arrivalShardCount } from './table';

export const applicantTypes = ['citizen', 'business'] as const;
export const channels = ['online', 'counter', 'postal'] as const;

/** Circular 01/2018/TT-VPCP art. 19 codes (`V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX`) or any safe code ≤ 64. */
export const dossierCodeSchema = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/));

/** A registered dossier as stored. Instants are ISO 8601 strings in UTC. */
export interface Dossier {
  rid: string;
  code: string;
  unit: string;
  procedure: string;
  applicantType: (typeof applicantTypes)[number];
  channel: (typeof channels)[number];
  receivedAt: string;
  dueAt: string;
  returnedAt: string;
  supplementRequests: number;
  complaint: boolean;
  /** Local day (Asia/Ho_Chi_Minh) of the return: the period a rating of this dossier counts in. */
  returnedDay: LocalDay;
  /** Early / on time / late, from the due and return dates (indicator i1). */
  timeliness: Timeliness;
  registeredAt: string;
  /** When the rating link expires: `LINK_TTL_DAYS` after `returnedAt`. */
  linkExpiresAt: string;
  /** The unit asked the SIPAS questions when the dossier was registered (the form shows them). */
  asksSipas: boolean;
}

const timelinessValues = ['early', 'onTime', 'late'] as const satisfies readonly Timeliness[];

/** The stored dossier fields, checked on every read (a renamed field fails here, not downstream). */
export const dossierSchema = z.object({
  rid: z.string(),
  code: z.string(),
  unit: z.string(),
  procedure: z.string(),
  applicantType: z.enum(applicantTypes),
  channel: z.enum(channels),
  receivedAt: z.string(),
  dueAt: z.string(),
  returnedAt: z.string(),
  supplementRequests: z.number(),
  complaint: z.boolean(),
  returnedDay: z.string(),
  timeliness: z.enum(timelinessValues),
  registeredAt: z.string(),
  linkExpiresAt: z.string(),
  // Dossiers registered before the flag was stored: the form then asked no SIPAS questions.
  asksSipas: z._default(z.boolean(), false),
}) satisfies z.ZodMiniType<Dossier, unknown>;

/** The short id of a dossier: 12 bytes of SHA-256 over (unit, code), base64url (16 characters). */
export function dossierRid(unit: string, code: string): string {
  return createHash('sha256').update(`${unit}\n${code}`).digest().subarray(0, 12).toString('base64url');
}

/** Which of the {@link arrivalShardCount} partitions of a day bucket an id's writes go to. */
export function arrivalShard(rid: string): number {
  return Buffer.from(rid, 'base64url')[0]! % arrivalShardCount();
}

export const arrivalBucket = (day: LocalDay, shard: number) => `ARRIVED#${day}#${shard}`;

export const DOSSIER_SK = 'DOSSIER';
export const DOSSIER_ARRIVAL_PREFIX = 'D#';

export const dossierKey = (rid: string) => ({ pk: `DOSSIER#${rid}`, sk: DOSSIER_SK });

/** The ratings listing on gsi2: per unit, by the day the result was returned (DESIGN §4.2 periods). */
export const ratingsListPk = (unit: string) => `RATINGS#${unit}`;
export const ratingsListSk = (returnedDay: LocalDay, rid: string) => `${returnedDay}#${rid}`;
/** The partition of the feedback-case index (gsi4) of a unit (shared/storage/feedback-cases.ts). */
export const casesListPk = (unit: string) => `CASES#${unit}`;

export function dossierToItem(dossier: Dossier): Item {
  return {
    ...dossierKey(dossier.rid),
    gsi1pk: arrivalBucket(localDay(dossier.registeredAt), arrivalShard(dossier.rid)),
    gsi1sk: `${DOSSIER_ARRIVAL_PREFIX}${dossier.rid}`,
    // Copied into gsi2pk / gsi2sk by the rating's UpdateItem: only rated dossiers are listed.
    ratingsPk: ratingsListPk(dossier.unit),
    ratingsSk: ratingsListSk(dossier.returnedDay, dossier.rid),
    // Copied into gsi4pk by a rating that opens a feedback case (no read before the rating's write).
    casesPk: casesListPk(dossier.unit),
    type: 'dossier',
    ...dossier,
  };
}

export function dossierFromItem(item: Item): Dossier {
  return decodeItem(dossierSchema, 'dossier', item);
}

/** The derived fields of a dossier from its registration fields. */
export function completeDossier(
  fields: Omit<
    Dossier,
    'rid' | 'returnedDay' | 'timeliness' | 'registeredAt' | 'linkExpiresAt' | 'asksSipas'
  > & { asksSipas?: boolean },
  registeredAt: Date,
  linkTtlDays: number,
): Dossier {
  return {
    ...fields,
    asksSipas: fields.asksSipas ?? false,
    rid: dossierRid(fields.unit, fields.code),
    returnedDay: localDay(fields.returnedAt),
    timeliness: timeliness(fields.dueAt, fields.returnedAt),
    registeredAt: registeredAt.toISOString(),
    // DESIGN §3: the link expires LINK_TTL_DAYS after the return, not after the registration.
    linkExpiresAt: new Date(Date.parse(fields.returnedAt) + linkTtlDays * 86_400_000).toISOString(),
  };
}

/**
 * Stores a dossier once. A repeat registration of the same (unit, code) stores nothing and answers
 * the dossier as first stored (`created: false`), so its rating link does not change.
 */
export async function registerDossier(
  store: Store,
  dossier: Dossier,
): Promise<{ created: boolean; dossier: Dossier }> {
  try {
    await guarded(() =>
      store.db.send(
        new PutCommand({
          TableName: store.tableName,
          Item: dossierToItem(dossier),
          ConditionExpression: CREATE_ONLY,
        }),
      ),
    );
    return { created: true, dossier };
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    const existing = await getDossier(store, dossier.rid);
    if (!existing) throw error;
    if (existing.unit !== dossier.unit || existing.code !== dossier.code) {
      // 96-bit id collision: astronomically unlikely, but never let one dossier answer for another.
      throw new Error(`dossier id collision for ${dossier.unit}/${dossier.code}`, { cause: error });
    }
    return { created: false, dossier: existing };
  }
}

export async function getDossier(store: Store, rid: string): Promise<Dossier | undefined> {
  const result = await guarded(() =>
    store.db.send(new GetCommand({ TableName: store.tableName, Key: dossierKey(rid) })),
  );
  return result.Item ? dossierFromItem(result.Item) : undefined;
}

/**
 * The dossiers registered on local day `day` (its {@link arrivalShardCount} arrival buckets, read in
 * parallel), each with whether it was rated.
 */
export async function dossiersRegisteredOn(
  store: Store,
  day: LocalDay,
): Promise<{ dossier: Dossier; rated: boolean }[]> {
  const shards = await Promise.all(
    Array.from({ length: arrivalShardCount() }, (_, shard) =>
      queryAll(store, {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :d)',
        ExpressionAttributeValues: { ':pk': arrivalBucket(day, shard), ':d': DOSSIER_ARRIVAL_PREFIX },
      }),
    ),
  );
  const dossiers = shards.flat().map(dossierFromItem);
  // gsi1 does not copy the rating's attributes: whether each was rated is read from the table.
  const rated = new Set(
    (
      await batchGet(
        store,
        dossiers.map((dossier) => dossierKey(dossier.rid)),
      )
    )
      .filter(isRated)
      .map((item) => String(item.rid)),
  );
  return dossiers.map((dossier) => ({ dossier, rated: rated.has(dossier.rid) }));
}
