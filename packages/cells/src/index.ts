/**
 * @seq2seq/cells: SimpleRNN, GRU and LSTM cells and a fused sequence runner (masks, reverse,
 * bidirectional, stacks with residual connections and dropout) with a hand-written backward pass
 * through time, plus PyTorch weight import. API contract: docs/api-contract.md.
 */
export type { CellState, CellType, RecurrentActivation, RecurrentCell, SequenceOptions } from './types';
export { CellBase, blockOrthogonal, type CellConfig } from './cell-base';
export type { Scalars, StepKernel } from './recurrence';
export { SimpleRNNCell, type SimpleRNNCellConfig } from './simple-rnn';
export { GRUCell, type GRUCellConfig } from './gru';
export { LSTMCell, type LSTMCellConfig } from './lstm';
export { RNN, runSequence, makeCell, type RNNConfig, type RNNApplyOptions, type RNNOutput, type RunSequenceOptions } from './rnn';
export { lengthsToMask, timeMajorMask } from './masks';
export { FUSED_WASM_MAX_ELEMENTS, setFusedKernelMode, type FusedKernelMode } from './fused';
export { DerivedWeights, linearLogSoftmax, pickRows, type LinearLogSoftmaxOptions } from './ops';
export {
  loadNativeKernels,
  nativeKernelBuild,
  nativeKernelsAvailable,
  nativeTrainingAvailable,
  relaxedSimdSupported,
  setNativeKernelBuild,
  setNativeKernelMode,
  type NativeKernelBuild,
  type NativeKernelBuildChoice,
  type NativeKernelMode,
} from './native/kernels';
export { linear } from './ops';
export { setWebGpuKernelMode, type WebGpuKernelMode } from './webgpu/recurrence';
export { fromTorchStateDict, loadTorchRNN, toTorchStateDict, type TorchModule, type TorchModuleSpec, type TorchStateDict } from './torch';

// Spatial (two-dimensional) LSTM over a grid, one batched step per anti-diagonal
export { SpatialLstm, type GridSize, type SpatialLstmConfig, type SpatialState } from './spatial/spatial-lstm';
export { concatCols, concatRows, diagonalPositions, diagonals, type Diagonal } from './spatial/diagonals';
