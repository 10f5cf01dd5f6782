/**
 * What the warm benchmark sends to the public function. A scenario makes an API Gateway HTTP API (v2)
 * event, and may seed the stub table first (a dossier, so that POST /r/{token} has something to
 * rate). `npx tsx bench/warm.ts --scenario <name>`.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { completeDossier, dossierToItem } from '../../shared/storage/dossiers';
import { procedureToItem } from '../../shared/storage/procedures';
import { unitToItem } from '../../shared/storage/units';
import { type Keyring, signToken } from '../../shared/tokens';
import type { StubAws } from '../stub-aws';

export interface ScenarioContext {
  /** The keyring the function will load from the stub secret (key 1, derived from the seed). */
  keyring: Keyring;
  stub: StubAws;
  now: Date;
}

export interface Scenario {
  name: string;
  description: string;
  /** Called once before timing. */
  setup?(context: ScenarioContext): void | Promise<void>;
  /** The event of one invocation. */
  event(context: ScenarioContext): APIGatewayProxyEventV2;
  /** The status every timed call must get (so the bench never times an error path by mistake). */
  expectStatus: number;
}

/** An API Gateway HTTP API payload v2.0 event, as Lambda receives it. */
export function apiGatewayEvent(options: {
  method: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
}): APIGatewayProxyEventV2 {
  const query = new URLSearchParams(options.query ?? {}).toString();
  const headers = { host: 'danhgia.example.gov.vn', 'user-agent': 'hailong-bench', ...options.headers };
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: options.path,
    rawQueryString: query,
    headers,
    ...(options.query ? { queryStringParameters: options.query } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'bench',
      domainName: headers.host,
      domainPrefix: 'danhgia',
      http: {
        method: options.method,
        path: options.path,
        protocol: 'HTTP/1.1',
        sourceIp: '192.0.2.1',
        userAgent: 'hailong-bench',
      },
      requestId: 'bench',
      routeKey: '$default',
      stage: '$default',
      time: new Date(0).toUTCString(),
      timeEpoch: 0,
    },
    ...(options.body !== undefined
      ? { body: options.body, isBase64Encoded: false }
      : { isBase64Encoded: false }),
  };
}

export const healthz: Scenario = {
  name: 'healthz',
  description: 'GET /healthz',
  expectStatus: 200,
  event: () => apiGatewayEvent({ method: 'GET', path: '/healthz' }),
};

/**
 * A rating submission, `POST /r/{token}` with JSON (DESIGN §7's warm budget). The stub holds the
 * dossier, its unit and procedure; it does not evaluate conditions, so every call rates the dossier
 * afresh (201): the work timed is one full submission, which is ONE conditional UpdateItem answering
 * the dossier as it was (ALL_OLD), with no read before it.
 */
export const rating: Scenario = {
  name: 'rating',
  description: 'POST /r/{token} (JSON)',
  expectStatus: 201,
  setup({ stub, now }) {
    stub.seed(
      unitToItem({
        id: 'xa-hoa-an',
        name: 'UBND xã Hòa An',
        kind: 'commune',
        parent: 'cao-bang',
        path: 'cao-bang/xa-hoa-an/',
        sipas: false,
      }),
    );
    stub.seed(
      procedureToItem({
        code: '1.001612.000.00.00.H12',
        name: 'Đăng ký khai sinh',
        field: 'Hộ tịch',
        processingDays: 1,
      }),
    );
    stub.seed(dossierToItem(ratedDossier(now)));
  },
  event({ keyring, now }) {
    const dossier = ratedDossier(now);
    const token = signToken(keyring, dossier.rid, new Date(dossier.linkExpiresAt));
    return apiGatewayEvent({
      method: 'POST',
      path: `/r/${token}`,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ overall: 2, i3: 2, i4: 1, i7: 2, comment: 'Cán bộ hướng dẫn tận tình.' }),
    });
  },
};

function ratedDossier(now: Date) {
  const returnedAt = new Date(now.getTime() - 3_600_000);
  return completeDossier(
    {
      code: '000.00.15.H12-250312-0042',
      unit: 'xa-hoa-an',
      procedure: '1.001612.000.00.00.H12',
      applicantType: 'citizen',
      channel: 'counter',
      receivedAt: new Date(now.getTime() - 2 * 86_400_000).toISOString(),
      dueAt: now.toISOString(),
      returnedAt: returnedAt.toISOString(),
      supplementRequests: 0,
      complaint: false,
    },
    returnedAt,
    30,
  );
}

/** Scenarios by name (`--scenario`). */
export const SCENARIOS: Record<string, Scenario> = { healthz, rating };
