/** The normalisation a convolutional block puts after (ResNet) or before (DenseNet) each convolution. */
import { BatchNorm2D } from './batch-norm';
import { GroupNorm, defaultNumGroups } from './group-norm';

/** `'batch'`: {@link BatchNorm2D}; `'group'`: {@link GroupNorm}; `'none'`: no normalisation. */
export type ConvNorm = 'batch' | 'group' | 'none';

/** A normalisation over `channels`, or null for `'none'`; group norm uses `numGroups` or {@link defaultNumGroups}. */
export function makeConvNorm(kind: ConvNorm, channels: number, numGroups?: number): BatchNorm2D | GroupNorm | null {
  if (kind === 'batch') return new BatchNorm2D({ inputSize: channels });
  if (kind === 'group') return new GroupNorm({ inputSize: channels, numGroups: numGroups ?? defaultNumGroups(channels) });
  return null;
}
