/**
 * @seq2seq/attention: dot, scaled-dot, general (Luong) and additive (Bahdanau) attention with
 * source masks, in an all-steps form (teacher forcing) and a step form (decoding), and pointer
 * scoring (Vinyals et al. 2015) with logit clipping and glimpses (Bello et al. 2016), and multi-head
 * self-attention (Vaswani et al. 2017) for set and sequence encoders. API contract: docs/api-contract.md.
 */
export {
  AdditiveAttention,
  Attention,
  GeneralAttention,
  dot,
  scaledDot,
  type AttentionConfig,
  type AttentionKind,
  type AttentionOutput,
  type AttentionState,
  type AttentionStepOutput,
  type SelectRowsOptions,
} from './attention';
export { MultiHeadSelfAttention, type MultiHeadSelfAttentionConfig } from './multi-head';
export { MASKED_LOGIT, maskedLogSoftmax, maskedSoftmax, resolveMask, type MaskOptions } from './mask';
export {
  Pointer,
  visitedMask,
  type PointerConfig,
  type PointerOptions,
  type PointerOutput,
  type PointerState,
  type PointerStepOptions,
  type PointerStepOutput,
} from './pointer';

// DRAW's Gaussian filterbank attention (Gregor et al. 2015): read and write through an N x N grid.
export { coveringWindow, filterbank, type CoveringWindowOptions, type Filterbank, type FilterbankConfig } from './filterbank/filterbank';
export { filterbankRead } from './filterbank/read';
export { filterbankWrite } from './filterbank/write';
