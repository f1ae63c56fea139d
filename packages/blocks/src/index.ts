/**
 * @seq2seq/blocks: residual and dense blocks, layer norm, MLPs, stacks of blocks, and lesions of
 * stacks (Veit et al. 2016), and convolutional blocks over NHWC images (Conv2D, pooling, batch and
 * group norm, ResNet and DenseNet blocks) that train on the WASM backend, for TensorFlow.js.
 */
export { activationFn, type Activation, type ActivationName } from '@seq2seq/core';
export type { Block } from './block';
export {
  AvgPool2D,
  BatchNorm2D,
  Conv2D,
  DenseConvBlock,
  GroupNorm,
  MaxPool2D,
  ResNetBlock,
  blurPool2d,
  conv2d,
  conv2dFilterGradient,
  conv2dInputGradient,
  defaultNumGroups,
  heNormal,
  windowGeometry,
  type BatchNorm2DConfig,
  type Conv2DConfig,
  type ConvNorm,
  type DenseConvBlockConfig,
  type GroupNormConfig,
  type Padding,
  type Pool2DConfig,
  type ResNetBlockConfig,
  type Size2D,
  type WindowGeometry,
} from './conv/index';
export { DenseBlock, type DenseBlockConfig } from './dense-block';
export { LayerNorm, type LayerNormConfig } from './layer-norm';
export { MLP, type MLPConfig } from './mlp';
export { Residual, type NormPlacement, type ResidualConfig } from './residual';
export { Sequential, lesion, type Lesioned, type SequentialApplyOptions } from './sequential';
