/**
 * The service as the reliability tests meet it: the whole local app over a fresh dynalite table, with
 * a small tree, the procedure catalogue, a campaign and an admin key, and helpers that go through the
 * HTTP surface only (register, rate, assess), so the tests survive changes in how items are stored.
 */
import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createLocalApp } from '../../local/app';
import { createApiKey } from '../../shared/storage/api-keys';
import { createCampaign } from '../../shared/storage/campaigns';
import type { Store } from '../../shared/storage/client';
import { putProcedures } from '../../shared/storage/procedures';
import { importUnits } from '../../shared/storage/units';
import { procedures } from '../support/rating';
import { sampleUnits, startTestStack, type TestStack } from '../support/stack';

export interface Service {
  stack: TestStack;
  app: ReturnType<typeof createLocalApp>;
  adminKey: string;
  campaignId: string;
  /** The clock the app reads; tests may move it. */
  clock: { now: Date };
  close(): Promise<void>;
}

export async function startService(now = new Date('2025-06-10T05:00:00Z')): Promise<Service> {
  const clock = { now };
  const stack = await startTestStack({ now: () => clock.now, env: { LINK_TTL_DAYS: '30' } });
  await importUnits(stack.deps.store, sampleUnits);
  await putProcedures(stack.deps.store, procedures);
  const adminKey = `admin-${randomUUID()}`;
  await createApiKey(stack.deps.store, adminKey, { name: 'admin', unit: 'cb', permissions: ['admin'] });
  const campaign = await createCampaign(stack.deps.store, { unit: 'cb-d1-c1', team: 'T01' }, now);
  return {
    stack,
    app: createLocalApp(stack.deps),
    adminKey,
    campaignId: campaign.id,
    clock,
    close: () => stack.close(),
  };
}

let counter = 0;

/** A valid dossier of `unit`, returned the day before the clock. */
export function dossierBody(service: Service, overrides: Record<string, unknown> = {}) {
  const now = service.clock.now.getTime();
  return {
    code: `REL-${process.pid}-${++counter}`,
    unit: 'cb-d1-c1',
    procedure: procedures[0]!.code,
    applicantType: 'citizen',
    channel: 'counter',
    receivedAt: new Date(now - 5 * 86_400_000).toISOString(),
    dueAt: new Date(now + 86_400_000).toISOString(),
    returnedAt: new Date(now - 86_400_000).toISOString(),
    ...overrides,
  };
}

export async function api(
  service: Service,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<Response> {
  return service.app.request(`http://localhost${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${service.adminKey}`, 'content-type': 'application/json' },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

/** Registers a dossier through the API; answers its rating path `/r/<token>`. */
export async function register(service: Service, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await api(service, '/v1/dossiers', { method: 'POST', body: dossierBody(service, overrides) });
  if (res.status !== 201) throw new Error(`registration: ${res.status} ${await res.text()}`);
  const { dossiers } = (await res.json()) as { dossiers: { ratingUrl: string }[] };
  return new URL(dossiers[0]!.ratingUrl).pathname;
}

export async function postJson(service: Service, path: string, body: unknown): Promise<Response> {
  return service.app.request(`http://localhost${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/**
 * Items in the table, rate-limit counters left out (a refused rating is counted against its link, a
 * failed sign-in against the sign-in budget, on purpose). A test may scan; the product never does.
 */
export async function storedItems(store: Store): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await store.db.send(
      new ScanCommand({
        TableName: store.tableName,
        // Counters of limits, not data: rate limits, failed sign-ins, custom-range pacing (a read's).
        FilterExpression:
          'NOT begins_with(pk, :limit) AND NOT begins_with(pk, :signIn) AND NOT begins_with(pk, :pace)',
        ExpressionAttributeValues: { ':limit': 'LIMIT#', ':signIn': 'SIGNIN#', ':pace': 'PACE#' },
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}

/**
 * Signs in to the dashboard through its form, as a browser does (the sign-in token's cookie, the
 * Origin); answers the sign-in response and the session cookie's value (undefined when refused).
 */
export async function dashboardSignIn(
  app: { request: (input: string, init?: RequestInit) => Response | Promise<Response> },
  key: string,
): Promise<{ res: Response; session: string | undefined }> {
  const form = await app.request('http://localhost/dashboard/sign-in');
  const token = /hl_signin=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![1]!;
  const res = await app.request('http://localhost/dashboard/sign-in', {
    method: 'POST',
    headers: {
      origin: 'http://localhost',
      cookie: `hl_signin=${token}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ token, key }).toString(),
  });
  return { res, session: /hl_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] };
}

/** A dashboard page under a session cookie. */
export function dashboardPage(
  app: { request: (input: string, init?: RequestInit) => Response | Promise<Response> },
  path: string,
  session: string,
): Response | Promise<Response> {
  return app.request(`http://localhost${path}`, { headers: { cookie: `hl_session=${session}` } });
}
