/** The one-line attention report that `train` prints after every epoch and `eval` after its table. */
import type { AttentionHealth } from '@seq2seq/seq2seq';

/** One line on attention health (`measureAttention` of @seq2seq/seq2seq), with a warning when it has collapsed. */
export function formatAttentionHealth(h: AttentionHealth): string {
  const collapsed = h.maxWeight > 0.95 && h.coverage < 0.4;
  return (
    `attention (teacher-forced, ${h.rows} target steps): entropy ${h.entropy.toFixed(3)}, max weight ${h.maxWeight.toFixed(3)}, coverage ${h.coverage.toFixed(3)}` +
    (collapsed ? ' - collapsed: nearly every step attends to one source position' : '')
  );
}
