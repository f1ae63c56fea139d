/**
 * @seq2seq/core: parameters, initialisers, a seeded RNG, Linear, Embedding, Dropout, weight I/O
 * and errors for TensorFlow.js.
 */
import './tfjs-setup';

export * from './errors';
export * from './validate';
export * from './rng';
export * from './initializers';
export * from './module';
export * from './fast-matmul';
export * from './linear';
export * from './dropout';
export * from './embedding';
export * from './ops/gather-rows';
export * from './io/index';
