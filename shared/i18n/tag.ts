/** Language tags, without the catalogs (the instruments and the API import this, not the texts). */

/** BCP 47 language tag (RFC 5646), the usual shapes: `tyz`, `vi`, `en-GB`, `hnj-Latn`, `qps-ploc`. */
export const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|\d{3}))?(-[A-Za-z0-9]{4,8})*$/;

/** The two languages every message of the API carries (`{ vi, en }`). */
export const languages = ['vi', 'en'] as const;
export type Lang = (typeof languages)[number];

/** The bilingual half an API message is taken from on a page in `tag` (Vietnamese unless English). */
export function baseLang(tag: string): Lang {
  return tag === 'en' || tag.startsWith('en-') ? 'en' : 'vi';
}
