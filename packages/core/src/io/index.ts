/** Weight I/O: safetensors encoding, atomic files (Node), and tf.io handlers. */
export {
  bfloat16ToFloat32,
  float16Bits,
  float16ToFloat32,
  float16Value,
  float32ToFloat16,
  FLOAT16_MAX,
} from './float16';
export { filePath, writeFileAtomic } from './node-file';
export {
  decodeSafetensors,
  decodeSafetensorsData,
  encodeSafetensors,
  readSafetensorsHeader,
  SAFETENSORS_DEFAULT_MAX_BYTES,
  SAFETENSORS_MAX_HEADER_BYTES,
  type DecodedSafetensors,
  type DecodeSafetensorsOptions,
  type EncodeSafetensorsOptions,
  type SafetensorsDtype,
  type SafetensorsEntry,
  type SafetensorsHeader,
} from './safetensors';
export { loadSafetensorsFile, saveSafetensorsFile } from './safetensors-file';
export {
  fileHandler,
  loadModuleWeights,
  loadWeights,
  SafetensorsFileHandler,
  saveModuleWeights,
  saveWeights,
  type LoadModuleWeightsOptions,
  type SaveWeightsOptions,
  type WeightsDestination,
  type WeightsOrigin,
  type WeightsSource,
} from './weights';
