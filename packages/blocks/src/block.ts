/**
 * What a block is: a module that maps `[..., inputSize]` to `[..., outputSize]`. Every module
 * of this package (and `Linear` of `@seq2seq/core`) is one, so they nest and stack freely.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Module } from '@seq2seq/core';

/** A module with a forward pass over the last axis of its input. */
export interface Block extends Module {
  /** `[..., inputSize]` -> `[..., outputSize]`; returns a new tensor, disposes nothing. */
  apply(x: tf.Tensor): tf.Tensor;
  /** Size of the last axis of the input, where fixed. */
  readonly inputSize?: number;
  /** Size of the last axis of the output, where fixed. */
  readonly outputSize?: number;
}
