/** Response headers of the dashboard pages and the public ranking: nothing cached by others, nothing framed. */
import { createHash } from 'node:crypto';
import { PAGE_CSS } from './layout';

const hashOf = (css: string) => `'sha256-${createHash('sha256').update(css).digest('base64')}'`;
/** The stylesheet of each language (its phone labels differ): one hash each. */
const styleHash = Object.values(PAGE_CSS).map(hashOf).join(' ');

/** No script at all; only the one inline stylesheet; forms post to this site only. */
export const dashboardCsp = `default-src 'none'; style-src ${styleHash}; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

export const htmlHeaders: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};
