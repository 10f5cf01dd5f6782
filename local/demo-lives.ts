/**
 * Dossiers of the demo province reported over their whole life (DESIGN §3), through the same
 * reporting path as `POST /v1/dossiers`: at receipt, at each supplement request and supply, at the
 * end of processing and at the return — each report stored at the moment it happened, so the day
 * snapshots and due entries fall on their days and the nightly job counts them as in production.
 * Some are still in progress, some overdue and still open, some asked for supplements once or twice,
 * some withdrawn; each finished one with its commune's handling step (i2). Deterministic for a seed;
 * drawn apart from the wave-1 dossiers of ./demo.ts.
 */
import { decideReport } from '../shared/dossier-registration';
import type { Store } from '../shared/storage/client';
import { type DossierReport, storeReport } from '../shared/storage/dossier-reports';
import { putPeriodInput, type TransparencyIndicator } from '../shared/storage/period-inputs';
import { addDays, type LocalDay, localDay, startOfLocalDay } from '../shared/time';
import { DEMO_PROVINCE, demoCatalogueFacts, demoProcedures, demoUnits } from './demo-catalogue';
import { seededRandom } from './random';

const HOUR = 3_600_000;

/** One report of a life, stored at `at`. */
export interface DemoReport {
  at: Date;
  report: DossierReport;
}

/** The reports of `count` lives over the 30 days before `now`, in the order they happen. */
export function generateDemoLives(options: { now: Date; count: number; seed?: number }): DemoReport[] {
  const random = seededRandom(options.seed ?? 766);
  // The scorecard's facts draw from a stream of their own, so the lives stay as they were.
  const chance = seededRandom((options.seed ?? 766) + 22);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const communes = demoUnits.filter((unit) => unit.kind === 'commune');
  const communeProcedures = demoProcedures.filter((p) => p.handledBy === 'commune');
  const today = localDay(options.now);
  const reports: DemoReport[] = [];
  const working = (day: LocalDay, hour: number) => new Date(startOfLocalDay(day).getTime() + hour * HOUR);
  for (let n = 0; n < options.count; n++) {
    const unit = pick(communes).id;
    const procedure = pick(communeProcedures);
    const receivedDay = addDays(today, -(1 + Math.floor(random() * 30)));
    const receivedAt = working(receivedDay, 8 + random() * 8);
    const dueDays = 2 + Math.floor(random() * 8);
    const dueAt = working(addDays(receivedDay, dueDays), 17);
    const code = `000.${String(demoUnits.findIndex((u) => u.id === unit)).padStart(2, '0')}.21.H10-${receivedDay.slice(2).replaceAll('-', '')}-L${String(n).padStart(3, '0')}`;
    const facts: DossierReport = {
      code,
      unit,
      procedure: procedure.code,
      applicantType: 'citizen',
      // ~70% submitted online (the share the provinces' reform reports quote: 71.55%).
      channel: random() < 0.7 ? 'online' : 'counter',
      receivedAt: receivedAt.toISOString(),
      dueAt: dueAt.toISOString(),
      supplements: [],
      supplementRequests: 0,
      withdrawn: false,
      complaint: false,
      steps: [],
      facts: receiptFacts(procedure.code, chance),
    };
    // Set with the result, when it comes: an electronic result for ~69% (68.99% in the reports).
    const electronicResult = chance() < 0.69;
    let clock = receivedAt.getTime();
    const report = (at: number, change: (facts: DossierReport) => void) => {
      if (at >= options.now.getTime() - HOUR) return false;
      change(facts);
      reports.push({
        at: new Date(at),
        report: structuredClone({ ...facts, updatedAt: new Date(at).toISOString() }),
      });
      clock = at;
      return true;
    };
    report(clock, () => {});
    // A third are asked for supplements, some twice (late by the portal's rule).
    const asks = random() < 0.33 ? (random() < 0.3 ? 2 : 1) : 0;
    for (let ask = 0; ask < asks; ask++) {
      const requested = clock + (4 + random() * 40) * HOUR;
      const index = facts.supplements.length;
      if (
        !report(requested, (f) => void f.supplements.push({ requestedAt: new Date(requested).toISOString() }))
      )
        break;
      const supplied = requested + (6 + random() * 60) * HOUR;
      report(supplied, (f) => void (f.supplements[index]!.suppliedAt = new Date(supplied).toISOString()));
    }
    const fate = random();
    if (fate < 0.08) {
      report(clock + (2 + random() * 48) * HOUR, (f) => void (f.withdrawn = true));
      continue;
    }
    // The rest finish around their due date, some well after it; the ones whose time has not come
    // yet stay in progress, or overdue and open.
    const finish = dueAt.getTime() + (random() < 0.75 ? -1 : 1) * random() * 3 * 24 * HOUR;
    const finishedAt = new Date(Math.max(finish, clock + HOUR)).toISOString();
    // The commune's own handling step (Circular 01/2018 art. 13 b, i2), due with the dossier and
    // finished with it: no random draw, so the lives stay as they were.
    const step = { unit, dueAt: dueAt.toISOString(), finishedAt };
    if (
      !report(Math.max(finish, clock + HOUR), (f) => {
        f.finishedAt = finishedAt;
        f.steps = [step];
        f.facts = { ...f.facts, electronicResult };
      })
    )
      continue;
    const returned = clock + (1 + random() * 30) * HOUR;
    report(returned, (f) => void (f.returnedAt = new Date(returned).toISOString()));
  }
  return reports.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * The scorecard's facts known at receipt, with the reform reports' shares: a fee on ~90% of the
 * dossiers of fee-charging procedures, ~42% of them paid online (42.35%); ~68% digitized (68.5%);
 * data reused on ~25%, taken from the citizen's store on ~12%, the population database read on ~60%,
 * ~97% synced to the national portal.
 */
function receiptFacts(code: string, chance: () => number): DossierReport['facts'] {
  const feeRequired = demoCatalogueFacts(code).feeCharging === true && chance() < 0.9;
  return {
    feeRequired,
    paidOnline: feeRequired && chance() < 0.42,
    digitized: chance() < 0.68,
    reusedData: chance() < 0.25,
    personalStorage: chance() < 0.12,
    citizenDataConnected: chance() < 0.6,
    syncedToPortal: chance() < 0.97,
  };
}

/**
 * The province's Decision 766 transparency figures (1.1–1.3) of the `index`-th month back, as the national procedure
 * database would give them: procedures due for publication that month and how many were published,
 * updated and made public on time, and with their full content — a little different each month.
 */
export function demoTransparency(
  index: number,
): { indicator: TransparencyIndicator; numerator: number; denominator: number }[] {
  const due = 18 + ((index * 5) % 7);
  return [
    { indicator: 'transparency.publishOnTime', numerator: due - 1 - (index % 3), denominator: due },
    { indicator: 'transparency.publicUpdateOnTime', numerator: due - (index % 2), denominator: due },
    { indicator: 'transparency.publicContentFull', numerator: due, denominator: due },
  ];
}

/** The months the demo's dossiers fall in (the 90 days before `now`), and a month more, newest first. */
const demoMonths = (now: Date): string[] => {
  const months = [localDay(now).slice(0, 7)];
  while (months.length < 5) months.push(addDays(`${months.at(-1)!}-01`, -1).slice(0, 7));
  return months;
};

/**
 * Stores the demo lives report by report (each at its own instant), a few agencies' period inputs
 * of Circular 01/2018 (i5, i6, i9) for the current and previous month, and the province's
 * transparency figures (Decision 766, 1.1–1.3) for every month of the demo's dossiers.
 */
export async function loadDemoLives(
  store: Store,
  options: { now: Date; count: number; linkTtlDays: number },
): Promise<{ lives: number; reports: number; periodInputs: number }> {
  const reports = generateDemoLives(options);
  for (const { at, report } of reports) {
    // History, loaded as the administrator's import loads it: it reopens what it loads (DESIGN §4.2).
    await storeReport(store, report, decideReport, {
      now: at,
      linkTtlDays: options.linkTtlDays,
      guard: { history: true },
    });
  }
  const months = [
    localDay(options.now).slice(0, 7),
    addDays(`${localDay(options.now).slice(0, 7)}-01`, -1).slice(0, 7),
  ];
  const agencies = demoUnits.filter((unit) => unit.kind === 'commune').slice(0, 4);
  let periodInputs = 0;
  for (const [index, agency] of agencies.entries()) {
    for (const month of months) {
      for (const indicator of ['i5', 'i6', 'i9'] as const) {
        await putPeriodInput(
          store,
          { unit: agency.id, month, indicator, value: (index + months.indexOf(month)) % 3 === 0 ? 1 : 2 },
          'demo',
          options.now,
          { history: true },
        );
        periodInputs++;
      }
    }
  }
  for (const [index, month] of demoMonths(options.now).entries()) {
    for (const figure of demoTransparency(index)) {
      await putPeriodInput(store, { unit: DEMO_PROVINCE, month, ...figure }, 'demo', options.now, {
        history: true,
      });
      periodInputs++;
    }
  }
  return { lives: options.count, reports: reports.length, periodInputs };
}
