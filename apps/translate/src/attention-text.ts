import type { Translation } from '@seq2seq/seq2seq';
import { attentionToTerminal } from '@seq2seq/viz';

/**
 * A translation's attention as terminal text (drawn by `@seq2seq/viz`): columns are the source
 * tokens and `<eos>`, rows the output tokens and the `<eos>` step (absent when decoding stopped
 * at the length limit, so the row labels are cut to the rows there are). `width` is the
 * terminal's (`stream.columns`, undefined when not a terminal): a long sentence narrows its
 * columns and wraps its key to fit.
 */
export function attentionText(t: Pick<Translation, 'attention' | 'sourceTokens' | 'tokens'>, width?: number): string {
  return attentionToTerminal(
    {
      weights: t.attention,
      sourceTokens: [...t.sourceTokens, '<eos>'],
      targetTokens: [...t.tokens, '<eos>'].slice(0, t.attention.length),
    },
    { width },
  );
}
