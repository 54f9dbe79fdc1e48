/** The PRP parser: markdown → Prp. */
export { parsePrp } from './parsePrp';
export type { ParsePrpOptions } from './parsePrp';
