/**
 * Rating-link alert: the outbox of the `rating-link.created` webhook event (DESIGN §3), one per
 * dossier returned in a unit that has a webhook. Written when the dossier is first answered returned
 * (on condition it does not exist: one event per dossier), read by the alert collectors (the AWS
 * notify function, the local server), and marked sent before it is handed to delivery, as case
 * alerts are (../feedback/alerts.ts).
 * Keys: `pk = DOSSIER#<rid>`, `sk = LINKALERT`; pending ones on the sparse gsi4:
 * `gsi4pk = LINKS#<unit>`, `gsi4sk = <queued at>#<rid>`, removed once sent. `expiresAt` (TTL) at the
 * link's expiry: the item holds the link until then and no longer.
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { Store } from './client';
import { decodeItem, guarded, isConditionFailed, queryAll } from './dynamo';
import { dossierKey } from './dossiers';

export const LINK_ALERT_SK = 'LINKALERT';
const partition = (unit: string) => `LINKS#${unit}`;

export interface LinkAlert {
  rid: string;
  unit: string;
  dossierCode: string;
  ratingUrl: string;
  qrSvgUrl: string;
  qrPngUrl: string;
  labelUrl: string;
  linkExpiresAt: string;
  queuedAt: string;
}

const linkAlertSchema = z.object({
  rid: z.string(),
  unit: z.string(),
  dossierCode: z.string(),
  ratingUrl: z.string(),
  qrSvgUrl: z.string(),
  qrPngUrl: z.string(),
  labelUrl: z.string(),
  linkExpiresAt: z.string(),
  queuedAt: z.string(),
}) satisfies z.ZodMiniType<LinkAlert, unknown>;

/** Queues the event once per dossier; answers false when it was queued before. */
export async function putLinkAlert(store: Store, alert: LinkAlert): Promise<boolean> {
  try {
    await guarded(() =>
      store.db.send(
        new PutCommand({
          TableName: store.tableName,
          Item: {
            pk: dossierKey(alert.rid).pk,
            sk: LINK_ALERT_SK,
            type: 'linkAlert',
            gsi4pk: partition(alert.unit),
            gsi4sk: `${alert.queuedAt}#${alert.rid}`,
            expiresAt: Math.ceil(Date.parse(alert.linkExpiresAt) / 1000),
            ...alert,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

/** The unit's events not sent yet, oldest first. */
export async function pendingLinkAlerts(store: Store, unit: string): Promise<LinkAlert[]> {
  const items = await queryAll(store, {
    IndexName: 'gsi4',
    KeyConditionExpression: 'gsi4pk = :pk',
    ExpressionAttributeValues: { ':pk': partition(unit) },
  });
  return items.map((item) => decodeItem(linkAlertSchema, 'link alert', item));
}

/** Marks the event sent (it leaves the index); false when another run marked it first. */
export async function markLinkAlertSent(store: Store, rid: string, now: Date): Promise<boolean> {
  try {
    await guarded(() =>
      store.db.send(
        new UpdateCommand({
          TableName: store.tableName,
          Key: { pk: dossierKey(rid).pk, sk: LINK_ALERT_SK },
          UpdateExpression: 'SET sentAt = :now REMOVE gsi4pk, gsi4sk',
          ConditionExpression: 'attribute_exists(gsi4pk)',
          ExpressionAttributeValues: { ':now': now.toISOString() },
        }),
      ),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}
