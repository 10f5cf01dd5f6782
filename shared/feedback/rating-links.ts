/**
 * The rating link reaches the citizen through the one-stop system (DESIGN §3): hailong keeps no phone
 * number, so when a dossier is returned, in a unit with a webhook, a signed `rating-link.created` event
 * carries the dossier code, the unit and the link to the system, which sends it in its Zalo or SMS
 * message. Queued by the dossier routes (`POST /v1/dossiers`, `POST /v1/sync/…`), collected and
 * delivered with the case alerts (./alerts.ts, ./delivery.ts).
 */
import type { Store } from '../storage/client';
import { markLinkAlertSent, pendingLinkAlerts, putLinkAlert } from '../storage/link-alerts';
import { getWebhook } from '../storage/webhooks';
import type { LinkedDossier, PendingAlert, RatingLinkAlertBody } from './delivery';

/** A dossier as the routes answer it, once returned, with its id. */
export interface ReturnedDossier extends LinkedDossier {
  rid: string;
}

/**
 * The dossiers of a report's answer that this report created or changed and that are returned (a
 * resend of a returned dossier queues nothing new).
 */
export function returnedNow(
  results: { rid: string; created: boolean; changed: boolean }[],
  answers: (Pick<LinkedDossier, 'code' | 'unit'> & Partial<LinkedDossier>)[],
): ReturnedDossier[] {
  return results.flatMap((result, index) => {
    const answer = answers[index]!;
    if (!(result.created || result.changed) || answer.ratingUrl === undefined) return [];
    return [
      {
        rid: result.rid,
        code: answer.code,
        unit: answer.unit,
        ratingUrl: answer.ratingUrl,
        qrSvgUrl: answer.qrSvgUrl!,
        qrPngUrl: answer.qrPngUrl!,
        labelUrl: answer.labelUrl!,
        linkExpiresAt: answer.linkExpiresAt!,
      },
    ];
  });
}

/** Queues the event of each returned dossier whose unit has a webhook (once per dossier). */
export async function queueRatingLinks(
  store: Store,
  dossiers: ReturnedDossier[],
  now: Date,
): Promise<number> {
  const hooked = new Map<string, boolean>();
  let queued = 0;
  for (const dossier of dossiers) {
    if (!hooked.has(dossier.unit))
      hooked.set(dossier.unit, (await getWebhook(store, dossier.unit)) !== undefined);
    if (!hooked.get(dossier.unit)) continue;
    const { code, ...link } = dossier;
    if (await putLinkAlert(store, { ...link, dossierCode: code, queuedAt: now.toISOString() })) queued++;
  }
  return queued;
}

/** The events due: every queued one of `units`, each marked sent before it is handed over. */
export async function collectRatingLinkAlerts(
  store: Store,
  units: string[],
  now: Date,
): Promise<PendingAlert<RatingLinkAlertBody>[]> {
  const alerts: PendingAlert<RatingLinkAlertBody>[] = [];
  for (const unit of units) {
    for (const link of await pendingLinkAlerts(store, unit)) {
      if (!(await markLinkAlertSent(store, link.rid, now))) continue;
      const body: RatingLinkAlertBody = {
        id: `rating-link.created:${link.rid}`,
        type: 'rating-link.created',
        createdAt: now.toISOString(),
        dossier: {
          code: link.dossierCode,
          unit: link.unit,
          ratingUrl: link.ratingUrl,
          qrSvgUrl: link.qrSvgUrl,
          qrPngUrl: link.qrPngUrl,
          labelUrl: link.labelUrl,
          linkExpiresAt: link.linkExpiresAt,
        },
      };
      alerts.push({ unit, body, firstAttemptAt: now.toISOString(), attempts: 0 });
    }
  }
  return alerts;
}
