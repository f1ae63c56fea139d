export { seq2seqFromTorchStateDict, seq2seqToTorchStateDict, seq2seqWeightsFromTorch, type TorchStateDict } from './state-dict';
export { torchSourceOf, type TorchSource } from './names';
