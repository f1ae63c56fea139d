/**
 * Convolutional blocks over NHWC images `[batch, height, width, channels]`: convolution, pooling,
 * batch and group normalisation, ResNet's basic block and DenseNet's dense block. All of them
 * train on the WASM backend (the convolution brings its own kernel gradient).
 */
export { BatchNorm2D, type BatchNorm2DConfig } from './batch-norm';
export { blurPool2d } from './blur-pool';
export { Conv2D, type Conv2DConfig } from './conv2d';
export { conv2d, conv2dFilterGradient, conv2dInputGradient } from './conv2d-op';
export { DenseConvBlock, type DenseConvBlockConfig } from './dense-conv-block';
export { windowGeometry, type Padding, type Size2D, type WindowGeometry } from './geometry';
export { GroupNorm, defaultNumGroups, type GroupNormConfig } from './group-norm';
export { heNormal } from './init';
export { type ConvNorm } from './norm';
export { AvgPool2D, MaxPool2D, type Pool2DConfig } from './pool';
export { ResNetBlock, type ResNetBlockConfig } from './resnet-block';
