/** The recurrent glimpse reader (Ba et al. 2014): config, retina, model, task. */
export { GLIMPSE_READER_CONFIG_VERSION, resolveGlimpseReaderConfig, type GlimpseReaderConfig, type ResolvedGlimpseReaderConfig } from './config';
export { glimpseWindow, retina, type GlimpseWindow, type RetinaConfig } from './retina';
export { GlimpseReader, type GlimpseForward, type GlimpseLoss, type GlimpseReading, type GlimpseRunOptions } from './model';
export { glimpseReaderTask, type GlimpseReaderTaskConfig } from './task';
export { GLIMPSE_READER_KIND, glimpseReaderManifest, loadGlimpseReader, saveGlimpseReader, type GlimpseReaderData, type GlimpseReaderManifest } from './checkpoint';
