/** Painting with strokes: the differentiable rasteriser, compositing, the painter, its task, checkpoints and reading. */
export {
  DISTANCE_DELTA,
  SEGMENT_EPS,
  STROKE_SIZE,
  bezierBasis,
  canvasSize,
  checkStrokeValues,
  rasterizeStrokes,
  type CanvasSize,
  type RasterizeOptions,
} from './rasterize';
export { rasterizeStrokesReference, type RasterizeReferenceOptions } from './reference';
export { checkCompositing, compositeStep, compositeStrokes, type Compositing } from './composite';
export {
  PAINTER_CONFIG_VERSION,
  migratePainterConfig,
  resolvePainterConfig,
  type PainterConfig,
  type PainterEncoderKind,
  type PainterLoss,
  type ResolvedPainterConfig,
} from './config';
export { PainterEncoder } from './encoder';
export { Painter, type Painting } from './model';
export { painterTask, type PainterTaskConfig } from './task';
export {
  PAINTER_KIND,
  loadPainter,
  painterFromCheckpoint,
  painterManifest,
  savePainter,
  type PainterManifest,
  type SavePainterOptions,
} from './checkpoint';
export { readPaintings, readPaintingsAsync, type PaintedImage } from './read';
