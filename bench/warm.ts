/**
 * Warm handler time (DESIGN §7): the public function's handler, invoked with API Gateway v2 events,
 * against the floor handler (one GetCommand), DynamoDB and Secrets Manager stubbed by a local HTTP
 * server (bench/stub-aws.ts) so real SDK clients do their real work. Both bundles are the ones
 * infra/build.ts makes. Calls alternate in batches so machine noise hits both alike; the figure is
 * the ratio of the median per-call times. Budget: at most 1.8× for a rating submission (issue #9;
 * DESIGN §7 allows 2×).
 *
 *   npx tsx bench/warm.ts [--scenario rating|healthz] [--calls 3000]
 */
import type { Context } from 'aws-lambda';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { keyringFromSecret } from '../shared/keyring-aws';
import { type Scenario, type ScenarioContext, SCENARIOS } from './scenarios/index';
import { startStubAws } from './stub-aws';
import {
  buildPublicAndFloor,
  functionEnvironment,
  machine,
  median,
  percentile,
  printTable,
  round,
  writeResult,
} from './support';

/** DESIGN §7 allows 2×; issue #9 tightened the budget of a rating submission to 1.8×. */
export const WARM_BUDGET = 1.8;

type Handler = (event: unknown, context: Context) => Promise<{ statusCode?: number } | undefined>;

const lambdaContext = {
  functionName: 'bench',
  awsRequestId: 'bench',
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;

export async function runWarm(scenario: Scenario, calls = 3000) {
  const bundles = buildPublicAndFloor();
  const secretString = JSON.stringify({
    seed: 'bench-seed-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz',
  });
  const stub = await startStubAws(secretString);
  // The bundles read their configuration when imported: set it first (what the CDK stack sets).
  Object.assign(
    process.env,
    functionEnvironment({
      DYNAMODB_ENDPOINT: stub.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: stub.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: stub.endpoint,
    }),
  );
  try {
    const context: ScenarioContext = { keyring: keyringFromSecret(secretString), stub, now: new Date() };
    await scenario.setup?.(context);
    const handlers = {
      public: ((await import(pathToFileURL(bundles.public.file).href)) as { handler: Handler }).handler,
      floor: ((await import(pathToFileURL(bundles.floor.file).href)) as { handler: Handler }).handler,
    };
    // The event of a call is made before its clock starts: signing the scenario's token and building
    // the API Gateway event is the bench's work, not the handler's.
    const eventOf = { public: () => scenario.event(context), floor: () => ({}) };
    const invoke = (name: 'public' | 'floor', event: unknown) => handlers[name](event, lambdaContext);
    const first = await invoke('public', eventOf.public());
    if (first?.statusCode !== scenario.expectStatus)
      throw new Error(`the public handler answered ${first?.statusCode}, not ${scenario.expectStatus}`);
    const statuses = new Map<number, number>();

    const times = { public: [] as number[], floor: [] as number[] };
    const batch = 50;
    const run = async (name: 'public' | 'floor', record: boolean) => {
      for (let i = 0; i < batch; i++) {
        const event = eventOf[name]();
        const start = performance.now();
        const answer = await invoke(name, event);
        const elapsed = performance.now() - start;
        if (record) {
          times[name].push(elapsed);
          if (name === 'public')
            statuses.set(answer?.statusCode ?? 0, (statuses.get(answer?.statusCode ?? 0) ?? 0) + 1);
        }
      }
    };
    // Warm up: JIT, connection pools, the keyring cache.
    for (let i = 0; i < 6; i++) {
      await run('floor', false);
      await run('public', false);
    }
    for (let round = 0; round < Math.ceil(calls / batch); round++) {
      const order: ('public' | 'floor')[] = round % 2 ? ['public', 'floor'] : ['floor', 'public'];
      for (const name of order) await run(name, true);
    }

    const summary = (values: number[]) => ({
      medianMs: round(median(values), 4),
      p99Ms: round(percentile(values, 99), 4),
      calls: values.length,
    });
    const result = {
      name: 'warm',
      date: new Date().toISOString(),
      machine: machine(),
      scenario: { name: scenario.name, description: scenario.description },
      method: `median per-call time over ${times.public.length} calls each (the event made before the clock starts), alternating batches of ${batch}, after ${6 * batch} warm-up calls; DynamoDB and Secrets Manager stubbed by a local HTTP server`,
      budget: WARM_BUDGET,
      ratio: round(median(times.public) / median(times.floor), 3),
      withinBudget: median(times.public) / median(times.floor) <= WARM_BUDGET,
      publicStatuses: Object.fromEntries(statuses),
      stubCalls: Object.fromEntries(stub.calls),
      handlers: { public: summary(times.public), floor: summary(times.floor) },
    };
    const file = writeResult('warm', result);
    printTable(
      (['public', 'floor'] as const).map((name) => ({
        handler: name === 'public' ? `public (${scenario.description})` : 'floor (one GetCommand)',
        'median ms': result.handlers[name].medianMs,
        'p99 ms': result.handlers[name].p99Ms,
        calls: result.handlers[name].calls,
      })),
    );
    console.log(
      `\nwarm ratio public/floor = ${result.ratio} (budget ≤ ${WARM_BUDGET}) → ${result.withinBudget ? 'OK' : 'OVER BUDGET'}`,
    );
    console.log(`written ${file}`);
    return result;
  } finally {
    await stub.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: { scenario: { type: 'string', default: 'rating' }, calls: { type: 'string', default: '3000' } },
  });
  const scenario = SCENARIOS[values.scenario];
  if (!scenario)
    throw new Error(`unknown scenario ${values.scenario}; known: ${Object.keys(SCENARIOS).join(', ')}`);
  await runWarm(scenario, Number(values.calls));
}
