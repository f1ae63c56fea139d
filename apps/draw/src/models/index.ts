/** Every kind of model the draw app knows, registered once (import this module to use the registry). */
import { FVSBN, PIXEL_BERNOULLI } from './density';
import { DRAW } from './draw';
import { PAINTER } from './painter';
import { SPATIAL_LSTM } from './spatial';
import { registerKind } from './registry';

for (const kind of [FVSBN, PIXEL_BERNOULLI, DRAW, SPATIAL_LSTM, PAINTER]) registerKind(kind);

export { allKinds, kindOf, type AttentionWindow, type DrawModel, type DrawModelKind, type DrawScore, type DrawTrainingData, type SampleStep, type TrainableDrawModel } from './registry';
export { densityDrawModel } from './density';
export { drawDrawModel } from './draw';
export { spatialDrawModel } from './spatial';
export { painterDrawModel } from './painter';
