/**
 * @seq2seq/blocks: residual and dense blocks, layer norm, MLPs, stacks of blocks, and lesions of
 * stacks (Veit et al. 2016) for TensorFlow.js.
 */
export { activationFn, type Activation, type ActivationName } from '@seq2seq/core';
export type { Block } from './block';
export { DenseBlock, type DenseBlockConfig } from './dense-block';
export { LayerNorm, type LayerNormConfig } from './layer-norm';
export { MLP, type MLPConfig } from './mlp';
export { Residual, type NormPlacement, type ResidualConfig } from './residual';
export { Sequential, lesion, type Lesioned, type SequentialApplyOptions } from './sequential';
