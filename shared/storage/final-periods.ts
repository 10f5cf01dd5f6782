/**
 * The final rule (DESIGN §4.2), in one place: whether a period's figures are final — the `final` of
 * `/v1/scores`, `/v1/rankings`, the dashboard and the XLSX report all ask {@link finalPeriods} — and
 * the guard every counted change passes inside its storage write (a dossier report, a complaint, a
 * case's answer, a citizen's judgement: ./dossier-reports.ts; a period input: ./period-inputs.ts), so
 * that no route can forget it and a figure once final never changes.
 *
 * A period [from, to] of a unit is **closed** when no change may enter it any more: the last day whose
 * rating links can still change it (`lastLinkDay`: `to`, or the end of the last month a dossier or
 * case of the period was returned in; none while a dossier received in it is open or a case waits
 * for its dossier's return) has passed with its links — from 00:00 (Asia/Ho_Chi_Minh) on
 * L + LINK_TTL_DAYS + 1, every link of L having expired during L + LINK_TTL_DAYS. It is **final** once
 * closed and every night that can change it, from `from` through L + LINK_TTL_DAYS, has been
 * aggregated (its run record `done`, ./aggregates.ts `nightsDone`): a night that failed, or was never
 * run (a backfill still to come, the catch-up after a start), keeps it open.
 *
 * The guard refuses (409, nothing stored) a change whose counted difference touches a day that is
 * closed for the dossier's unit (the figures of that day alone, as last aggregated: a month, a year,
 * a parent unit is final only if each of its days is, so the day is the one to keep). It judges by
 * the counts aggregated so far and does not wait for the nights: a change accepted after the close
 * could land in a night after the last one the final flag waits for. The administrator's import of
 * history passes `{ history: true }` and reopens what it loads (DESIGN §4.2).
 */
import { lastLinkDay } from '../dossier/life';
import type { Contribution } from '../counts';
import { ConflictError } from '../errors';
import { addDays, type LocalDay, monthOf, periodEnd, startOfLocalDay } from '../time';
import {
  aggKey,
  type Counts,
  nextMonth,
  nightsDone,
  periodKey,
  readCounts,
  SATISFACTION_FAMILY,
} from './aggregates';
import type { Store } from './client';
import { batchGet, decodeItem, guarded, type Item } from './dynamo';
import * as z from 'zod/mini';

/** The clock and the link lifetime the rule is computed with. */
export interface Finality {
  now: Date;
  linkTtlDays: number;
}

/**
 * What a counted write is checked with: the clock and link lifetime, or `{ history: true }` for the
 * administrator's import of history (and the demo's loader), which reopens the periods it loads.
 */
export type FinalGuard = Finality | { history: true };

/** A change refused because it would move figures already final (DESIGN §4.2), 409. */
export class FinalPeriodError extends ConflictError {
  constructor(
    readonly period: string,
    /** The field the change came in (a batch's entry), when there is one. */
    readonly field?: string,
  ) {
    const where = field ? `${field}: ` : '';
    super({
      vi: `${where}số liệu kỳ ${period} đã chốt (final), không thể thay đổi; không có gì được lưu. Việc nạp lại lịch sử do quản trị viên thực hiện.`,
      en: `${where}the figures of ${period} are final and can no longer change; nothing was stored. History is reloaded by the administrator.`,
    });
  }
}

/** The last night that can change a period ending on `to` with `counts`; undefined while one is open. */
function lastNight(counts: Counts, to: LocalDay, linkTtlDays: number): LocalDay | undefined {
  const last = lastLinkDay(counts, to);
  return last === undefined ? undefined : addDays(last, linkTtlDays);
}

/** Whether no change may enter a period ending on `to` with `counts` any more (see the module comment). */
export function periodClosed(counts: Counts, to: LocalDay, finality: Finality): boolean {
  const night = lastNight(counts, to, finality.linkTtlDays);
  return night !== undefined && finality.now.getTime() >= startOfLocalDay(addDays(night, 1)).getTime();
}

/**
 * The nights done over [from, through] as a current figure sheet holds them (./figure-sheets.ts): no
 * night after `through` has run since, or the sheet would be stale.
 */
export interface KnownNights {
  from: LocalDay;
  through: LocalDay;
  done: ReadonlySet<LocalDay>;
}

/**
 * The final flag of every answer: `final(counts, from, to)` for a period [from, to] with its counts.
 * The nights are read once per month and request (one small item each), or taken from `known` (a
 * current figure sheet's copy of them) when it starts by `from`: then nothing is read.
 */
export function finalPeriods(store: Store, finality: Finality, known?: KnownNights) {
  const months = new Map<string, Promise<Set<LocalDay>>>();
  const nights = async (from: LocalDay, through: LocalDay): Promise<ReadonlySet<LocalDay>[]> => {
    // Nights after `known.through` had not run when the sheet was built, nor since (it is current).
    if (known && known.from <= from) return [known.done];
    const wanted: string[] = [];
    for (let month = monthOf(from); month <= monthOf(through); month = nextMonth(month)) wanted.push(month);
    const missing = wanted.filter((month) => !months.has(month));
    if (missing.length > 0) {
      const read = guarded(() => nightsDone(store, missing));
      for (const month of missing)
        months.set(
          month,
          read.then((found) => found.get(month)!),
        );
    }
    return Promise.all(wanted.map((month) => months.get(month)!));
  };
  return async (counts: Counts, from: LocalDay, to: LocalDay): Promise<boolean> => {
    if (!periodClosed(counts, to, finality)) return false;
    const through = lastNight(counts, to, finality.linkTtlDays)!;
    const done = await nights(from, through);
    for (let day = from; day <= through; day = addDays(day, 1)) {
      if (!done.some((set) => set.has(day))) return false;
    }
    return true;
  };
}

const countsItemSchema = z.object({ counts: z.record(z.string(), z.number()) });

/**
 * The guard of a dossier's change (report, complaint, answer, judgement): refuses (409) when the
 * change's counted difference touches a day that is closed for its unit. Only days past their links
 * by the clock alone are read (one BatchGet of their day counts); a change of today reads nothing.
 */
export async function guardCountedChange(
  store: Store,
  changes: Contribution[],
  guard: FinalGuard,
  field?: string,
): Promise<void> {
  if ('history' in guard) return;
  const candidates = new Map<string, { unit: string; day: LocalDay }>();
  for (const change of changes) {
    if (!Object.values(change.counts).some((value) => value !== 0)) continue;
    if (!periodClosed({}, change.day, guard)) continue;
    candidates.set(`${change.unit}\n${change.day}`, { unit: change.unit, day: change.day });
  }
  if (candidates.size === 0) return;
  const keys = [...candidates.values()].map(({ unit, day }) =>
    aggKey(SATISFACTION_FAMILY, unit, periodKey.day(day)),
  );
  const found = new Map(
    (await guarded(() => batchGet(store, keys))).map((item: Item) => [
      `${String(item.pk)}\n${String(item.sk)}`,
      decodeItem(countsItemSchema, 'aggregate', item).counts,
    ]),
  );
  const closed = [...candidates.values()]
    .filter(({ unit, day }) => {
      const key = aggKey(SATISFACTION_FAMILY, unit, periodKey.day(day));
      return periodClosed(found.get(`${key.pk}\n${key.sk}`) ?? {}, day, guard);
    })
    .map(({ day }) => day)
    .sort();
  if (closed.length > 0) throw new FinalPeriodError(closed[0]!, field);
}

/**
 * The guard of a period input (joined to tt01 when scores are read): refuses (409) a value for a
 * month that is closed for the unit (one BatchGet of its month counts).
 */
export async function guardPeriodInput(
  store: Store,
  unit: string,
  month: string,
  guard: FinalGuard,
): Promise<void> {
  if ('history' in guard) return;
  const from = `${month}-01`;
  const to = periodEnd(from, 'month');
  if (!periodClosed({}, to, guard)) return;
  const { total } = await guarded(() => readCounts(store, SATISFACTION_FAMILY, unit, from, to));
  if (periodClosed(total, to, guard)) throw new FinalPeriodError(month);
}
