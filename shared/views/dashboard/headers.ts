/** Response headers of the dashboard pages and the public ranking: nothing cached by others, nothing framed. */
import { createHash } from 'node:crypto';
import { DASHBOARD_CSS } from './layout';

const styleHash = `'sha256-${createHash('sha256').update(DASHBOARD_CSS).digest('base64')}'`;

/** No script at all; only the one inline stylesheet; forms post to this site only. */
export const dashboardCsp = `default-src 'none'; style-src ${styleHash}; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

export const htmlHeaders: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};
