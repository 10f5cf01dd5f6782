/**
 * AWS cost per million ratings and per month (DESIGN §7), from the sizes of real items made by
 * shared/storage/*ToItem with realistic values, and the request pattern of a dossier and a rating.
 * Prices are ap-southeast-1 (Singapore) list prices as assumed below — check them against the AWS
 * price pages before quoting; the model is the point, and rerunning it with new prices is one edit.
 *
 *   npx tsx bench/cost.ts
 */
import { pathToFileURL } from 'node:url';
import { receivedIndexItem } from '../shared/storage/dossier-received-index';
import { completeDossier, dossierToItem } from '../shared/storage/dossiers';
import { ratedDossierToItem, ratingFromAnswers } from '../shared/storage/rating-encoding';
import { TABLE } from '../shared/storage/table';
import { printTable, round, writeResult } from './support';

/** Assumed list prices, ap-southeast-1, USD. */
export const PRICES = {
  httpApiPerMillion: 1.2,
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  dynamoWritePerMillionWru: 0.7125,
  dynamoReadPerMillionRru: 0.1425,
  dynamoStoragePerGbMonth: 0.285,
  dynamoPitrPerGbMonth: 0.228,
  logsIngestPerGb: 0.7,
  xrayPerMillionTraces: 5,
  secretPerMonth: 0.4,
  kmsKeyPerMonth: 1,
  alarmPerMonth: 0.1,
  dashboardPerMonth: 3,
} as const;

/** DynamoDB's item size rules: UTF-8 names and strings, numbers ~1 byte per 2 digits + 1, 3 bytes per map/list. */
export function attributeSize(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number') return Math.ceil(String(Math.abs(value)).replace('.', '').length / 2) + 1;
  if (Array.isArray(value))
    return 3 + value.reduce((sum: number, element) => sum + 1 + attributeSize(element), 0);
  return (
    3 +
    Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .reduce((sum, [name, field]) => sum + 1 + Buffer.byteLength(name, 'utf8') + attributeSize(field), 0)
  );
}

export function itemSize(item: Record<string, unknown>): number {
  return Object.entries(item)
    .filter(([, value]) => value !== undefined)
    .reduce((sum, [name, value]) => sum + Buffer.byteLength(name, 'utf8') + attributeSize(value), 0);
}

type Index = (typeof TABLE.indexes)[number];

/** The copy of `item` an index holds: its keys and the attributes the index projects. */
export function indexCopy(item: Record<string, unknown>, index: Index): Record<string, unknown> | undefined {
  if (item[index.partitionKey] === undefined) return undefined;
  if (!('include' in index)) return item;
  const keep = new Set<string>([
    TABLE.partitionKey,
    TABLE.sortKey,
    index.partitionKey,
    index.sortKey,
    ...index.include,
  ]);
  return Object.fromEntries(Object.entries(item).filter(([name]) => keep.has(name)));
}

const units = (item: Record<string, unknown>) => Math.ceil(itemSize(item) / 1024);

/**
 * Write request units of writing `after` over `before` (a put when `before` is undefined): the base
 * item (the larger of its sizes before and after), plus each index copy that is created, changed or
 * removed — an index whose projected attributes the write leaves alone costs nothing (DynamoDB's
 * rules for secondary index writes).
 */
export function writeUnits(after: Record<string, unknown>, before?: Record<string, unknown>): number {
  let total = Math.max(units(after), before ? units(before) : 0);
  for (const index of TABLE.indexes) {
    const copyAfter = indexCopy(after, index);
    const copyBefore = before && indexCopy(before, index);
    if (JSON.stringify(copyAfter) === JSON.stringify(copyBefore)) continue;
    // A key change is a delete of the old copy and a put of the new one.
    const keyChanged =
      copyBefore !== undefined &&
      copyAfter !== undefined &&
      (copyBefore[index.partitionKey] !== copyAfter[index.partitionKey] ||
        copyBefore[index.sortKey] !== copyAfter[index.sortKey]);
    total += Math.max(copyAfter ? units(copyAfter) : 0, copyBefore ? units(copyBefore) : 0);
    if (keyChanged) total += units(copyBefore);
  }
  return total;
}

/** Stored bytes: base item + 100 bytes overhead, and again (projected) in every index it appears in. */
function storedBytes(item: Record<string, unknown>): number {
  return TABLE.indexes.reduce(
    (sum, index) => {
      const copy = indexCopy(item, index);
      return copy ? sum + itemSize(copy) + 100 : sum;
    },
    itemSize(item) + 100,
  );
}

const registeredAt = new Date('2025-03-12T09:30:00.000Z');
const dossier = completeDossier(
  {
    code: '000.00.15.H12-250312-0042',
    unit: 'xa-hoa-an',
    procedure: '1.001612.000.00.00.H12',
    applicantType: 'citizen',
    channel: 'counter',
    receivedAt: '2025-03-05T02:15:00.000Z',
    dueAt: '2025-03-12T10:00:00.000Z',
    returnedAt: '2025-03-12T09:20:00.000Z',
    supplementRequests: 0,
    complaint: false,
  },
  registeredAt,
  30,
);
const baseRating = ratingFromAnswers(
  dossier,
  { overall: 2, i3: 2, i4: 1, i7: 2, lang: 'vi' },
  new Date('2025-03-12T11:02:41.000Z'),
);
const comment =
  'Cán bộ tiếp nhận hướng dẫn rất nhiệt tình, trả kết quả sớm hơn hẹn. Mong xã bố trí thêm ghế chờ và niêm yết rõ lệ phí tại bộ phận một cửa.';
const dossierItem = () => dossierToItem(dossier);
/** The dossier's received-day index item (gsi5, the 766 dossier listing), written once with it. */
const receivedItem = receivedIndexItem(dossier);
const items = {
  dossier: dossierItem(),
  rating: ratedDossierToItem(dossierItem(), baseRating, 1095),
  ratingWithComment: ratedDossierToItem(dossierItem(), { ...baseRating, comment }, 1095),
  ratingWithSipas: ratedDossierToItem(
    dossierItem(),
    { ...baseRating, comment, sipas: { s1: 5, s2: 4, s3: 5, s4: 4, s5: 3 } },
    1095,
  ),
};

/** Assumptions about traffic (stated in BENCHMARKS.md). */
export const ASSUMPTIONS = {
  /** Share of ratings with a comment. */
  commentShare: 0.3,
  /** Ratings per dossier returned (the demo data rates about a third). */
  ratingsPerDossier: 1 / 3,
  /**
   * Billed Lambda milliseconds per request, warm, DynamoDB latency included: the page and the
   * submission each make ONE DynamoDB request (~5–10 ms in-region) and ~1–2 ms of handler work
   * (bench/warm.ts), rounded up generously.
   */
  publicMs: 20,
  apiMs: 50,
  /** Cold starts add init time on a small share of requests. */
  coldStartShare: 0.02,
  publicInitMs: 400,
  apiInitMs: 500,
  /**
   * Log bytes per request: the API access log line (JSON, ~230 bytes as configured in
   * infra/stacks/service-stack.ts) and CloudWatch's per-event overhead (26 bytes). Lambda's own
   * START/END/REPORT lines are off (system log level WARN) and a successful request logs nothing
   * else (it was 1,200: the platform lines plus an application line).
   */
  logBytesPerRequest: 260,
  /** The HTTP functions are not traced (X-Ray pass-through; only the nightly run is). It was 5%. */
  tracedShare: 0,
};

const GB = 1024 ** 3;

/** Cost of one unit of work, in USD. */
function requestCost(kind: 'public' | 'api', count: number) {
  const memoryGb = kind === 'public' ? 0.5 : 1;
  const ms = kind === 'public' ? ASSUMPTIONS.publicMs : ASSUMPTIONS.apiMs;
  const initMs = kind === 'public' ? ASSUMPTIONS.publicInitMs : ASSUMPTIONS.apiInitMs;
  const billedMs = ms + ASSUMPTIONS.coldStartShare * initMs;
  return {
    apiGateway: (count / 1e6) * PRICES.httpApiPerMillion,
    lambda:
      (count / 1e6) * PRICES.lambdaPerMillionRequests +
      count * (billedMs / 1000) * memoryGb * PRICES.lambdaArmPerGbSecond,
    logs: ((count * ASSUMPTIONS.logBytesPerRequest) / GB) * PRICES.logsIngestPerGb,
    xray: ((count * ASSUMPTIONS.tracedShare) / 1e6) * PRICES.xrayPerMillionTraces,
  };
}

type Costs = Record<string, number>;
const add = (a: Costs, b: Costs): Costs =>
  Object.fromEntries(
    [...new Set([...Object.keys(a), ...Object.keys(b)])].map((k) => [k, (a[k] ?? 0) + (b[k] ?? 0)]),
  );
const scale = (a: Costs, factor: number): Costs =>
  Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v * factor]));

/** The rating's one UpdateItem, from the registered dossier to the rated one. */
const ratingItemWru =
  ASSUMPTIONS.commentShare * writeUnits(items.ratingWithComment, items.dossier) +
  (1 - ASSUMPTIONS.commentShare) * writeUnits(items.rating, items.dossier);
const ratingStoredBytes =
  ASSUMPTIONS.commentShare * storedBytes(items.ratingWithComment) +
  (1 - ASSUMPTIONS.commentShare) * storedBytes(items.rating);

/**
 * One rating: GET /r/{token} (one eventually consistent Query of the dossier's partition, 0.5 RRU;
 * unit and procedure names from the warm cache) and POST /r/{token} (ONE conditional UpdateItem: the
 * rated dossier, its listing copy on gsi2 and its arrival copy on gsi3; gsi1 is untouched), answered
 * with the thank-you page itself (no third request).
 */
const perRating: Costs = add(scale(requestCost('public', 1), 2), {
  dynamoWrite: (ratingItemWru / 1e6) * PRICES.dynamoWritePerMillionWru,
  dynamoRead: (0.5 / 1e6) * PRICES.dynamoReadPerMillionRru,
});
/**
 * One dossier: POST /v1/dossiers (key, unit, procedure reads; the per-key limit write; the dossier put
 * with its arrival-bucket copy; its received-day index item and that item's gsi5 copy), the QR image
 * fetched once for printing (public: dossier read).
 */
const perDossier: Costs = add(add(requestCost('api', 1), requestCost('public', 1)), {
  dynamoWrite:
    ((1 + writeUnits(items.dossier) + writeUnits(receivedItem)) / 1e6) * PRICES.dynamoWritePerMillionWru,
  dynamoRead: ((3 * 0.5 + 0.5) / 1e6) * PRICES.dynamoReadPerMillionRru,
});

const total = (costs: Costs) => Object.values(costs).reduce((sum, value) => sum + value, 0);

export const FIXED_MONTHLY =
  PRICES.secretPerMonth + PRICES.kmsKeyPerMonth + 9 * PRICES.alarmPerMonth + PRICES.dashboardPerMonth;

/** Monthly cost for a number of dossiers a month, with storage after `months` of operation. */
function monthly(dossiersPerMonth: number, months: number) {
  const ratings = dossiersPerMonth * ASSUMPTIONS.ratingsPerDossier;
  const traffic = total(scale(perDossier, dossiersPerMonth)) + total(scale(perRating, ratings));
  const storedGb =
    (months *
      (dossiersPerMonth * (storedBytes(items.dossier) + storedBytes(receivedItem)) +
        ratings * ratingStoredBytes)) /
    GB;
  const storage = storedGb * (PRICES.dynamoStoragePerGbMonth + PRICES.dynamoPitrPerGbMonth);
  return {
    dossiersPerMonth,
    ratingsPerMonth: Math.round(ratings),
    trafficUsd: round(traffic, 2),
    storedGbAfter: round(storedGb, 2),
    storageUsd: round(storage, 2),
    fixedUsd: round(FIXED_MONTHLY, 2),
    totalUsd: round(traffic + storage + FIXED_MONTHLY, 2),
  };
}

export function runCost() {
  const sizes = Object.fromEntries(
    Object.entries(items).map(([name, item]) => [
      name,
      {
        bytes: itemSize(item),
        // a rating is an update of the registered dossier
        writeUnits: name === 'dossier' ? writeUnits(item) : writeUnits(item, items.dossier),
        storedBytesWithIndexes: storedBytes(item),
      },
    ]),
  );
  const perMillionRatings = scale(perRating, 1e6);
  const result = {
    name: 'cost',
    date: new Date().toISOString(),
    prices: PRICES,
    assumptions: ASSUMPTIONS,
    itemSizes: sizes,
    perMillionRatingsUsd: Object.fromEntries(
      Object.entries(perMillionRatings).map(([k, v]) => [k, round(v, 2)]),
    ),
    perMillionRatingsTotalUsd: round(total(perMillionRatings), 2),
    perMillionDossiersTotalUsd: round(total(scale(perDossier, 1e6)), 2),
    monthly: {
      province: [monthly(30_000, 12), monthly(30_000, 36)],
      national: [monthly(10_000_000, 12), monthly(10_000_000, 36)],
    },
  };
  writeResult('cost', result);
  console.log('Item sizes (DynamoDB rules):');
  printTable(Object.entries(sizes).map(([item, size]) => ({ item, ...size })));
  console.log('\nPer million ratings (USD):');
  printTable([{ ...result.perMillionRatingsUsd, total: result.perMillionRatingsTotalUsd }]);
  console.log(`\nPer million dossiers registered (USD): ${result.perMillionDossiersTotalUsd}`);
  console.log('\nMonthly (USD), storage after 12 and 36 months:');
  printTable([...result.monthly.province, ...result.monthly.national]);
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) runCost();
