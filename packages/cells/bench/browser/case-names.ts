/** Names of the browser bench cases, in the order they run (see cases.ts). */
export const CASE_NAMES = [
  'gru-train-b64',
  'lstm-train-b64',
  'gru-infer-b1',
  'lstm-infer-b1',
  'gru-infer-b64',
  'lstm-infer-b64',
  'matmul-b64',
] as const;

/** One case's name. */
export type CaseName = (typeof CASE_NAMES)[number];
