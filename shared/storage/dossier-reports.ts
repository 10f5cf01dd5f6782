/**
 * The dossier item over the dossier's whole life (DESIGN §3, §5): each report of the one-stop system
 * — at receipt, at each change, or once at the return (wave 1) — updates the one item
 * `DOSSIER#<rid>` / `DOSSIER` and writes that day's snapshot (./dossier-snapshots.ts).
 *
 * Attributes the life adds to the dossier item (beside the fields of ./dossiers.ts, present once the
 * result is returned, and the rating's and the feedback case's, which other writes set):
 * - `state` — the count-relevant facts of the latest snapshot (the rating's update copies it into
 *   `ratedWithState`); `stateDay`, `stateDue` — that snapshot's day and due entry; `priorState`,
 *   `priorDay` — the snapshot before it, so a second report the same day needs no other read;
 * - `updatedAt` — the source system's time of the change stored: an older or equal one is ignored;
 * - `version` — bumped by every report, the condition of the next one (no transactions: a report
 *   reads, then writes on condition that nothing changed in between, else reads again);
 * - `clearDueOf` — the older snapshot whose due entry this change removed (redone by a resend).
 * The item is written before its snapshot, and the snapshot is a function of the item alone, so a
 * resend repairs a snapshot a crash left unwritten.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { ConflictError } from '../errors';
import { snapshotDelta } from '../aggregation/dossier-life';
import {
  type CaseFacts,
  type CountedRating,
  type DossierLife,
  type DossierState,
  planSnapshot,
  type RatingArrival,
  type Snapshot,
  type ScorecardFact,
  stateReportedAtReturn,
} from '../dossier/life';
import { type LocalDay, localDay, timeliness } from '../time';
import type { Store } from './client';
import { clearDue, compact, putSnapshot } from './dossier-snapshots';
import {
  absent,
  caseFactsOfItem,
  compare,
  type DossierItemUpdate,
  dossierItemUpdate,
  dossierStateSchema,
  exists,
  hasStoredLife,
  isRated,
  legacyStateOfItem,
  ratedCaseOfItem,
  ratingFactsFromItem,
} from './dossier-item';

export { caseFactsOfItem, ratedCaseOfItem };
import { casesListPk, type Dossier, dossierKey, dossierRid, ratingsListPk, ratingsListSk } from './dossiers';
import { decodeItem, guarded, type Item, isConditionFailed } from './dynamo';
import { putReceivedIndex } from './dossier-received-index';
import { type FinalGuard, guardCountedChange } from './final-periods';

/** A report as validated by shared/dossier-registration.ts, instants in UTC ISO 8601. */
export interface DossierReport {
  code: string;
  unit: string;
  procedure: string;
  applicantType: Dossier['applicantType'];
  channel: Dossier['channel'];
  receivedAt: string;
  dueAt: string;
  finishedAt?: string | undefined;
  returnedAt?: string | undefined;
  supplements: { requestedAt: string; suppliedAt?: string | undefined }[];
  supplementRequests: number;
  withdrawn: boolean;
  rejectedAt?: string | undefined;
  stoppedAt?: string | undefined;
  complaint: boolean;
  steps: { unit: string; dueAt: string; finishedAt?: string | undefined }[];
  /** The scorecard's facts as reported (absent = not reported). */
  facts?: Partial<Record<ScorecardFact, boolean>> | undefined;
  /** Absent in a wave-1 report: then the latest instant of its facts stands for it. */
  updatedAt?: string | undefined;
}

/** What a report finds stored. */
export interface StoredLife {
  rid: string;
  code: string;
  unit: string;
  procedure: string;
  receivedAt: string;
  updatedAt: string;
  version: number;
  life: DossierLife;
  rated?: RatingArrival | undefined;
  /** The item holds a rating (with or without the state it was given on). */
  hasRating: boolean;
  /** The dossier as ./dossiers.ts reads it, once its result is returned. */
  returnedAt?: string | undefined;
  linkExpiresAt?: string | undefined;
  clearDueOf?: LocalDay | undefined;
  /** The dossier's feedback case as its item holds it (./feedback-cases.ts writes it). */
  feedbackCase?: CaseFacts | undefined;
}

const storedLifeSchema = z.object({
  rid: z.string(),
  code: z.string(),
  unit: z.string(),
  procedure: z.string(),
  receivedAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
  state: dossierStateSchema,
  stateDay: z.string(),
  stateDue: z.optional(z.string()),
  priorState: z.optional(dossierStateSchema),
  priorDay: z.optional(z.string()),
  ratedWithState: z.optional(z.nullable(dossierStateSchema)),
  returnedAt: z.optional(z.string()),
  linkExpiresAt: z.optional(z.string()),
  clearDueOf: z.optional(z.string()),
});

/** The answers of a rating the counts read (./ratings.ts decodes the rated dossier item). */
function answersOf(facts: ReturnType<typeof ratingFactsFromItem>, item: Item): CountedRating {
  const { overall, i3, i4, i7, sipas, ratedAt } = facts;
  const ratedCase = ratedCaseOfItem(item);
  return {
    overall,
    i3,
    i4,
    i7,
    ...(sipas !== undefined ? { sipas } : {}),
    ratedAt,
    ...(ratedCase ? { case: ratedCase } : {}),
  };
}

/** The facts of a report, as the counts read them. */
export function stateOfReport(report: DossierReport): DossierState {
  return compact({
    unit: report.unit,
    channel: report.channel,
    receivedAt: report.receivedAt,
    dueAt: report.dueAt,
    finishedAt: report.finishedAt,
    returnedAt: report.returnedAt,
    supplements: report.supplements,
    supplementRequests: report.supplementRequests,
    withdrawn: report.withdrawn,
    rejectedAt: report.rejectedAt,
    stoppedAt: report.stoppedAt,
    complaint: report.complaint,
    steps: report.steps,
    procedure: report.procedure,
    ...report.facts,
  });
}

/** The facts a report's snapshot counts: the report's, with the feedback case the item holds. */
function factsOf(report: DossierReport, stored: StoredLife | undefined): Omit<DossierState, 'rating'> {
  const facts = stateOfReport(report);
  return stored?.feedbackCase ? { ...facts, feedbackCase: stored.feedbackCase } : facts;
}

/** The latest instant of a report's facts (what a wave-1 report without `updatedAt` is ordered by). */
export function reportedAt(report: DossierReport): string {
  const instants = [
    report.receivedAt,
    report.finishedAt,
    report.returnedAt,
    report.rejectedAt,
    report.stoppedAt,
    ...report.supplements.flatMap((supplement) => [supplement.requestedAt, supplement.suppliedAt]),
    ...report.steps.map((step) => step.finishedAt),
  ].filter((instant): instant is string => instant !== undefined);
  return new Date(Math.max(...instants.map((instant) => Date.parse(instant)))).toISOString();
}

/**
 * The life a stored dossier item holds; a dossier registered before lives were stored (wave 1)
 * stands as one snapshot of its registration day.
 */
export function storedLifeFromItem(item: Item): StoredLife {
  if (!hasStoredLife(item)) return lifeWithoutStoredLife(item);
  const stored = decodeItem(storedLifeSchema, 'dossier life', item);
  const rating = isRated(item) ? answersOf(ratingFactsFromItem(item), item) : undefined;
  const feedbackCase = caseFactsOfItem(item);
  return {
    rid: stored.rid,
    code: stored.code,
    unit: stored.unit,
    procedure: stored.procedure,
    receivedAt: stored.receivedAt,
    updatedAt: stored.updatedAt,
    version: stored.version,
    life: {
      state: stored.state,
      day: stored.stateDay,
      ...(stored.stateDue ? { due: stored.stateDue } : {}),
      ...(stored.priorState && stored.priorDay
        ? { prior: { state: stored.priorState, day: stored.priorDay } }
        : {}),
    },
    hasRating: rating !== undefined,
    ...(rating && stored.ratedWithState ? { rated: { rating, ratedWithState: stored.ratedWithState } } : {}),
    ...(stored.returnedAt ? { returnedAt: stored.returnedAt, linkExpiresAt: stored.linkExpiresAt } : {}),
    ...(stored.clearDueOf ? { clearDueOf: stored.clearDueOf } : {}),
    ...(feedbackCase ? { feedbackCase } : {}),
  };
}

const legacySchema = z.object({
  rid: z.string(),
  code: z.string(),
  unit: z.string(),
  procedure: z.string(),
  channel: z.enum(['online', 'counter', 'postal']),
  receivedAt: z.string(),
  dueAt: z.string(),
  returnedAt: z.string(),
  supplementRequests: z.number(),
  complaint: z.boolean(),
  registeredAt: z.string(),
  linkExpiresAt: z.string(),
});

function lifeWithoutStoredLife(item: Item): StoredLife {
  const dossier = decodeItem(legacySchema, 'dossier', item);
  // The state its own arrival is counted with (set at registration by a loader with its case, or
  // frozen by its first change), else the one its facts give.
  const state = legacyStateOfItem(item) ?? stateReportedAtReturn(dossier);
  const feedbackCase = caseFactsOfItem(item);
  return {
    ...dossier,
    ...(feedbackCase ? { feedbackCase } : {}),
    updatedAt: dossier.returnedAt,
    version: 0,
    hasRating: isRated(item),
    life: { state, day: localDay(dossier.registeredAt) },
  };
}

/** The snapshot a stored life stands for: a function of the dossier item alone (see the module comment). */
export function snapshotOfLife(life: DossierLife, rated: RatingArrival | undefined): Snapshot {
  const ratingApart = life.state.rating !== undefined && life.prior?.state.rating === undefined;
  return {
    day: life.day,
    state: life.state,
    prev: {
      ...(life.prior ? { state: life.prior.state } : {}),
      ...(ratingApart && rated ? { rating: rated } : {}),
    },
    ...(life.due ? { due: life.due } : {}),
  };
}

export interface ReportOptions {
  now: Date;
  linkTtlDays: number;
  /** Whether the unit asks the SIPAS questions (stored at the first report). */
  asksSipas?: boolean;
  /**
   * The final rule (./final-periods.ts): a report whose counted difference touches a day already final
   * is refused (409) before anything is written; `{ history: true }` only for the import of history.
   */
  guard: FinalGuard;
  /** The field prefix a refusal names (a batch's entry, `dossiers.3`). */
  field?: string | undefined;
}

/** What a report did: `created` at the first report; `changed` when it was newer than what was stored. */
export interface ReportResult {
  created: boolean;
  changed: boolean;
  rid: string;
  code: string;
  unit: string;
  returnedAt?: string | undefined;
  linkExpiresAt?: string | undefined;
}

/**
 * Concurrent changes of one dossier (reports, a case's answer or judgement) retry this often; then the
 * request is refused with 409 and nothing of it stored, and the client sends it again.
 */
const MAX_ATTEMPTS = 4;

/** The change lost its race against other changes of the dossier {@link MAX_ATTEMPTS} times. */
const busyDossier = () =>
  new ConflictError({
    vi: 'Hồ sơ đang được các yêu cầu khác cập nhật cùng lúc; yêu cầu này chưa được lưu. Vui lòng gửi lại.',
    en: 'Other requests were changing this dossier at the same time; this one was not stored. Please send it again.',
  });

/** The decision of ../dossier-registration.ts on a report given what is stored. */
export type ReportDecision = 'create' | 'update' | 'ignore';

/**
 * Runs the checks of {@link storeReport} without writing: reads the dossier item, asks `decide` and
 * `checkChange` (each may throw). A batch is checked whole before any of it is stored.
 */
export async function checkReport(
  store: Store,
  report: DossierReport,
  decide: (stored: StoredLife | undefined, report: DossierReport) => ReportDecision,
  options: ReportOptions,
): Promise<void> {
  const rid = dossierRid(report.unit, report.code);
  const read = await guarded(() =>
    store.db.send(new GetCommand({ TableName: store.tableName, Key: dossierKey(rid), ConsistentRead: true })),
  );
  const stored = read.Item ? storedLifeFromItem(read.Item) : undefined;
  if (decide(stored, report) === 'ignore') return;
  const plan = planSnapshot(stored?.life, stored?.rated, factsOf(report, stored), localDay(options.now));
  await guardCountedChange(store, snapshotDelta(plan.snapshot), options.guard, options.field);
}

/**
 * Stores one report: reads the dossier item, asks `decide` (immutable fields, order), writes the item
 * on condition that it did not change since the read, then its snapshot and the older due entry's
 * removal. An ignored report (a resend, an older change) rewrites nothing but repairs the snapshot.
 */
export async function storeReport(
  store: Store,
  report: DossierReport,
  decide: (stored: StoredLife | undefined, report: DossierReport) => ReportDecision,
  options: ReportOptions,
): Promise<ReportResult> {
  const rid = dossierRid(report.unit, report.code);
  for (let attempt = 1; ; attempt++) {
    const read = await guarded(() =>
      store.db.send(
        new GetCommand({ TableName: store.tableName, Key: dossierKey(rid), ConsistentRead: true }),
      ),
    );
    if (read.Item && (read.Item.unit !== report.unit || read.Item.code !== report.code)) {
      // 96-bit id collision: astronomically unlikely, but never let one dossier answer for another.
      throw new Error(`dossier id collision for ${report.unit}/${report.code}`);
    }
    const stored = read.Item ? storedLifeFromItem(read.Item) : undefined;
    const decision = decide(stored, report);
    if (decision === 'ignore' && stored) {
      await writeSnapshot(store, stored);
      // A resend repairs what a crash after the dossier's first write may have left undone.
      await putReceivedIndex(store, stored);
      return resultOf(stored, false, false);
    }
    const plan = planSnapshot(stored?.life, stored?.rated, factsOf(report, stored), localDay(options.now));
    await guardCountedChange(store, snapshotDelta(plan.snapshot), options.guard, options.field);
    const version = (stored?.version ?? 0) + 1;
    const updatedAt = report.updatedAt ?? reportedAt(report);
    try {
      await guarded(() =>
        store.db.send(
          new UpdateCommand({
            TableName: store.tableName,
            ...itemUpdate(
              rid,
              report,
              plan.life,
              { ...options, updatedAt, version },
              stored,
              plan.clearDueOf,
            ),
          }),
        ),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      if (attempt < MAX_ATTEMPTS) continue;
      throw busyDossier();
    }
    const written: StoredLife = {
      rid,
      code: report.code,
      unit: report.unit,
      procedure: report.procedure,
      receivedAt: report.receivedAt,
      updatedAt,
      version,
      life: plan.life,
      rated: stored?.rated,
      hasRating: stored?.hasRating ?? false,
      ...returnFields(report, options.linkTtlDays),
      clearDueOf: plan.clearDueOf,
      ...(stored?.feedbackCase ? { feedbackCase: stored.feedbackCase } : {}),
    };
    await writeSnapshot(store, written);
    // The dossiers of a unit by received day (gsi5, the 766 listing): once, when it is first stored.
    if (stored === undefined) await putReceivedIndex(store, written);
    return resultOf(written, stored === undefined, true);
  }
}

async function writeSnapshot(store: Store, stored: StoredLife): Promise<void> {
  // A wave-1 dossier (version 0) is counted by its own arrival until its first change.
  if (stored.version === 0) return;
  await putSnapshot(store, stored.rid, snapshotOfLife(stored.life, stored.rated), stored.version);
  if (stored.clearDueOf) await clearDue(store, stored.rid, stored.clearDueOf);
}

function resultOf(stored: StoredLife, created: boolean, changed: boolean): ReportResult {
  return {
    created,
    changed,
    rid: stored.rid,
    code: stored.code,
    unit: stored.unit,
    ...(stored.returnedAt ? { returnedAt: stored.returnedAt, linkExpiresAt: stored.linkExpiresAt } : {}),
  };
}

/** The fields of ./dossiers.ts that exist once the result is returned (the rating link's). */
function returnFields(report: DossierReport, linkTtlDays: number) {
  if (report.returnedAt === undefined) return {};
  return {
    returnedAt: report.returnedAt,
    // DESIGN §3: the link expires LINK_TTL_DAYS after the return.
    linkExpiresAt: new Date(Date.parse(report.returnedAt) + linkTtlDays * 86_400_000).toISOString(),
  };
}

function itemUpdate(
  rid: string,
  report: DossierReport,
  life: DossierLife,
  options: ReportOptions & { updatedAt: string; version: number },
  stored: StoredLife | undefined,
  clearDueOf: LocalDay | undefined,
) {
  const update = dossierItemUpdate()
    .set('type', 'dossier')
    .set('rid', rid)
    .set('code', report.code)
    .set('unit', report.unit)
    .set('procedure', report.procedure)
    .set('applicantType', report.applicantType)
    .set('channel', report.channel)
    .set('receivedAt', report.receivedAt)
    .set('dueAt', report.dueAt)
    .set('supplementRequests', Math.max(report.supplementRequests, report.supplements.length))
    .set('complaint', report.complaint)
    .setIfAbsent('registeredAt', options.now.toISOString())
    .setIfAbsent('asksSipas', options.asksSipas ?? false)
    .set('updatedAt', options.updatedAt)
    .set('version', options.version);
  setLife(update, life, clearDueOf);
  // A wave-1 dossier keeps its own arrival, counted with the state it was registered with (frozen
  // here, as the family reads it), which its first snapshot takes out again.
  if (stored?.version === 0) update.setIfAbsent('legacyState', compact(stored.life.state));
  if (report.returnedAt !== undefined) {
    const returnedDay = localDay(report.returnedAt);
    update
      .set('returnedAt', report.returnedAt)
      .set('returnedDay', returnedDay)
      .set('timeliness', timeliness(report.dueAt, report.returnedAt))
      .set('linkExpiresAt', returnFields(report, options.linkTtlDays).linkExpiresAt!)
      .set('ratingsPk', ratingsListPk(report.unit))
      .set('ratingsSk', ratingsListSk(returnedDay, rid));
  }
  // Copied into gsi4pk by a rating that opens a feedback case (shared/storage/feedback-cases.ts).
  update.set('casesPk', casesListPk(report.unit));
  // Nothing changed since the read: not the life (version), not the rating (which the snapshot holds).
  if (stored) requireUnchanged(update, stored);
  else update.require(absent('pk'));
  return { Key: dossierKey(rid), ...update.expressions() };
}

/** The life's attributes: the latest snapshot's state, day and due entry, the one before it. */
function setLife(update: DossierItemUpdate, life: DossierLife, clearDueOf: LocalDay | undefined): void {
  update
    .set('state', compact(life.state))
    .set('stateDay', life.day)
    .setOrRemove('stateDue', life.due)
    .setOrRemove('priorState', life.prior ? compact(life.prior.state) : undefined)
    .setOrRemove('priorDay', life.prior?.day)
    .setOrRemove('clearDueOf', clearDueOf);
}

/** The item is as read: the same version of its life (none yet: wave 1), rated or not as it was. */
function requireUnchanged(update: DossierItemUpdate, stored: StoredLife): void {
  update.require(
    stored.version === 0 ? absent('version') : compare('version', '=', stored.version),
    stored.hasRating ? exists('overall') : absent('overall'),
  );
}

/** A change of a dossier's feedback case (opening, answer, judgement), as ./feedback-cases.ts plans it. */
export interface CaseChange {
  /** The case as counted after the change (it joins the dossier's state). */
  feedbackCase: CaseFacts;
  /** Adds the case attributes' clauses, and what must still hold when the write lands (e.g. not judged yet). */
  write: (update: DossierItemUpdate) => void;
}

/**
 * Stores a change of the dossier's feedback case as a change of its life (DESIGN §5: the case is part
 * of the dossier's counted state): reads the item, asks `plan` for the change (it may throw: no case,
 * already judged…), writes the case attributes with the new state on condition that nothing changed
 * since the read (version, rating, `plan`'s condition; else reads again), then the day snapshot — in
 * the order of {@link storeReport}, so a crash between the two leaves a snapshot that the next write
 * of the dossier (a report's resend, another case change) puts again. The final rule's guard
 * (./final-periods.ts) refuses (409) a change that would move a final figure, before anything is
 * written. Answers the item as written.
 */
export async function storeCaseChange(
  store: Store,
  rid: string,
  plan: (item: Item | undefined) => CaseChange,
  options: { now: Date; guard: FinalGuard },
): Promise<Item> {
  for (let attempt = 1; ; attempt++) {
    const read = await guarded(() =>
      store.db.send(
        new GetCommand({ TableName: store.tableName, Key: dossierKey(rid), ConsistentRead: true }),
      ),
    );
    const change = plan(read.Item);
    const stored = storedLifeFromItem(read.Item!);
    const { rating: _rating, ...facts } = stored.life.state;
    const planned = planSnapshot(
      stored.life,
      stored.rated,
      { ...facts, feedbackCase: compact(change.feedbackCase) },
      localDay(options.now),
    );
    await guardCountedChange(store, snapshotDelta(planned.snapshot), options.guard);
    const version = stored.version + 1;
    const update = dossierItemUpdate().set('version', version).set('updatedAt', stored.updatedAt);
    setLife(update, planned.life, planned.clearDueOf);
    // A wave-1 dossier keeps its own arrival, counted with the state it was registered with.
    if (stored.version === 0) update.setIfAbsent('legacyState', compact(stored.life.state));
    update.require(exists('pk'));
    requireUnchanged(update, stored);
    change.write(update);
    let written: Item;
    try {
      const result = await guarded(() =>
        store.db.send(
          new UpdateCommand({
            TableName: store.tableName,
            Key: dossierKey(rid),
            ...update.expressions(),
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      written = result.Attributes ?? {};
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      if (attempt < MAX_ATTEMPTS) continue;
      throw busyDossier();
    }
    await writeSnapshot(store, {
      ...stored,
      version,
      life: planned.life,
      clearDueOf: planned.clearDueOf,
    });
    return written;
  }
}
