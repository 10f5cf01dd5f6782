/**
 * The base URL of the public pages: `PUBLIC_BASE_URL` when configured, else the origin the request
 * came to (honouring `x-forwarded-proto` / `x-forwarded-host` from a proxy in front of the service).
 */
import type { Context } from 'hono';
import type { Config } from '../config';
import { type Keyring, signToken } from '../tokens';

export function publicBaseUrl(c: Context, config: Pick<Config, 'PUBLIC_BASE_URL'>): string {
  if (config.PUBLIC_BASE_URL) return config.PUBLIC_BASE_URL.replace(/\/+$/, '');
  const url = new URL(c.req.url);
  const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
  const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
  const protocol = proto === 'http' || proto === 'https' ? proto : url.protocol.replace(':', '');
  // A host header is attacker-controlled: keep only a plain host[:port] so it cannot inject a path.
  const safeHost = host && /^[A-Za-z0-9.-]+(?::\d{1,5})?$/.test(host) ? host : url.host;
  return `${protocol}://${safeHost}`;
}

/** The public links of one rating token. */
export function ratingLinks(base: string, token: string) {
  const ratingUrl = `${base}/r/${token}`;
  return {
    ratingUrl,
    qrSvgUrl: `${ratingUrl}/qr.svg`,
    qrPngUrl: `${ratingUrl}/qr.png`,
    labelUrl: `${ratingUrl}/label`,
  };
}

/**
 * A reported dossier's rating links, signed to expire with its link, once it is returned (DESIGN §3);
 * none before: what `POST /v1/dossiers` and the sync routes answer for each dossier.
 */
export function returnedDossierLinks(
  base: string,
  keyring: Keyring,
  result: { rid: string; linkExpiresAt?: string | undefined },
) {
  if (result.linkExpiresAt === undefined) return {};
  return {
    ...ratingLinks(base, signToken(keyring, result.rid, new Date(result.linkExpiresAt))),
    linkExpiresAt: result.linkExpiresAt,
  };
}
