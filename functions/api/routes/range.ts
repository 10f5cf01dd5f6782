/** The range rule of the API routes is the service's one date rule (shared/date-range.ts). */
export { checkRange } from '../../../shared/date-range';
