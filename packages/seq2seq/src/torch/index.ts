export { seq2seqFromTorchStateDict, seq2seqToTorchStateDict, seq2seqWeightsFromTorch, type TorchStateDict } from './state-dict';
export { torchSourceOf, type TorchSource } from './names';
export { pointerNetworkFromTorchStateDict, pointerNetworkToTorchStateDict, pointerNetworkWeightsFromTorch } from './pointer-state-dict';
export { pointerTorchSourceOf } from './pointer-names';
