/**
 * The pure model of a dossier's life (DESIGN §3, §5; issue #20): its counted facts and state, its
 * feedback case, the day snapshots its reports write, and the rules that need no I/O — the snapshot a
 * report writes (`planSnapshot`), the state of a dossier reported only at its return
 * (`stateReportedAtReturn`), the case a state counts (`caseOf`), the day time alone makes it late
 * (`dueCrossing`), the last day whose links can still change a period's figures (`lastLinkDay`, the
 * final rule's). Storage (shared/storage/dossier-reports.ts, dossier-snapshots.ts) and aggregation
 * (shared/aggregation/dossier-life.ts, which keeps the counting: contributions and deltas) both import
 * it; it imports neither. Timeliness (early / on time / late) is shared/time.ts `timeliness`.
 */
import { type DossierFacts, defaultQd766Rules, type Qd766Rules, qd766Status } from '../indexes/dossier-rules';
import type { Counts } from '../counts';
import type { Score } from '../instruments/rating';
import { addDays, type LocalDay, localDay, startOfLocalDay } from '../time';

export const SIPAS_ELEMENTS = ['s1', 's2', 's3', 's4', 's5'] as const;

/** The answers of a rating the counts read. */
export interface CountedRating {
  overall: Score;
  i3: Score;
  i4: Score;
  i7: Score;
  sipas?: Partial<Record<(typeof SIPAS_ELEMENTS)[number], number>> | undefined;
  ratedAt: string;
  /**
   * The dossier's feedback case as the rating's own UpdateItem left it (`ratedCaseOpenedAt`,
   * `ratedCaseDueDay`: the case it opened, or the one already open) — fixed by the rating, so the
   * rating's delta counts the same case on every run.
   */
  case?: OpenedCase | undefined;
}

/** When a feedback case opened and when it falls due (DESIGN §4.4). */
export interface OpenedCase {
  openedAt: string;
  dueDay: LocalDay;
}

/** A dossier's feedback case as counted: its opening, the unit's first answer, the citizen's judgement. */
export interface CaseFacts extends OpenedCase {
  answeredAt?: string | undefined;
  judgement?: 'satisfied' | 'unsatisfied' | undefined;
  judgedAt?: string | undefined;
}

/**
 * The dossier's facts the whole-766 scorecard counts (DESIGN §3, §4.5), as reported over its life;
 * absent = not (yet) so. Their counters: docs/index-methods.md, "The whole scorecard".
 */
export const SCORECARD_FACTS = [
  'feeRequired',
  'paidOnline',
  'electronicResult',
  'digitized',
  'reusedData',
  'personalStorage',
  'citizenDataConnected',
  'syncedToPortal',
] as const;
export type ScorecardFact = (typeof SCORECARD_FACTS)[number];

/** The count-relevant facts of a dossier at one moment, with its rating once rated. */
export interface DossierState extends DossierFacts, Partial<Record<ScorecardFact, boolean>> {
  unit: string;
  /** Its procedure's code (the per-procedure scorecard counters); absent in states stored before. */
  procedure?: string | undefined;
  rating?: CountedRating | undefined;
  /** Its feedback case as the dossier item held it when the state was taken (complaint, answer, judgement). */
  feedbackCase?: CaseFacts | undefined;
}

/**
 * The case a state counts: the one the dossier item held (with its answer and judgement), else the
 * one its rating opened (nothing answered yet — an answer writes a snapshot that holds the case).
 */
export function caseOf(state: DossierState): CaseFacts | undefined {
  return state.feedbackCase ?? state.rating?.case;
}

/**
 * The state of a dossier reported only at its return, once, with all its dates (the wave-1 report):
 * no supplements, steps or withdrawal to know of.
 */
export function stateReportedAtReturn(
  dossier: Pick<
    DossierState,
    'unit' | 'channel' | 'receivedAt' | 'dueAt' | 'returnedAt' | 'supplementRequests' | 'complaint'
  >,
): DossierState {
  return {
    unit: dossier.unit,
    channel: dossier.channel,
    receivedAt: dossier.receivedAt,
    dueAt: dossier.dueAt,
    returnedAt: dossier.returnedAt,
    supplements: [],
    supplementRequests: dossier.supplementRequests,
    withdrawn: false,
    complaint: dossier.complaint,
    steps: [],
  };
}

/** What a rating adds: its answers and the dossier's state its update copied (`ratedWithState`). */
export interface RatingArrival {
  ratedWithState: DossierState;
  rating: CountedRating;
}

/** What a dossier was counted with before a snapshot's day (see the module comment). */
export interface PrevCounted {
  /** The previous day's snapshot state, counted as of the day before the snapshot's. */
  state?: DossierState | undefined;
  /** The rating, when its own delta was counted (or is counted the same day) apart from a snapshot. */
  rating?: RatingArrival | undefined;
}

/** A day snapshot as stored (shared/storage/dossier-snapshots.ts). */
export interface Snapshot {
  day: LocalDay;
  state: DossierState;
  prev: PrevCounted;
  /** The day time alone changes the state's counts (it becomes late); none when nothing can. */
  due?: LocalDay | undefined;
}

/** What the dossier item keeps of its snapshots, so the next report needs no other read. */
export interface DossierLife {
  /** The latest snapshot: its state and day, and its due entry. */
  state: DossierState;
  day: LocalDay;
  due?: LocalDay | undefined;
  /** The snapshot before `day`, kept so that a second report on `day` sees what the first replaced. */
  prior?: { state: DossierState; day: LocalDay } | undefined;
}

/**
 * The first day after `day` on which time alone changes the counts of `state` — an open dossier past
 * its due date extended by the supplement waiting time becomes late (Decision 766, "quá hạn" from the
 * next day on) — or undefined when no such day comes: ended, withdrawn, already late, or waiting for
 * the applicant (the clock is stopped). Only that one change can happen: every other count of a
 * state is fixed once its instants are past.
 */
export function dueCrossing(
  state: DossierState,
  day: LocalDay,
  rules: Qd766Rules = defaultQd766Rules,
): LocalDay | undefined {
  const now = qd766Status(state, day, rules);
  if (now.status !== 'inProgress') return undefined;
  if (state.supplements.some((supplement) => supplement.suppliedAt === undefined)) return undefined;
  // Late once the end of the day less the waiting time passes the due day: the day holding
  // (start of the day after the due day) + waiting time. It is always after `day`: in progress on
  // `day` means (end of `day`) − wait is on or before the due day, so that instant is past `day`.
  const dueDay = localDay(state.dueAt);
  return localDay(startOfLocalDay(addDays(dueDay, 1)).getTime() + now.supplementWaitMs);
}

/** The latest local day among a state's instants (a source clock a little ahead may pass midnight). */
export function latestDayOf(state: DossierState): LocalDay {
  const instants = [
    state.receivedAt,
    state.finishedAt,
    state.returnedAt,
    state.rejectedAt,
    state.stoppedAt,
    ...state.supplements.flatMap((supplement) => [supplement.requestedAt, supplement.suppliedAt]),
    ...state.steps.map((step) => step.finishedAt),
    state.rating?.ratedAt,
    state.feedbackCase?.openedAt,
    state.feedbackCase?.answeredAt,
    state.feedbackCase?.judgedAt,
  ].filter((instant): instant is string => instant !== undefined);
  return localDay(Math.max(...instants.map((instant) => Date.parse(instant))));
}

/** What a report's write does: the snapshot to put, the life to keep, the older due entry to remove. */
export interface SnapshotPlan {
  snapshot: Snapshot;
  life: DossierLife;
  /** The day of an older snapshot whose due entry must go (its crossing would come on or after ours). */
  clearDueOf?: LocalDay | undefined;
}

/**
 * Plans the snapshot of a dossier whose facts are now `facts`, reported on local day `today`, given
 * what its item holds: its `life` (none at the first report) and its rating, if rated. The snapshot's
 * day is today, or later when an instant of the facts or the last snapshot is (clock skew at
 * midnight), so snapshot days never go back.
 */
export function planSnapshot(
  life: DossierLife | undefined,
  rated: RatingArrival | undefined,
  facts: Omit<DossierState, 'rating'>,
  today: LocalDay,
  rules: Qd766Rules = defaultQd766Rules,
): SnapshotPlan {
  const state: DossierState = rated ? { ...facts, rating: rated.rating } : { ...facts };
  const day = [today, latestDayOf(state), life?.day ?? today].reduce((a, b) => (a > b ? a : b));
  // The snapshot this one follows: the latest of an earlier day (a same-day write replaces today's).
  const base =
    life === undefined ? undefined : life.day === day ? life.prior : { state: life.state, day: life.day };
  const prev: PrevCounted = {
    ...(base ? { state: base.state } : {}),
    // The rating was counted on its own (on its day) unless the base snapshot already held it.
    ...(rated && base?.state.rating === undefined ? { rating: rated } : {}),
  };
  const due = dueCrossing(state, day, rules);
  const snapshot: Snapshot = { day, state, prev, ...(due ? { due } : {}) };
  const clearDueOf =
    life !== undefined && life.day < day && life.due !== undefined && life.due >= day ? life.day : undefined;
  return {
    snapshot,
    life: { state, day, ...(due ? { due } : {}), ...(base ? { prior: base } : {}) },
    ...(clearDueOf ? { clearDueOf } : {}),
  };
}

/**
 * The last day whose rating links can still change the figures of a period ending on `to`, given its
 * counts (the final rule, DESIGN §4.2: shared/storage/final-periods.ts, and the counters
 * shared/aggregation/dossier-life.ts adds): `to` itself, or the last day of the last month a dossier received in it, or the dossier of a
 * case opened in it, was returned in (`returnedIn:<month>`, `caseJudgeableIn:<month>`), whichever is
 * later; undefined while a dossier received in it is neither returned nor withdrawn (`receivedOpen`)
 * or a case's dossier is not returned yet (`casesAwaitingReturn`): no day can be named yet.
 */
export function lastLinkDay(counts: Counts, to: LocalDay): LocalDay | undefined {
  if ((counts.receivedOpen ?? 0) > 0 || (counts.casesAwaitingReturn ?? 0) > 0) return undefined;
  const months = Object.keys(counts)
    .filter((key) => (counts[key] ?? 0) > 0)
    .flatMap((key) =>
      key.startsWith('returnedIn:')
        ? [key.slice('returnedIn:'.length)]
        : key.startsWith('caseJudgeableIn:')
          ? [key.slice('caseJudgeableIn:'.length)]
          : [],
    )
    .sort();
  const last = months.at(-1);
  if (last === undefined) return to;
  // The last day of that month: first of the next month, less a day.
  const [year, month] = last.split('-').map(Number) as [number, number];
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  const end = addDays(next, -1);
  return end > to ? end : to;
}
