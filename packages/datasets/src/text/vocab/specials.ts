/** Special tokens every {@link Vocabulary} starts with, at fixed ids. */

/** Padding token, id {@link PAD_ID}. */
export const PAD = '<pad>';
/** Start-of-sequence token, id {@link SOS_ID}. */
export const SOS = '<sos>';
/** End-of-sequence token, id {@link EOS_ID}. */
export const EOS = '<eos>';
/** Unknown-token token, id {@link UNK_ID}. */
export const UNK = '<unk>';

/** Id of {@link PAD}: 0, so zero-filled buffers are padding. */
export const PAD_ID = 0;
/** Id of {@link SOS}. */
export const SOS_ID = 1;
/** Id of {@link EOS}. */
export const EOS_ID = 2;
/** Id of {@link UNK}. */
export const UNK_ID = 3;

/** The special tokens in id order. */
export const SPECIAL_TOKENS: readonly string[] = Object.freeze([PAD, SOS, EOS, UNK]);
