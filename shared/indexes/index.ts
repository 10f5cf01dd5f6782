/** The index methods by name (DESIGN §4.2). */
import type { Counts } from '../aggregation/family-contract';
import type { IndexMethod, MethodOptions, MethodResult } from './common';
import { csat } from './csat';
import { qd766 } from './qd766';
import { sipas } from './sipas';
import { tt01 } from './tt01';

export { type IndexMethod, indexMethods, type MethodResult, methodOptionsFromConfig } from './common';

export const computeIndex: Record<IndexMethod, (counts: Counts, options: MethodOptions) => MethodResult> = {
  tt01,
  qd766,
  sipas,
  csat,
};
