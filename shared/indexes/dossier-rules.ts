/**
 * Pure per-dossier rules of the index methods (DESIGN §3, §4.2), over the few facts of a dossier's
 * life they need, as of a local day (Asia/Ho_Chi_Minh). The nightly family calls these on each
 * dossier in its current state and adds the counters of `./counters.ts`; nothing here does I/O.
 *
 * Decision 766/QĐ-TTg as the national portal computes it — "Mô tả công thức tính chỉ số 766", item 2.1
 * "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn" (the portal's published description of its formulas, as
 * circulated to provinces; read from a public transcription, see docs/index-methods.md):
 * - end of processing = "Đã xử lý xong" (`finishedAt`), else "Đã trả kết quả" (`returnedAt`);
 * - the applicant's supplement time (from "Yêu cầu bổ sung" to "hoàn thành bổ sung") is deducted from
 *   the end of processing; a supplement still awaited stops the clock at its request;
 * - "Yêu cầu bổ sung hồ sơ hơn 01 lần thì tính quá hạn" — a named rule here, on by default;
 * - on time: the (adjusted) end day is on or before the due day ("Ngày kết thúc xử lý <, = ngày hẹn
 *   trả"); not finished: the end of the reporting day stands for the end, so an open dossier becomes
 *   late on the day after its (extended) due day.
 */
import { addDays, type LocalDay, localDay, startOfLocalDay, type Timeliness } from '../time';

export const dossierChannels = ['online', 'counter', 'postal'] as const;
export type DossierChannel = (typeof dossierChannels)[number];

/** What the index rules read of a dossier. Instants are ISO 8601 strings. */
export interface DossierFacts {
  receivedAt: string;
  dueAt: string;
  finishedAt?: string;
  returnedAt?: string;
  supplements: { requestedAt: string; suppliedAt?: string }[];
  /** Supplement requests as counted by the one-stop system (the wave-1 field, no dates). */
  supplementRequests: number;
  withdrawn: boolean;
  /**
   * Refused (`rejectedAt`) or stopped (`stoppedAt`): processing ends there, the dossier stays in the
   * denominator (the formula description, item 2.1: "Từ chối, Dừng xử lý" among the end states; a
   * finish or a return, when known, comes first).
   */
  rejectedAt?: string;
  stoppedAt?: string;
  complaint: boolean;
  channel: DossierChannel;
  /** Each agency taking part (Circular 01/2018/TT-VPCP art. 13 b). */
  steps: { unit: string; dueAt: string; finishedAt?: string }[];
}

export interface Qd766Rules {
  /** More than one supplement request makes the dossier late (the portal's rule; default on). */
  multipleSupplementsLate: boolean;
  /**
   * Which dossiers that rule applies to: `all` (default), or `unfinished` — only a dossier neither
   * finished nor returned as of the day, the formula description's reading (item 2.1: the rule is the
   * exception to "only 'Yêu cầu bổ sung hồ sơ', no 'Đã xử lý xong' nor 'Đã trả kết quả'").
   */
  multipleSupplementsScope?: 'all' | 'unfinished';
}

export const defaultQd766Rules: Qd766Rules = { multipleSupplementsLate: true };

/** A dossier's Decision 766 status as of a day. Withdrawn dossiers leave the denominator. */
export type Qd766Status = 'onTime' | 'late' | 'inProgress' | 'withdrawn';

export interface Qd766Assessment {
  status: Qd766Status;
  /** Why a dossier is late: finished after the due day, still open past it, or asked twice. */
  lateReason?: 'finishedLate' | 'overdueOpen' | 'multipleSupplements';
  /** The local day the dossier counts in (its receipt day). */
  receivedDay: LocalDay;
  /** Milliseconds spent waiting for the applicant's supplements, up to the end or the day's end. */
  supplementWaitMs: number;
  /** Supplement requests known as of the day. */
  supplementRequests: number;
  /** The end of processing, when it happened on or before the day. */
  endAt?: string;
}

const ms = (instant: string) => Date.parse(instant);

/** The first instant after local day `asOf`: what happened at or after it has not happened yet. */
const cutoffOf = (asOf: LocalDay) => startOfLocalDay(addDays(asOf, 1)).getTime();

/**
 * Total time waiting for the applicant, up to `until`: the union of the supplement intervals (a
 * supplement still awaited runs to `until`), so overlapping requests are not counted twice.
 */
export function supplementWaitMs(facts: Pick<DossierFacts, 'supplements'>, until: number): number {
  const intervals = facts.supplements
    .map(({ requestedAt, suppliedAt }) => [
      ms(requestedAt),
      Math.min(suppliedAt !== undefined ? ms(suppliedAt) : until, until),
    ])
    .sort((a, b) => a[0]! - b[0]!);
  let total = 0;
  let coveredTo = -Infinity;
  // A request at or after `until`, or supplied before it was made, ends where it starts or before:
  // it adds nothing, and its end cannot pass a later start.
  for (const [start, end] of intervals) {
    total += Math.max(0, end! - Math.max(start!, coveredTo));
    coveredTo = Math.max(coveredTo, end!);
  }
  return total;
}

/** Supplement requests known as of the cutoff: the larger of the dated list and the plain count. */
function supplementCount(facts: DossierFacts, cutoff: number): number {
  const dated = facts.supplements.filter((supplement) => ms(supplement.requestedAt) < cutoff).length;
  return Math.max(dated, facts.supplementRequests);
}

/** The earlier of two optional instants. */
function earliest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return ms(a) <= ms(b) ? a : b;
}

/**
 * The Decision 766 status of a dossier as of local day `asOf` (events after that day are ignored, so
 * the status of any past day can be recomputed from the dossier's current facts).
 */
export function qd766Status(
  facts: DossierFacts,
  asOf: LocalDay,
  rules: Qd766Rules = defaultQd766Rules,
): Qd766Assessment {
  const cutoff = cutoffOf(asOf);
  const receivedDay = localDay(facts.receivedAt);
  const end = facts.finishedAt ?? facts.returnedAt ?? earliest(facts.stoppedAt, facts.rejectedAt);
  const ended = end !== undefined && ms(end) < cutoff;
  const until = ended ? ms(end) : cutoff;
  const wait = supplementWaitMs(facts, until);
  const requests = supplementCount(facts, cutoff);
  const base = { receivedDay, supplementWaitMs: wait, supplementRequests: requests };
  const withEnd = ended ? { ...base, endAt: end } : base;
  if (facts.withdrawn) return { ...withEnd, status: 'withdrawn' };
  if (
    rules.multipleSupplementsLate &&
    requests > 1 &&
    !(rules.multipleSupplementsScope === 'unfinished' && ended)
  )
    return { ...withEnd, status: 'late', lateReason: 'multipleSupplements' };
  const dueDay = localDay(facts.dueAt);
  // The adjusted end: the end of processing (or the last instant of the day) less the waiting time.
  const adjustedDay = localDay((ended ? ms(end) : cutoff - 1) - wait);
  if (adjustedDay <= dueDay) return { ...withEnd, status: ended ? 'onTime' : 'inProgress' };
  return { ...withEnd, status: 'late', lateReason: ended ? 'finishedLate' : 'overdueOpen' };
}

/** Early / on time / late of an end against a due instant, in local days, less a waiting time. */
export function timelinessAgainst(dueAt: string, endAt: string, waitMs = 0): Timeliness {
  const due = localDay(dueAt);
  const end = localDay(ms(endAt) - waitMs);
  if (end < due) return 'early';
  if (end === due) return 'onTime';
  return 'late';
}

export type IndicatorScore = 0 | 1 | 2;

const scoreOf = (value: Timeliness): IndicatorScore => (value === 'early' ? 2 : value === 'onTime' ? 1 : 0);

/**
 * The unit's period inputs of the indicators the Circular does not take from a dossier's dates or
 * from the citizen (recorded by an administrator: `shared/storage/period-inputs.ts`): i5 reception and
 * return at the one-stop section (art. 13 đ), i6 publicity of the procedure (art. 13 e), i9 progress
 * and quality of the online public service (art. 13 g). Each a score 0–2; absent = not recorded.
 */
export interface PeriodInputScores {
  i5?: IndicatorScore;
  i6?: IndicatorScore;
  i9?: IndicatorScore;
}

export interface Tt01DossierScores {
  /** The local day the dossier counts in for tt01 (its return day). */
  returnedDay: LocalDay;
  /** Art. 13 a: total time against the due date — early 2, on time 1, late 0. */
  i1: IndicatorScore;
  timeliness: Timeliness;
  /** Art. 13 b: each agency's time against its own due date, for the agency (step unit). */
  i2: { unit: string; score: IndicatorScore }[];
  /** Art. 13 đ, e: the unit's period inputs, for every dossier returned (null when not recorded). */
  i5: IndicatorScore | null;
  i6: IndicatorScore | null;
  /** Art. 13 g: for dossiers that used the online service (channel `online`); null otherwise. */
  i9: IndicatorScore | null;
}

/**
 * The Circular 01/2018/TT-VPCP art. 13 scores a returned dossier carries by itself; null when the
 * dossier has not been returned (tt01 counts a dossier in the period its result was returned).
 * i1 uses the same end of processing and supplement deduction as Decision 766; a step not finished
 * by the return has no i2 score (no data).
 */
export function tt01DossierScores(
  facts: DossierFacts,
  inputs: PeriodInputScores = {},
): Tt01DossierScores | null {
  if (facts.returnedAt === undefined || facts.withdrawn) return null;
  const end = facts.finishedAt ?? facts.returnedAt;
  const timeliness = timelinessAgainst(facts.dueAt, end, supplementWaitMs(facts, ms(end)));
  return {
    returnedDay: localDay(facts.returnedAt),
    i1: scoreOf(timeliness),
    timeliness,
    i2: facts.steps
      .filter((step) => step.finishedAt !== undefined)
      .map((step) => ({ unit: step.unit, score: scoreOf(timelinessAgainst(step.dueAt, step.finishedAt!)) })),
    i5: inputs.i5 ?? null,
    i6: inputs.i6 ?? null,
    i9: facts.channel === 'online' ? (inputs.i9 ?? null) : null,
  };
}
