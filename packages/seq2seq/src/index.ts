/**
 * @seq2seq/seq2seq: encoder-decoder with attention, pointer networks, the training loop, and
 * greedy / beam / sampling decoders.
 */
export * from './config';
export * from './batch';
export * from './losses';
export * from './attention-health';
export * from './model';
export * from './training/adam';
export * from './training/clip';
export * from './training/schedule';
export * from './training/trainer';
export * from './training/training-run';
export * from './decoding/types';
export * from './decoding/read';
export * from './decoding/greedy';
export * from './decoding/beam';
export * from './checkpoint';
export * from './translator';
export * from './pointer/index';
