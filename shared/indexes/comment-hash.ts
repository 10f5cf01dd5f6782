/**
 * A short fingerprint of a rating's (masked) comment, for the integrity check "repeated identical
 * comments" (DESIGN §4.2): the rating's one UpdateItem stores it (`commentHash`) and gsi3 projects it,
 * so the nightly job compares comments without reading them. Normalised first — Unicode NFKC,
 * lower case, runs of white space collapsed, trimmed — so "Rất TỐT  " and "rất tốt" are the same
 * comment. 12 hex characters (48 bits) of SHA-256: among the comments of one unit and day, a false
 * match is negligible. No IP address or device id is involved.
 */
import { createHash } from 'node:crypto';

export function normalisedComment(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** The fingerprint of a comment; undefined for an empty or blank one. */
export function commentHash(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const normalised = normalisedComment(text);
  if (normalised === '') return undefined;
  return createHash('sha256').update(normalised, 'utf8').digest('hex').slice(0, 12);
}
