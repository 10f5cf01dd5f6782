/**
 * Delivery of feedback alerts to a unit's webhook (DESIGN §4.4): a JSON body, signed
 * (./webhook-signing.ts), retried with exponential backoff for 24 hours, then handed to a
 * dead-letter queue. The rule is pure here; the AWS notify function (SQS) and the local server
 * (timers) each apply it with their own clock and queue.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { addressProblem, webhookUrlProblem, type WebhookPlace } from '../storage/webhooks';
import type { FeedbackCase } from './cases';
import { signedHeaders } from './webhook-signing';

/** Retries stop this long after the first attempt; the alert then goes to the dead-letter queue. */
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 60 * 60 * 1000;
/** A receiver that does not answer within this is a failed attempt. */
export const DELIVERY_TIMEOUT_MS = 10_000;

export const alertTypes = ['case.opened', 'case.due_soon', 'test', 'rating-link.created'] as const;
export type AlertType = (typeof alertTypes)[number];

/** Any JSON body a webhook receives. `id` is stable per alert, so a receiver can drop repeats. */
export type AnyAlertBody = AlertBody | RatingLinkAlertBody;

/** A returned dossier with its rating links, as the routes answer it and the webhook carries it. */
export interface LinkedDossier {
  code: string;
  unit: string;
  ratingUrl: string;
  qrSvgUrl: string;
  qrPngUrl: string;
  labelUrl: string;
  linkExpiresAt: string;
}

/** A dossier's rating link, for the one-stop system to send the citizen (./rating-links.ts). */
export interface RatingLinkAlertBody {
  id: string;
  type: 'rating-link.created';
  createdAt: string;
  dossier: LinkedDossier;
}

/** A feedback case's alert. */
export interface AlertBody {
  id: string;
  type: Exclude<AlertType, 'rating-link.created'>;
  createdAt: string;
  case: {
    id: string;
    unit: string;
    dossierCode: string;
    triggers: string[];
    openedAt: string;
    dueDay: string;
    reason: string | null;
    comment: string | null;
  };
}

/** One alert on its way, with what its retries need. */
export interface PendingAlert<Body extends AnyAlertBody = AlertBody> {
  unit: string;
  body: Body;
  firstAttemptAt: string;
  /** Attempts made so far. */
  attempts: number;
}

export function alertOf(type: AlertBody['type'], feedbackCase: FeedbackCase, now: Date): PendingAlert {
  return {
    unit: feedbackCase.unit,
    firstAttemptAt: now.toISOString(),
    attempts: 0,
    body: {
      id: `${type}:${feedbackCase.id}`,
      type,
      createdAt: now.toISOString(),
      case: {
        id: feedbackCase.id,
        unit: feedbackCase.unit,
        dossierCode: feedbackCase.dossierCode,
        triggers: feedbackCase.triggers,
        openedAt: feedbackCase.openedAt,
        dueDay: feedbackCase.dueDay,
        reason: feedbackCase.reason ?? null,
        comment: feedbackCase.comment ?? null,
      },
    },
  };
}

/** The delay before retry number `attempt` (1 = the first retry): 30 s, 1 min, 2 min … at most 1 h. */
export function backoffMs(attempt: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, Math.min(attempt - 1, 20)));
}

export type DeliveryOutcome =
  | { kind: 'delivered'; status: number }
  | { kind: 'retry'; at: Date; problem: string }
  | { kind: 'dead'; problem: string };

/** What to do after a failed attempt: retry at the backoff time, or dead-letter past the window. */
export function afterFailure(alert: PendingAlert<AnyAlertBody>, now: Date, problem: string): DeliveryOutcome {
  const at = new Date(now.getTime() + backoffMs(alert.attempts));
  if (at.getTime() - Date.parse(alert.firstAttemptAt) > RETRY_WINDOW_MS) return { kind: 'dead', problem };
  return { kind: 'retry', at, problem };
}

/**
 * One attempt: POSTs the signed body to the unit's webhook. A 2xx answer is delivered; anything else,
 * a timeout or a network error is a failure to retry. `alert.attempts` is counted up here.
 */
export async function attemptDelivery(
  alert: PendingAlert<AnyAlertBody>,
  webhook: { url: string; secret: string } | undefined,
  options: { fetch: typeof fetch; now: () => Date; timeoutMs?: number },
): Promise<DeliveryOutcome> {
  alert.attempts += 1;
  if (!webhook) return { kind: 'dead', problem: `no webhook for unit ${alert.unit}` };
  const body = JSON.stringify(alert.body);
  let problem: string;
  try {
    const response = await options.fetch(webhook.url, {
      method: 'POST',
      headers: { ...signedHeaders(webhook.secret, body, options.now()), 'user-agent': 'hailong-webhook/1' },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? DELIVERY_TIMEOUT_MS),
    });
    // The receiver's body is not needed; dropping it frees the connection.
    await response.body?.cancel().catch(() => {});
    if (response.status >= 200 && response.status < 300)
      return { kind: 'delivered', status: response.status };
    problem = `HTTP ${response.status}`;
  } catch (error) {
    problem = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  return afterFailure(alert, options.now(), problem);
}

/** A refused webhook address: the delivery is not attempted (a failed attempt, retried as any other). */
export class WebhookAddressError extends Error {
  override name = 'WebhookAddressError';
}

/** How a name is resolved: node:dns's `lookup` (the system resolver), replaceable in tests. */
export type Resolve = (hostname: string) => Promise<LookupAddress[]>;

const systemResolve: Resolve = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

/**
 * The `fetch` of webhook deliveries (DESIGN §6): before each POST the URL's rules are checked again
 * (shared/storage/webhooks.ts), and the name is resolved here and every address it gives checked, in
 * the connection's own lookup — so the request goes to the address that was checked, and a name that
 * was public when set and points inside later (DNS rebinding) is refused at that delivery. Redirects are
 * not followed. Only what {@link attemptDelivery} uses is supported: a POST with headers, a string body,
 * a signal; the answer's status.
 */
export function webhookFetch(place: WebhookPlace, resolve: Resolve = systemResolve): typeof fetch {
  const lookup: LookupFunction = (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const problem = addresses.length
          ? addresses.map((entry) => addressProblem(entry.address, place)).find(Boolean)
          : { vi: `Không tìm thấy địa chỉ của ${hostname}.`, en: `${hostname} has no address.` };
        if (problem) return callback(new WebhookAddressError(problem.en), '', 4);
        if (options.all)
          return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
        callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 4),
    );
  };
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const problem = webhookUrlProblem(url.href, place);
    if (problem) throw new WebhookAddressError(problem.en);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Response>((resolveResponse, reject) => {
      const request = send(
        url,
        {
          method: init?.method ?? 'GET',
          headers: init?.headers as Record<string, string> | undefined,
          lookup,
          signal: init?.signal ?? undefined,
        },
        (response) => {
          // The body is not needed: drained so the socket is freed.
          response.resume();
          const status = response.statusCode ?? 599;
          resolveResponse(new Response(null, { status: status >= 200 && status <= 599 ? status : 599 }));
        },
      );
      request.on('error', reject);
      request.end(typeof init?.body === 'string' ? init.body : undefined);
    });
  }) as typeof fetch;
}
