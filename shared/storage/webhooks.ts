/**
 * Webhook of a unit (DESIGN §4.4): where its feedback alerts are delivered, and the secret they are
 * signed with. Set by an administrator (`npm run admin -- webhooks set UNIT URL`).
 *
 * Keys: `pk = WEBHOOK#<unit>`, `sk = WEBHOOK`; listing on gsi1: `gsi1pk = WEBHOOKS`, `gsi1sk = <unit>`.
 */
import { randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { BlockList, isIP } from 'node:net';
import { type Bilingual, ValidationError } from '../errors';
import type { Store } from './client';
import { guarded, type Item, queryAll } from './dynamo';

export interface Webhook {
  unit: string;
  url: string;
  /** HMAC-SHA-256 key of the signatures (`whsec_` and 32 base64url characters). */
  secret: string;
  createdAt: string;
}

/**
 * Where a webhook may point (DESIGN §6). `aws`: a deployed province, where the functions sit beside the
 * Lambda Runtime API (127.0.0.1:9001), the instance metadata (169.254.169.254) and the VPC's private
 * ranges; `local`: the local run, whose receivers are often on the same machine.
 */
export type WebhookPlace = 'local' | 'aws';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Addresses a deployed webhook may never reach: loopback, link-local (with the metadata service),
 * private and shared (CGNAT) ranges, "this network", benchmarking, multicast and reserved; in IPv6 the
 * unspecified and loopback addresses, unique-local (with EC2's fd00:ec2::254), link-local, multicast,
 * and IPv4 written as IPv6 (mapped, NAT64), checked as the IPv4 they carry.
 */
const refused = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  refused.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  refused.addSubnet(network, prefix, 'ipv6');

/** The IPv4 address an IPv6 one carries (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`), if any. */
function carriedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return undefined;
  const high = parseInt(hex[1]!, 16);
  const low = parseInt(hex[2]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** Why a deployed webhook may not reach `address` (an IP address), or undefined when it may. */
export function addressProblem(address: string, place: WebhookPlace): Bilingual | undefined {
  if (place === 'local') return undefined;
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 0) return { vi: `"${bare}" không phải địa chỉ IP.`, en: `"${bare}" is not an IP address.` };
  const carried = family === 6 ? carriedIpv4(bare) : undefined;
  const blocked = carried
    ? refused.check(carried, 'ipv4')
    : refused.check(bare, family === 4 ? 'ipv4' : 'ipv6');
  if (!blocked) return undefined;
  return {
    vi: `Webhook không được gửi tới địa chỉ nội bộ ${bare} (loopback, link-local, mạng riêng hoặc dịch vụ metadata).`,
    en: `A webhook may not reach the internal address ${bare} (loopback, link-local, private network or metadata service).`,
  };
}

/**
 * Why `raw` cannot be a webhook URL in `place`, naming the rule, or undefined when it can: https only
 * (http only to the loopback interface, and only in the local run); no user name or password in it
 * (a receiver asks for none: alerts are signed); and, deployed, no internal address written in it.
 * The name's addresses are checked again at each delivery (shared/feedback/delivery.ts).
 */
export function webhookUrlProblem(raw: string, place: WebhookPlace): Bilingual | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { vi: 'không phải một địa chỉ URL.', en: 'not a URL.' };
  }
  if (raw.length > 2000) return { vi: 'dài quá 2000 ký tự.', en: 'longer than 2000 characters.' };
  const loopback = LOOPBACK_NAMES.has(url.hostname);
  if (!(url.protocol === 'https:' || (url.protocol === 'http:' && loopback && place === 'local'))) {
    return {
      vi: 'phải dùng https:// (http:// chỉ tới 127.0.0.1 hoặc localhost, và chỉ khi chạy cục bộ).',
      en: 'must use https:// (http:// only to 127.0.0.1 or localhost, and only in the local run).',
    };
  }
  if (url.username || url.password) {
    return {
      vi: 'không được chứa tên đăng nhập hay mật khẩu (cảnh báo đã có chữ ký).',
      en: 'may not hold a user name or password (alerts are signed).',
    };
  }
  if (place === 'aws') {
    const host = url.hostname.toLowerCase();
    if (host === 'localhost' || host.endsWith('.localhost')) {
      return { vi: 'không được trỏ tới localhost.', en: 'may not point to localhost.' };
    }
    if (isIP(host.replace(/^\[|\]$/g, ''))) {
      const problem = addressProblem(host, place);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** Throws a 422 naming the URL's rule when `raw` cannot be a webhook URL in `place`. */
export function checkWebhookUrl(raw: string, place: WebhookPlace): void {
  const problem = webhookUrlProblem(raw, place);
  if (problem) throw new ValidationError([{ field: 'URL', ...problem }]);
}

const webhookKey = (unit: string) => ({ pk: `WEBHOOK#${unit}`, sk: 'WEBHOOK' });

export const generateWebhookSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

function fromItem(item: Item): Webhook | undefined {
  if (typeof item.unit !== 'string' || typeof item.url !== 'string' || typeof item.secret !== 'string')
    return undefined;
  return { unit: item.unit, url: item.url, secret: item.secret, createdAt: String(item.createdAt) };
}

/**
 * Sets (or replaces) a unit's webhook with a new secret; answers it, secret included (shown once).
 * Refuses (422) a URL the rules of `place` refuse (the admin CLI says `aws` with `--aws`).
 */
export async function setWebhook(
  store: Store,
  unit: string,
  url: string,
  now: Date,
  place: WebhookPlace = 'local',
): Promise<Webhook> {
  checkWebhookUrl(url, place);
  const webhook: Webhook = { unit, url, secret: generateWebhookSecret(), createdAt: now.toISOString() };
  await guarded(() =>
    store.db.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { ...webhookKey(unit), gsi1pk: 'WEBHOOKS', gsi1sk: unit, type: 'webhook', ...webhook },
      }),
    ),
  );
  return webhook;
}

export async function getWebhook(store: Store, unit: string): Promise<Webhook | undefined> {
  const result = await guarded(() =>
    store.db.send(new GetCommand({ TableName: store.tableName, Key: webhookKey(unit) })),
  );
  return result.Item ? fromItem(result.Item) : undefined;
}

export async function removeWebhook(store: Store, unit: string): Promise<void> {
  await guarded(() =>
    store.db.send(new DeleteCommand({ TableName: store.tableName, Key: webhookKey(unit) })),
  );
}

/**
 * Every webhook. gsi1 lists the units that have one; it does not copy `url` and `secret` (its projection
 * holds the directory's attributes only: shared/storage/table.ts), so each is read from the table.
 */
export async function listWebhooks(store: Store): Promise<Webhook[]> {
  const items = await queryAll(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': 'WEBHOOKS' },
  });
  const units = items.flatMap((item) => (typeof item.gsi1sk === 'string' ? [item.gsi1sk] : []));
  const webhooks = await Promise.all(units.map((unit) => getWebhook(store, unit)));
  return webhooks.flatMap((webhook) => webhook ?? []);
}
