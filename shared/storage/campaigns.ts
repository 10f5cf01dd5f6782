/**
 * Campaign: a self-assessment link for one commune, optionally for one community digital-technology
 * team (DESIGN §4.3). Keys: `pk = CAMPAIGN#<id>`, `sk = CAMPAIGN`; listing on gsi1:
 * `gsi1pk = CAMPAIGNS`, `gsi1sk = <created day>#<id>`. The id is short, random and URL-safe: it is
 * printed on a poster as a QR code.
 */
import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { localDay } from '../time';
import type { Store } from './client';
import { decodeItem, guarded, type Item, queryAll } from './dynamo';

/** 8 base64url characters (48 random bits). */
export const campaignIdSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{8}$/));

export interface Campaign {
  id: string;
  /** The commune the answers count for. */
  unit: string;
  /** The team's code, pre-filled as "assisted by" on the form. */
  team?: string | undefined;
  createdAt: string;
}

export const newCampaignId = () => randomBytes(6).toString('base64url');

export const campaignKey = (id: string) => ({ pk: `CAMPAIGN#${id}`, sk: 'CAMPAIGN' });

export function campaignToItem(campaign: Campaign): Item {
  return {
    ...campaignKey(campaign.id),
    gsi1pk: 'CAMPAIGNS',
    gsi1sk: `${localDay(campaign.createdAt)}#${campaign.id}`,
    type: 'campaign',
    ...campaign,
  };
}

const storedCampaignSchema = z.object({
  id: z.string(),
  unit: z.string(),
  team: z.optional(z.string()),
  createdAt: z.string(),
}) satisfies z.ZodMiniType<Campaign, unknown>;

export function campaignFromItem(item: Item): Campaign {
  return decodeItem(storedCampaignSchema, 'campaign', item);
}

/** Stores a new campaign (a fresh id; the condition guards the 48-bit id against a collision). */
export async function createCampaign(
  store: Store,
  fields: { unit: string; team?: string | undefined },
  now = new Date(),
): Promise<Campaign> {
  const campaign: Campaign = {
    id: newCampaignId(),
    unit: fields.unit,
    ...(fields.team ? { team: fields.team } : {}),
    createdAt: now.toISOString(),
  };
  await guarded(() =>
    store.db.send(
      new PutCommand({
        TableName: store.tableName,
        Item: campaignToItem(campaign),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
  return campaign;
}

export async function getCampaign(store: Store, id: string): Promise<Campaign | undefined> {
  const result = await guarded(() =>
    store.db.send(new GetCommand({ TableName: store.tableName, Key: campaignKey(id) })),
  );
  return result.Item ? campaignFromItem(result.Item) : undefined;
}

/** Every campaign, oldest first. */
export async function listCampaigns(store: Store): Promise<Campaign[]> {
  const items = await queryAll(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': 'CAMPAIGNS' },
  });
  return items.map(campaignFromItem);
}
