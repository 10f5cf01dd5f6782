/**
 * SIPAS — the index of satisfaction with the service of public administration (Chỉ số hài lòng về sự
 * phục vụ hành chính) of the Ministry of Home Affairs, on the five elements of the scheme approved by
 * Decision 2640/QĐ-BNV of 10 October 2017 ("Đo lường sự hài lòng của người dân, tổ chức đối với sự
 * phục vụ của cơ quan hành chính nhà nước giai đoạn 2017–2025"): access to the service, the procedure,
 * the civil servants, the result, handling of feedback. For each element, the share of respondents
 * answering 4 or 5 on the 5-point scale; the index is the mean of the element shares. (The
 * "3279/QĐ-BNV" cited before could not be found; see docs/index-methods.md.)
 */
import type { Counts } from '../aggregation/family-contract';
import { SIPAS_ELEMENTS } from '../aggregation/satisfaction';
import { round } from '../stats';
import { count, methodHead, type MethodOptions, type MethodResult, share, type Share } from './common';

export const SIPAS_ELEMENT_NAMES = {
  s1: { vi: 'Tiếp cận dịch vụ', en: 'Access to the service' },
  s2: { vi: 'Thủ tục hành chính', en: 'The procedure' },
  s3: { vi: 'Công chức giải quyết', en: 'The civil servants' },
  s4: { vi: 'Kết quả giải quyết', en: 'The result' },
  s5: { vi: 'Tiếp nhận, xử lý góp ý, phản ánh', en: 'Handling of feedback' },
} as const;

export interface SipasResult extends MethodResult {
  method: 'sipas';
  /** Ratings with at least one SIPAS answer (the module is optional per unit). */
  respondents: number;
  elements: Record<(typeof SIPAS_ELEMENTS)[number], Share & { name: { vi: string; en: string } }>;
  /** Mean of the element shares that have answers, four decimals. */
  index: number | null;
}

export function sipas(counts: Counts, options: MethodOptions): SipasResult {
  const elements = Object.fromEntries(
    SIPAS_ELEMENTS.map((element) => [
      element,
      {
        ...share(count(counts, `${element}_hi`), count(counts, `${element}_n`)),
        name: SIPAS_ELEMENT_NAMES[element],
      },
    ]),
  ) as SipasResult['elements'];
  const answered = Object.values(elements).filter((element) => element.n > 0);
  const index =
    answered.length > 0
      ? round(answered.reduce((sum, element) => sum + element.successes / element.n, 0) / answered.length, 4)
      : null;
  const respondents = count(counts, 'sipasAny');
  return {
    ...methodHead('sipas', counts, { name: 'index', value: index }, respondents, options),
    respondents,
    elements,
    index,
  };
}
