/** Pointer networks (Vinyals et al. 2015) with glimpses, clipping and masks (Bello et al. 2016). */
export * from './config';
export { SetEncoder, type SetEncoderConfig } from './set-encoder';
export * from './constraints';
export * from './network';
export * from './data';
export * from './solve';
export * from './reinforce';
