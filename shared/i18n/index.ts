/**
 * Languages of the product: Vietnamese first, English second, room for more. Each feature keeps its
 * own dictionary module (`shared/i18n/<feature>.ts`) typed against the Vietnamese one, so a missing
 * English string is a type error.
 */
export const languages = ['vi', 'en'] as const;
export type Lang = (typeof languages)[number];

/** `?lang=en` switches to English; anything else is Vietnamese (DESIGN §8). */
export function pickLang(value: string | undefined | null): Lang {
  return value === 'en' ? 'en' : 'vi';
}
