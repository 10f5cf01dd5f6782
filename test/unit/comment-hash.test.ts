/**
 * The comment fingerprint of the integrity check "repeated identical comments" (DESIGN §4.2): the
 * normalisation written out by hand, and the fingerprint against SHA-256 computed by node:crypto on
 * the hand-normalised text (not by the code under test).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { commentHash, normalisedComment } from '../../shared/indexes/comment-hash';

const sha12 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12);

describe('normalisedComment', () => {
  it('lower-cases, folds compatibility forms (NFKC), collapses runs of white space to one space and trims', () => {
    expect(normalisedComment('  Rất   TỐT\n\tquá  ')).toBe('rất tốt quá');
    expect(normalisedComment('ＣＨỜ　lâu')).toBe('chờ lâu'); // full-width letters and the ideographic space
  });
});

describe('commentHash', () => {
  it('is the first 12 hex characters of SHA-256 over the normalised text', () => {
    expect(commentHash('Rất TỐT  ')).toBe(sha12('rất tốt'));
    expect(commentHash('Rất TỐT  ')).toMatch(/^[0-9a-f]{12}$/);
  });

  it('gives one fingerprint to comments that differ only in case and spacing, another to other words', () => {
    expect(commentHash('rất tốt')).toBe(commentHash('  RẤT    tốt '));
    expect(commentHash('rất tốt')).not.toBe(commentHash('rấttốt'));
    expect(commentHash('rất tốt')).not.toBe(commentHash('rất tốt!'));
  });

  it('has no fingerprint for no comment, an empty one or a blank one', () => {
    expect(commentHash(undefined)).toBeUndefined();
    expect(commentHash('')).toBeUndefined();
    expect(commentHash(' \n\t ')).toBeUndefined();
  });
});
