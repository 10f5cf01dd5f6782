/**
 * The demo province of the local run: Cao Bằng, deterministic (a seeded PRNG), so every start, test
 * and screenshot sees the same shape of data. Units follow the two-level map of 1 July 2025 (province →
 * communes and wards) with one legacy district layer kept to show that older data fits the same tree.
 * Exported piece by piece so tests and the other parts (aggregation, benchmarks) can reuse them.
 */
import { type DemoMarker, demoMarkerKey, getDemoMarker, putDemoMarker } from '../shared/storage/demo-marker';
import type { Store } from '../shared/storage/client';
import { type Dossier, completeDossier, dossierToItem } from '../shared/storage/dossiers';
import type { Item } from '../shared/storage/dynamo';
import { demoCases } from './demo-feedback';
import { stateReportedAtReturn } from '../shared/aggregation/dossier-life';
import { caseFactsOfItem } from '../shared/storage/dossier-reports';
import { compact } from '../shared/storage/dossier-snapshots';
import { batchPut } from '../shared/storage/dynamo';
import { putProcedures } from '../shared/storage/procedures';
import {
  type Rating,
  ratedDossierToItem,
  ratingFromAnswers,
  type Score,
} from '../shared/storage/rating-encoding';
import { importUnits } from '../shared/storage/units';
import { addDays, type LocalDay, localDay, startOfLocalDay } from '../shared/time';
import { reasonCodes } from '../shared/instruments/rating';
import { loadDemoSkills } from './demo-skills';
import { loadDemoLives } from './demo-lives';
import { DEMO_PROVINCE, demoProcedureCatalogue, demoProcedures, demoUnits } from './demo-catalogue';
import { seededRandom } from './random';

export { seededRandom };

export { DEMO_PROVINCE, demoProcedureCatalogue, demoProcedures, demoUnits };

/** Reason codes of a "Không hài lòng" answer used by the demo. */
/** The reasons demo citizens give, from the instrument's own list (no unofficial fees in the demo). */
export const DEMO_REASONS = reasonCodes.filter((code) => code !== 'unofficial_fees');

const POSITIVE_COMMENTS = [
  'Cán bộ hướng dẫn tận tình, hồ sơ trả trước hẹn.',
  'Thủ tục nhanh gọn, không phải đi lại nhiều.',
  'Nộp trực tuyến rất tiện, cảm ơn Trung tâm.',
  'Cán bộ niềm nở, giải thích rõ ràng.',
  'Rất hài lòng, kết quả nhận qua bưu điện đúng hẹn.',
];
const NEUTRAL_COMMENTS = [
  'Phải chờ hơi lâu ở quầy tiếp nhận.',
  'Nên có thêm hướng dẫn bằng tiếng dân tộc.',
  'Cổng dịch vụ công đôi khi bị chậm.',
  'Mong được nhắn tin báo khi có kết quả.',
];
const NEGATIVE_COMMENTS = [
  'Phải bổ sung giấy tờ nhiều lần, hướng dẫn không rõ ngay từ đầu.',
  'Hồ sơ bị trễ hẹn mà không được thông báo.',
  'Gọi điện hỏi nhiều lần không ai nghe máy.',
  'Thái độ tiếp dân chưa tốt.',
];

export interface DemoData {
  dossiers: Dossier[];
  ratings: Rating[];
}

export interface DemoOptions {
  /** The instant the demo is built at; dossiers fall in the 90 days before it. */
  now: Date;
  seed?: number;
  /** Dossiers to make (default 2,400). */
  dossierCount?: number;
  linkTtlDays: number;
}

const HOUR = 3_600_000;

/** An instant on a local day at a local working hour (07:30–17:00), drawn from `random`. */
function atWorkingHour(day: LocalDay, random: () => number): Date {
  return new Date(startOfLocalDay(day).getTime() + 7.5 * HOUR + Math.floor(random() * 9.5 * HOUR));
}

/** Monday–Friday (and a few Saturday mornings, as one-stop centres open them). */
function isWorkingDay(day: LocalDay, random: () => number): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  if (weekday === 0) return false;
  if (weekday === 6) return random() < 0.15;
  return true;
}

/**
 * Deterministic demo dossiers and ratings over the 90 days before `now`: ≈ 70% early, 20% on time,
 * 10% late; ≈ 55% online, 40% counter, 5% postal; some supplement requests and complaints; ratings for
 * about a third, some arriving days after the return (always before the link expires and before `now`).
 */
export function generateDemo(options: DemoOptions): DemoData {
  const random = seededRandom(options.seed ?? 2025);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const count = options.dossierCount ?? 2400;
  const today = localDay(options.now);
  const days: LocalDay[] = [];
  for (let offset = 90; offset >= 0; offset--) {
    const day = addDays(today, -offset);
    if (isWorkingDay(day, random)) days.push(day);
  }
  const communes = demoUnits.filter((unit) => unit.kind === 'commune');
  const sipasUnits = new Set(demoUnits.filter((unit) => unit.sipas).map((unit) => unit.id));
  const communeProcedures = demoProcedures.filter((p) => p.handledBy === 'commune');
  const departmentProcedures = demoProcedures.filter((p) => p.handledBy !== 'commune');
  const sequence = new Map<string, number>();
  const dossiers: Dossier[] = [];
  const ratings: Rating[] = [];

  for (let n = 0; n < count; n++) {
    // Where it was handled: communes take most dossiers; departments (or the provincial centre on
    // their behalf) the rest.
    let unit: string;
    let procedure: (typeof demoProcedures)[number];
    if (random() < 0.6) {
      unit = pick(communes).id;
      procedure = pick(communeProcedures);
    } else {
      procedure = pick(departmentProcedures);
      unit = random() < 0.3 ? 'tt-phvhcc' : procedure.handledBy;
    }
    const returnedDay = pick(days);
    let returnedAt = atWorkingHour(returnedDay, random);
    if (returnedAt.getTime() > options.now.getTime() - HOUR) {
      returnedAt = new Date(options.now.getTime() - HOUR - Math.floor(random() * 6 * HOUR));
    }
    const returnedLocal = localDay(returnedAt);
    const draw = random();
    const timelinessClass = draw < 0.7 ? 'early' : draw < 0.9 ? 'onTime' : 'late';
    const calendarDays = Math.max(1, Math.round((procedure.processingDays * 7) / 5));
    let dueDay: LocalDay;
    if (timelinessClass === 'early')
      dueDay = addDays(returnedLocal, 1 + Math.floor(random() * Math.max(1, calendarDays / 2)));
    else if (timelinessClass === 'onTime') dueDay = returnedLocal;
    else dueDay = addDays(returnedLocal, -(1 + Math.floor(random() * 5)));
    const dueAt = new Date(startOfLocalDay(dueDay).getTime() + 17 * HOUR);
    let receivedAt = atWorkingHour(addDays(dueDay, -calendarDays), random);
    if (receivedAt.getTime() >= returnedAt.getTime()) receivedAt = new Date(returnedAt.getTime() - 2 * HOUR);

    const channelDraw = random();
    const channel = channelDraw < 0.55 ? 'online' : channelDraw < 0.95 ? 'counter' : 'postal';
    const supplementDraw = random();
    const supplementRequests = supplementDraw < 0.82 ? 0 : supplementDraw < 0.96 ? 1 : 2;
    const complaint = random() < (timelinessClass === 'late' ? 0.08 : 0.005);
    const applicantType = procedure.field.includes('doanh nghiệp') || random() < 0.1 ? 'business' : 'citizen';

    const seq = (sequence.get(`${unit}${returnedLocal}`) ?? 0) + 1;
    sequence.set(`${unit}${returnedLocal}`, seq);
    const unitIndex = demoUnits.findIndex((candidate) => candidate.id === unit);
    // Circular 01/2018/TT-VPCP art. 19: V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX (H10: Cao Bằng).
    const code = `000.${String(unitIndex).padStart(2, '0')}.21.H10-${returnedLocal.slice(2).replaceAll('-', '')}-${String(seq).padStart(4, '0')}`;
    // Registered by the one-stop system a few minutes after the return.
    const registeredAt = new Date(
      Math.min(returnedAt.getTime() + (2 + Math.floor(random() * 30)) * 60_000, options.now.getTime()),
    );
    const dossier = completeDossier(
      {
        code,
        unit,
        procedure: procedure.code,
        applicantType,
        channel,
        receivedAt: receivedAt.toISOString(),
        dueAt: dueAt.toISOString(),
        returnedAt: returnedAt.toISOString(),
        supplementRequests,
        complaint,
        asksSipas: sipasUnits.has(unit),
      },
      registeredAt,
      options.linkTtlDays,
    );
    dossiers.push(dossier);

    // About a third answer; most within a day, some days later, always before the link expires.
    if (random() >= 0.36) continue;
    const delayDraw = random();
    const delay =
      delayDraw < 0.6
        ? Math.floor(random() * 4 * HOUR)
        : delayDraw < 0.85
          ? Math.floor(random() * 2 * 86_400_000)
          : Math.floor(random() * Math.min(options.linkTtlDays, 20) * 86_400_000);
    const ratedAt = registeredAt.getTime() + 60_000 + delay;
    if (ratedAt >= options.now.getTime() || ratedAt >= Date.parse(dossier.linkExpiresAt)) continue;

    const mood =
      random() - (timelinessClass === 'late' ? 0.35 : 0) - (complaint ? 0.3 : 0) - supplementRequests * 0.08;
    const overall: Score = mood < 0.07 ? 0 : mood < 0.38 ? 1 : 2;
    const i3: Score = supplementRequests === 0 ? (random() < 0.9 ? 2 : 1) : supplementRequests === 1 ? 1 : 0;
    const i4: Score =
      channel === 'online' ? (random() < 0.85 ? 2 : 1) : random() < 0.85 ? 1 : random() < 0.5 ? 2 : 0;
    const i7: Score =
      overall === 2
        ? random() < 0.9
          ? 2
          : 1
        : overall === 1
          ? random() < 0.7
            ? 1
            : 2
          : random() < 0.5
            ? 0
            : 1;
    const commentDraw = random();
    const comment =
      commentDraw < 0.3
        ? overall === 2
          ? pick(POSITIVE_COMMENTS)
          : overall === 1
            ? pick(NEUTRAL_COMMENTS)
            : pick(NEGATIVE_COMMENTS)
        : undefined;
    const reason =
      overall === 0
        ? timelinessClass === 'late'
          ? 'slow'
          : supplementRequests > 0
            ? 'extra_papers'
            : pick(DEMO_REASONS)
        : undefined;
    const sipasScore = () => Math.min(5, Math.max(1, Math.round(3.2 + overall * 0.7 + (random() - 0.5) * 2)));
    // The SIPAS draws come before the language draw, as they always have: the demo stays the same.
    const sipas =
      sipasUnits.has(unit) && random() < 0.8
        ? { s1: sipasScore(), s2: sipasScore(), s3: sipasScore(), s4: sipasScore(), s5: sipasScore() }
        : undefined;
    const lang = random() < 0.95 ? 'vi' : 'en';
    ratings.push(
      ratingFromAnswers(
        dossier,
        {
          overall,
          i3,
          i4,
          i7,
          reason,
          reasonText: reason === 'other' ? 'Không được hướng dẫn cách tra cứu kết quả.' : undefined,
          comment,
          sipas,
          lang,
        },
        new Date(ratedAt),
      ),
    );
  }
  return { dossiers, ratings };
}

export { demoMarkerKey, type DemoMarker, getDemoMarker };

export async function isDemoLoaded(store: Store): Promise<boolean> {
  return (await getDemoMarker(store))?.state === 'loaded';
}

/**
 * Loads the demo province (units, procedures, dossiers, ratings) into `store`. The marker is written
 * `loading` first, with the instant the data is built at, so a load cut short is redone with the same
 * instant (same items, overwritten) rather than a second set; then `loaded`. Reports progress.
 */
export async function loadDemo(
  store: Store,
  options: DemoOptions & {
    retentionDays: number;
    progress?: (done: number, total: number, label: string) => void;
  },
): Promise<{
  units: number;
  procedures: number;
  dossiers: number;
  ratings: number;
  assessments: number;
  lives: number;
}> {
  const progress = options.progress ?? (() => {});
  const marker = await getDemoMarker(store);
  const now = marker?.state === 'loading' && marker.builtAt ? new Date(marker.builtAt) : options.now;
  const writeMarker = (state: DemoMarker['state'], extra: Record<string, unknown> = {}) =>
    putDemoMarker(store, { state, builtAt: now.toISOString() }, { seed: options.seed ?? 2025, ...extra });
  await writeMarker('loading');
  await importUnits(store, demoUnits);
  await putProcedures(store, demoProcedureCatalogue);
  const { dossiers, ratings } = generateDemo({ ...options, now });
  // A rating is attributes of its dossier's item: the rated dossiers are written as rated. Feedback
  // cases live on their dossier's item too (DESIGN §4.4): every state, see demo-feedback.ts.
  const ratingOf = new Map(ratings.map((rating) => [rating.rid, rating]));
  const cases = demoCases(dossiers, ratings, now);
  const items = dossiers.map((dossier) => {
    const rating = ratingOf.get(dossier.rid);
    const item = dossierToItem(dossier);
    const merged: Item = {
      ...(rating ? ratedDossierToItem(item, rating, options.retentionDays) : item),
      ...cases.get(dossier.rid),
    };
    // A wave-1 dossier is counted with the state of its own arrival: with its case, the demo's case
    // (opened, answered, judged at once) is counted in the official figures as a live one would be.
    const feedbackCase = caseFactsOfItem(merged);
    if (feedbackCase) merged.legacyState = compact({ ...stateReportedAtReturn(dossier), feedbackCase });
    return merged;
  });
  const chunk = 250;
  for (let start = 0; start < items.length; start += chunk) {
    await batchPut(store, items.slice(start, start + chunk));
    progress(Math.min(start + chunk, items.length), items.length, 'dossiers and ratings');
  }

  // Dossiers reported over their whole life, one for every 16 of the wave-1 kind (150 by default).
  const lives = await loadDemoLives(store, {
    now,
    count: Math.round((options.dossierCount ?? 2400) / 16),
    linkTtlDays: options.linkTtlDays,
  });
  progress(lives.reports, lives.reports, 'dossier lives');

  const communes = demoUnits.filter((unit) => unit.kind === 'commune').map((unit) => unit.id);
  const skills = await loadDemoSkills(store, communes, { now });
  progress(skills.assessments.length, skills.assessments.length, 'self-assessments');

  const counts = {
    units: demoUnits.length,
    procedures: demoProcedureCatalogue.length,
    dossiers: dossiers.length,
    ratings: ratings.length,
    assessments: skills.assessments.length,
    lives: lives.lives,
  };
  await writeMarker('loaded', { loadedAt: new Date().toISOString(), ...counts });
  return counts;
}
