/**
 * What the warm benchmark sends to the public function. A scenario makes an API Gateway HTTP API (v2)
 * event, and may seed the stub table first (a dossier, so that POST /r/{token} has something to
 * rate). `npx tsx bench/warm.ts --scenario <name>`.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Keyring } from '../../shared/tokens';
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
  event: () => apiGatewayEvent({ method: 'GET', path: '/healthz' }),
};

/** Scenarios by name; add POST /r/{token} here once the rating page exists. */
export const SCENARIOS: Record<string, Scenario> = { healthz };
