/**
 * Times as the one-stop system's sync payload writes them (DESIGN §3): `yyyyMMddHHmmss` in local time
 * (Asia/Ho_Chi_Minh, UTC+07:00 all year, no daylight saving since 1975), which is how both public
 * connectors format every date they send to the national portal (OpenCPS `DVCQGIntegrationActionImpl`
 * `convertDate2String`; the provincial system's `SyncLocalDataToDVCQGService` `ToString("yyyyMMddHHmmss")`),
 * and ISO 8601: with an offset as given, without one (a .NET `DateTime` serialised as it is, the way
 * the provincial system sends `DanhSachHoSoBoSung` dates) as local time. An empty string is a date not
 * set, which is how both connectors send one.
 */
import * as z from 'zod/mini';
import { isInstantInCalendar, isLocalDay } from '../time';

const COMPACT = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;

/** The instant written `text` as ISO 8601 with its offset, or `undefined` when it is no real time. */
export function payloadInstant(text: string): string | undefined {
  const match = COMPACT.exec(text) ?? ISO.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = '00', offset] = match;
  if (!isLocalDay(`${year}-${month}-${day}`)) return undefined;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  const instant = `${year}-${month}-${day}T${hour}:${minute}:${second}${offset ?? '+07:00'}`;
  return isInstantInCalendar(instant) ? instant : undefined;
}

/**
 * A payload time: absent or `""` → `undefined`; else the instant (ISO 8601 with its offset); an
 * impossible time (month 13, 30 February, hour 24) is an issue on the field.
 */
export const payloadTimeSchema = z.pipe(
  z.optional(z.string().check(z.maxLength(40))),
  z.transform((text, context): string | undefined => {
    if (text === undefined || text.trim() === '') return undefined;
    const instant = payloadInstant(text.trim());
    if (instant === undefined) {
      context.issues.push({
        code: 'custom',
        input: text,
        message:
          'không phải thời điểm có thật, cần yyyyMMddHHmmss (giờ Việt Nam) hoặc ISO 8601 / ' +
          'not a real time: expected yyyyMMddHHmmss (Vietnam time) or ISO 8601',
      });
      return z.NEVER;
    }
    return instant;
  }),
);
