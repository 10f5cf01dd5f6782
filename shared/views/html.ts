/**
 * The views are plain strings (small, no JSX runtime in the Lambda bundle). Every dynamic value goes
 * through {@link escapeHtml}; only view functions build markup.
 */
import { createHash } from 'node:crypto';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe inside an element or a quoted attribute. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

/** The CSP source that allows exactly this inline script (`'sha256-…'`). */
export function scriptHash(js: string): string {
  return `'sha256-${createHash('sha256').update(js).digest('base64')}'`;
}
