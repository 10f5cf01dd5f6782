/**
 * Benchmark of the nightly aggregation (DESIGN §7: 1,000,000 ratings in one day under 60 s of
 * handler time on a 2-core machine, DynamoDB stubbed, memory under 512 MB, time linear in ratings).
 *
 * `npx tsx bench/aggregation.ts` runs the aggregate handler over 100k, 300k and 1M ratings that all
 * arrived on one day, over a unit tree the size of the demo province's (1 province, 10 departments,
 * 5 districts, 25 communes). Each size runs in a fresh child process so peaks do not mix. DynamoDB is
 * a fake `send`: the 16 day buckets answer Query pages of ~1 MB, generated on the fly in the wire
 * format and unmarshalled as the document client would; aggregate items live in an in-memory map.
 * Prints a table and writes bench/results/aggregation.json.
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context } from 'aws-lambda';
import { createAggregateHandler } from '../functions/aggregate/handler';
import { seededRandom } from '../local/random';
import type { Item } from '../shared/storage/dynamo';
import { ARRIVAL_SHARDS, RATING_ARRIVAL_ATTRIBUTES } from '../shared/storage/table';
import { putUnits, resolvePaths, type UnitInput } from '../shared/storage/units';
import { addDays } from '../shared/time';

export const SIZES = [100_000, 300_000, 1_000_000];
export const BUDGET = { handlerSeconds: 60, memoryMB: 512 };
const DAY = '2025-06-15';
/** A rating item in the wire format is ~620 bytes: ~1,650 per 1 MB page. */
const PAGE_ITEMS = 1650;
/** Share of the day's dossiers that also changed that day (a day snapshot each, issue #10). */
export const UPDATED_SHARE = 0.3;
/** A snapshot item holds two states (~1.3 KB in the wire format): ~750 per 1 MB page. */
const SNAPSHOT_PAGE_ITEMS = 750;

/** The demo province's shape: 1 province, 10 departments, 5 districts × 5 communes. */
export function demoTree(): UnitInput[] {
  const units: UnitInput[] = [{ id: 'cb', name: 'Tỉnh Cao Bằng', kind: 'province', parent: null }];
  for (let d = 1; d <= 10; d++)
    units.push({ id: `so-${d}`, name: `Sở ${d}`, kind: 'department', parent: 'cb' });
  for (let h = 1; h <= 5; h++) {
    units.push({ id: `huyen-${h}`, name: `Huyện ${h}`, kind: 'district', parent: 'cb' });
    for (let x = 1; x <= 5; x++) {
      units.push({ id: `xa-${h}-${x}`, name: `Xã ${h}.${x}`, kind: 'commune', parent: `huyen-${h}` });
    }
  }
  return units;
}

const S = (value: string): AttributeValue => ({ S: value });

/** A dossier's count-relevant state (shared/aggregation/dossier-life.ts), returned or still open. */
function dossierState(unit: string, returnedDay: string | undefined, next: () => number) {
  const received = addDays(returnedDay ?? DAY, -Math.floor(next() * 10));
  const due = addDays(received, 1 + Math.floor(next() * 10));
  return {
    unit,
    channel: next() < 0.55 ? 'online' : 'counter',
    receivedAt: `${received}T02:00:00.000Z`,
    dueAt: `${due}T10:00:00.000Z`,
    ...(returnedDay
      ? { finishedAt: `${returnedDay}T02:00:00.000Z`, returnedAt: `${returnedDay}T03:00:00.000Z` }
      : {}),
    supplements:
      next() < 0.2
        ? [{ requestedAt: `${received}T04:00:00.000Z`, suppliedAt: `${received}T09:00:00.000Z` }]
        : [],
    supplementRequests: 0,
    withdrawn: false,
    complaint: next() < 0.03,
    steps: [],
    // The scorecard's facts (issue 22) and the procedure its per-procedure counters name: a province's
    // few hundred procedures, and shares of the order of a real province's (Đắk Lắk's 766 figures).
    procedure: `1.${String(Math.floor(next() * PROCEDURES)).padStart(6, '0')}.000.00.00.H12`,
    ...scorecardFacts(next),
  };
}

/** Procedures a province's dossiers are spread over. */
const PROCEDURES = 300;

/** The eight facts of the whole-766 scorecard, each drawn with its share (absent = not so). */
function scorecardFacts(next: () => number) {
  const draw = (share: number) => next() < share;
  const feeRequired = draw(0.3);
  const facts = {
    syncedToPortal: draw(0.9),
    feeRequired,
    paidOnline: feeRequired && draw(0.5),
    electronicResult: draw(0.4),
    digitized: draw(0.6),
    reusedData: draw(0.2),
    personalStorage: draw(0.1),
    citizenDataConnected: draw(0.3),
  };
  return Object.fromEntries(Object.entries(facts).filter(([, value]) => value));
}

/**
 * A day snapshot of a dossier that changed on the day (gsi1, `SNAP#<rid>`): its state at the end of
 * the day and what it was counted with before (the previous day's state), as the report stored it.
 */
function wireSnapshot(shard: number, index: number, leaves: string[], next: () => number) {
  const rid = `s${shard.toString(16)}${index.toString(36).padStart(14, '0')}`;
  const unit = leaves[Math.floor(next() * leaves.length)]!;
  const returned = next() < 0.6 ? DAY : undefined;
  const state = dossierState(unit, returned, next);
  const { finishedAt: _f, returnedAt: _r, ...before } = state;
  const first = next() < 1 / 3;
  return {
    ...marshall(
      {
        pk: `DOSSIER#${rid}`,
        sk: `SNAP#${DAY}`,
        gsi1pk: `ARRIVED#${DAY}#${shard}`,
        gsi1sk: `SNAP#${rid}`,
        type: 'snapshot',
        rid,
        day: DAY,
        version: 2,
        state,
        // A third are the first snapshot of a dossier registered that day: nothing counted before.
        prev: first ? {} : { state: before },
      },
      { removeUndefinedValues: true },
    ),
  };
}
const N = (value: number): AttributeValue => ({ N: String(value) });

/**
 * One rating as DynamoDB sends it over the wire from the rating-arrival index (gsi3): the keys and
 * the attributes gsi3 projects (shared/storage/table.ts), of a rated dossier item.
 */
function wireRating(
  shard: number,
  index: number,
  leaves: string[],
  next: () => number,
): Record<string, AttributeValue> {
  const rid = `b${shard.toString(16)}${index.toString(36).padStart(14, '0')}`;
  const unit = leaves[Math.floor(next() * leaves.length)]!;
  const returnedDay = addDays(DAY, -Math.floor(next() * 30));
  const score = () => N(Math.min(2, Math.floor(next() * 3.3)));
  const timeliness = ['early', 'onTime', 'late'][Math.floor(next() * 3)]!;
  const item: Record<string, AttributeValue> = {
    pk: S(`DOSSIER#${rid}`),
    sk: S('DOSSIER'),
    gsi3pk: S(`ARRIVED#${DAY}#${shard}`),
    gsi3sk: S(`R#${rid}`),
    rid: S(rid),
    unit: S(unit),
    procedure: S('1.001234.000.00.00.H12'),
    dossierCode: S(`000.00.12.H12-250615-${String(index).padStart(4, '0')}`),
    applicantType: S('citizen'),
    channel: S('online'),
    returnedDay: S(returnedDay),
    timeliness: S(timeliness),
    complaint: { BOOL: next() < 0.03 },
    ratingInstrument: S('rating@1'),
    overall: score(),
    i3: score(),
    i4: score(),
    i7: score(),
    lang: S('vi'),
    ratedAt: S(`${DAY}T03:00:00.000Z`),
    // The state the rating's update copied: the job counts the rating's delta against it.
    ratedWithState: { M: marshall(dossierState(unit, returnedDay, next), { removeUndefinedValues: true }) },
  };
  if (next() < 0.3) item.comment = S('Cán bộ hướng dẫn nhiệt tình, thủ tục nhanh gọn. Cảm ơn.');
  if (next() < 0.25) {
    item.sipasScores = { M: { s1: N(4), s2: N(5), s3: N(3), s4: N(4), s5: N(5) } };
  }
  const projected = new Set(['pk', 'sk', 'gsi3pk', 'gsi3sk', ...RATING_ARRIVAL_ATTRIBUTES]);
  return Object.fromEntries(Object.entries(item).filter(([name]) => projected.has(name)));
}

/** A fake document client: day buckets generated on the fly, everything else in a map. */
export function fakeDynamo(ratings: number, leaves: string[]) {
  const table = new Map<string, Map<string, Item>>();
  const put = (item: Item) => {
    const partition = table.get(item.pk as string) ?? new Map<string, Item>();
    partition.set(item.sk as string, item);
    table.set(item.pk as string, partition);
  };
  const remove = (key: Item) => table.get(key.pk as string)?.delete(key.sk as string);
  const perShard = Math.ceil(ratings / ARRIVAL_SHARDS);
  const snapshots = Math.round(ratings * UPDATED_SHARE);
  const snapshotsPerShard = Math.ceil(snapshots / ARRIVAL_SHARDS);
  const stats = { queries: 0, pages: 0, writes: 0, generationMs: 0 };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the fake answers the commands by name
  const send = async (command: any): Promise<any> => {
    const input = command.input;
    switch (command.constructor.name) {
      case 'GetCommand':
        return { Item: table.get(input.Key.pk)?.get(input.Key.sk) };
      case 'PutCommand':
        stats.writes++;
        put(input.Item);
        return {};
      case 'UpdateCommand': {
        // The run record's month night index (`SET #day = :status, #type = :type`) and the aggregates'
        // generation (`ADD #generation :one SET #type = :type`, answering the new value).
        stats.writes++;
        const item: Item = { ...(table.get(input.Key.pk)?.get(input.Key.sk) ?? input.Key) };
        const expression = String(input.UpdateExpression);
        const added = /^ADD\s+(\S+)\s+(\S+)\s+/.exec(expression);
        if (added) {
          const name = input.ExpressionAttributeNames?.[added[1]!] ?? added[1]!;
          item[name] = ((item[name] as number | undefined) ?? 0) + input.ExpressionAttributeValues[added[2]!];
        }
        const assignments = expression
          .replace(/^ADD\s+\S+\s+\S+\s+/, '')
          .replace(/^SET\s+/, '')
          .split(',');
        for (const assignment of assignments) {
          const [name, value] = assignment.split('=').map((part) => part.trim()) as [string, string];
          item[input.ExpressionAttributeNames?.[name] ?? name] = input.ExpressionAttributeValues[value];
        }
        put(item);
        return input.ReturnValues === 'UPDATED_NEW' ? { Attributes: item } : {};
      }
      case 'BatchWriteCommand':
        for (const request of Object.values(input.RequestItems)[0] as Item[]) {
          stats.writes++;
          if (request.PutRequest) put(request.PutRequest.Item);
          else remove(request.DeleteRequest.Key);
        }
        return {};
      case 'BatchGetCommand': {
        const keys = (Object.values(input.RequestItems)[0] as { Keys: Item[] }).Keys;
        const found = keys.flatMap((key) => table.get(key.pk)?.get(key.sk) ?? []);
        return { Responses: { [Object.keys(input.RequestItems)[0]!]: found } };
      }
      case 'QueryCommand': {
        stats.queries++;
        const values = input.ExpressionAttributeValues;
        // This day's arrivals: ratings (gsi3) and the day snapshots of the dossiers that changed (gsi1);
        // no dossier crosses its due date (gsi2) — a crossing costs what a snapshot does.
        if (input.IndexName === 'gsi2' && String(values[':pk']).startsWith('DUE#')) return { Items: [] };
        if (input.IndexName === 'gsi1' && String(values[':pk']).startsWith('ARRIVED#')) {
          stats.pages++;
          const began = performance.now();
          const shard = Number(String(values[':pk']).split('#')[2]);
          const start = (input.ExclusiveStartKey?.offset as number | undefined) ?? 0;
          const count = Math.max(
            0,
            Math.min(snapshotsPerShard, snapshots - shard * snapshotsPerShard) - start,
          );
          const size = Math.min(SNAPSHOT_PAGE_ITEMS, count);
          const next = seededRandom(shard * 7_000_003 + start);
          const Items = Array.from({ length: size }, (_, i) =>
            unmarshall(wireSnapshot(shard, start + i, leaves, next)),
          );
          stats.generationMs += performance.now() - began;
          return {
            Items,
            LastEvaluatedKey: start + size < start + count ? { offset: start + size } : undefined,
          };
        }
        if (input.IndexName === 'gsi3') {
          stats.pages++;
          const began = performance.now();
          const shard = Number(String(values[':pk']).split('#')[2]);
          const start = (input.ExclusiveStartKey?.offset as number | undefined) ?? 0;
          const count = Math.max(0, Math.min(perShard, ratings - shard * perShard) - start);
          const size = Math.min(PAGE_ITEMS, count);
          const next = seededRandom(shard * 1_000_003 + start);
          const Items = Array.from({ length: size }, (_, i) =>
            unmarshall(wireRating(shard, start + i, leaves, next)),
          );
          stats.generationMs += performance.now() - began;
          return {
            Items,
            LastEvaluatedKey: start + size < start + count ? { offset: start + size } : undefined,
          };
        }
        const partition = table.get(values[':pk']) ?? new Map<string, Item>();
        const Items = [...partition.values()]
          .filter((item) => !values[':from'] || (item.sk >= values[':from'] && item.sk <= values[':to']))
          .sort((a, b) => (a.sk < b.sk ? -1 : 1));
        return { Items };
      }
      default:
        throw new Error(`fake DynamoDB: ${command.constructor.name} not supported`);
    }
  };
  return { db: { send } as unknown as DynamoDBDocumentClient, stats, table };
}

export interface AggregationFigures {
  ratings: number;
  handlerMs: number;
  /** CPU time of the process during the handler (user + system): robust to a busy machine. */
  cpuMs: number;
  /** Time the stub spent making and unmarshalling the pages (what the SDK would spend parsing). */
  stubMs: number;
  /** handlerMs − stubMs: the engine's own work. */
  engineMs: number;
  peakRssMB: number;
  peakHeapMB: number;
  itemsRead: number;
  aggregatesWritten: number;
  microsecondsPerRating: number;
}

/** One measured run in this process. */
export async function measure(ratings: number): Promise<AggregationFigures> {
  const tree = resolvePaths(demoTree(), []);
  const leaves = tree
    .filter((unit) => unit.kind !== 'province' && unit.kind !== 'district')
    .map((unit) => unit.id);
  const fake = fakeDynamo(ratings, leaves);
  const store = { db: fake.db, tableName: 'bench' };
  await putUnits(store, tree).catch(() => undefined);
  for (const unit of tree)
    fake.table.set(`UNIT#${unit.id}`, new Map([['UNIT', { pk: `UNIT#${unit.id}`, sk: 'UNIT' }]]));
  // listUnits queries gsi1 UNITS: answer it from the tree
  const send = fake.db.send.bind(fake.db);
  (fake.db as unknown as { send: typeof send }).send = async (command: never) => {
    const input = (command as { input: { IndexName?: string; ExpressionAttributeValues?: Item } }).input;
    if (input.IndexName === 'gsi1' && input.ExpressionAttributeValues?.[':pk'] === 'UNITS') {
      return { Items: tree.map((unit) => ({ ...unit, gsi1sk: unit.path })) } as never;
    }
    return send(command);
  };
  const handler = createAggregateHandler({
    store,
    now: () => new Date(),
    logger: new Logger({ logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'hailong-bench', serviceName: 'hailong' }),
  });
  global.gc?.();
  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  }, 10);
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const origLog = console.log;
  console.log = () => undefined; // the metrics' EMF line
  const result = await handler({ date: DAY }, {} as Context);
  console.log = origLog;
  const handlerMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  clearInterval(sampler);
  const usage = process.memoryUsage();
  peakRss = Math.max(peakRss, usage.rss);
  peakHeap = Math.max(peakHeap, usage.heapUsed);
  const expected = ratings + Math.round(ratings * UPDATED_SHARE);
  if (result.itemsRead !== expected) throw new Error(`read ${result.itemsRead} of ${expected} items`);
  return {
    ratings,
    handlerMs: Math.round(handlerMs),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    stubMs: Math.round(fake.stats.generationMs),
    engineMs: Math.round(handlerMs - fake.stats.generationMs),
    peakRssMB: Math.round(peakRss / 2 ** 20),
    peakHeapMB: Math.round(peakHeap / 2 ** 20),
    itemsRead: result.itemsRead,
    aggregatesWritten: result.days[0]!.aggregatesWritten,
    microsecondsPerRating: Math.round((handlerMs * 1000) / ratings) / 1,
  };
}

/** Every size in a fresh child process; answers the figures and writes bench/results/aggregation.json. */
export function runAggregationBenchmark(sizes = SIZES) {
  const script = fileURLToPath(import.meta.url);
  const runs = sizes.map((size) => {
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, '--expose-gc', script, '--child', String(size)],
      {
        encoding: 'utf8',
        maxBuffer: 10 * 2 ** 20,
      },
    );
    const line = child.stdout.trim().split('\n').at(-1) ?? '';
    if (child.status !== 0 || !line.startsWith('{'))
      throw new Error(`benchmark child failed: ${child.stderr}`);
    return JSON.parse(line) as AggregationFigures;
  });
  const first = runs[0]!;
  const last = runs.at(-1)!;
  const report = {
    benchmark: 'nightly aggregation (DynamoDB stubbed)',
    date: new Date().toISOString(),
    machine: {
      loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
      cpus: cpus().length,
      model: cpus()[0]?.model ?? 'unknown',
      memoryGB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    budget: BUDGET,
    runs,
    /**
     * Time per rating at the largest size ÷ at the smallest (1.0 is perfectly linear), by wall clock
     * and by CPU time (the CPU figure holds on a machine busy with other work).
     */
    linearity: {
      wallClock: Math.round((last.handlerMs / last.ratings / (first.handlerMs / first.ratings)) * 100) / 100,
      cpu: Math.round((last.cpuMs / last.ratings / (first.cpuMs / first.ratings)) * 100) / 100,
    },
    withinBudget: {
      handlerTime: last.handlerMs < BUDGET.handlerSeconds * 1000,
      cpuTime: last.cpuMs < BUDGET.handlerSeconds * 1000,
      memory: Math.max(...runs.map((r) => r.peakRssMB)) < BUDGET.memoryMB,
    },
  };
  writeFileSync(
    new URL('./results/aggregation.json', import.meta.url),
    `${JSON.stringify(report, null, 2)}\n`,
  );
  return report;
}

const isMain = process.argv[1] === fileURLToPath(import.meta.url);
if (isMain && process.argv[2] === '--child') {
  const figures = await measure(Number(process.argv[3]));
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} else if (isMain) {
  const report = runAggregationBenchmark();
  console.log(
    `Nightly aggregation, DynamoDB stubbed — ${report.machine.cpus} × ${report.machine.model}, Node ${report.machine.node}`,
  );
  console.table(
    report.runs.map((run) => ({
      ratings: run.ratings.toLocaleString('en'),
      'handler s': (run.handlerMs / 1000).toFixed(2),
      'of which stub s': (run.stubMs / 1000).toFixed(2),
      'CPU s': (run.cpuMs / 1000).toFixed(2),
      'µs / rating': run.microsecondsPerRating,
      'peak RSS MB': run.peakRssMB,
      'peak heap MB': run.peakHeapMB,
      'aggregates written': run.aggregatesWritten,
    })),
  );
  console.log(
    `linearity (time per rating at ${SIZES.at(-1)!.toLocaleString('en')} ÷ at ${SIZES[0]!.toLocaleString('en')}): ` +
      `wall clock ${report.linearity.wallClock}, CPU ${report.linearity.cpu}; ` +
      `budget < ${BUDGET.handlerSeconds} s: handler ${report.withinBudget.handlerTime ? 'met' : 'NOT MET'}, ` +
      `CPU ${report.withinBudget.cpuTime ? 'met' : 'NOT MET'}; < ${BUDGET.memoryMB} MB: ${report.withinBudget.memory ? 'met' : 'NOT MET'} ` +
      `(load average ${report.machine.loadAverage1m})`,
  );
}
