/** DRAW (Gregor et al. 2015): config, model, binary images, task, checkpoints, host reads. */
export { DRAW_CONFIG_VERSION, migrateDrawConfig, resolveDrawConfig, type DrawConfig, type ResolvedDrawConfig } from './config';
export { drawBatches, selectImages, type DrawBatchOptions, type DrawImages } from './images';
export { Draw, bernoulliNll, gaussianKl, type DrawBound, type DrawImportanceOptions, type DrawLossOptions, type DrawNoiseOptions, type DrawSequence, type DrawWindows } from './model';
export { readDrawSequence, readDrawSequenceAsync, type DrawFrames, type DrawWindow } from './host-read';
export { drawTask, type DrawTask, type DrawTaskConfig } from './task';
export { DRAW_KIND, drawFromCheckpoint, drawManifest, loadDraw, saveDraw, type DrawData, type DrawManifest, type SaveDrawOptions } from './checkpoint';
