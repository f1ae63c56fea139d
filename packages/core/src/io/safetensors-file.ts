/**
 * Safetensors files on disk (Node). Writes are atomic ({@link writeFileAtomic}); reads validate
 * the header before reading the data section.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { WeightsError } from '../errors';
import { filePath, loadNodeModules, writeFileAtomic } from './node-file';
import {
  decodeSafetensorsData,
  encodeSafetensors,
  readSafetensorsHeader,
  SAFETENSORS_MAX_HEADER_BYTES,
  type DecodedSafetensors,
  type DecodeSafetensorsOptions,
  type EncodeSafetensorsOptions,
} from './safetensors';

/**
 * Encodes `tensors` with {@link encodeSafetensors} and writes them to `path` (a path or a
 * `file://` URL) atomically: a crash never leaves a half-written file.
 */
export async function saveSafetensorsFile(
  path: string,
  tensors: ReadonlyMap<string, tf.Tensor> | Readonly<Record<string, tf.Tensor>>,
  metadata?: Readonly<Record<string, string>>,
  options: EncodeSafetensorsOptions = {},
): Promise<void> {
  const bytes = await encodeSafetensors(tensors, metadata, options);
  await writeFileAtomic(filePath(path), bytes, 'saveSafetensorsFile');
}

/**
 * Reads a safetensors file (a path or a `file://` URL). The file size and the header are checked
 * before the data section is read, so a huge or corrupt file is refused cheaply.
 *
 * @throws WeightsError when the file cannot be read or is not valid (see {@link decodeSafetensors}).
 */
export async function loadSafetensorsFile(path: string, options: DecodeSafetensorsOptions = {}): Promise<DecodedSafetensors> {
  const { fs } = await loadNodeModules('loadSafetensorsFile');
  const file = filePath(path);
  let handle: Awaited<ReturnType<typeof fs.open>>;
  try {
    handle = await fs.open(file, 'r');
  } catch (error) {
    throw new WeightsError(`loadSafetensorsFile: could not open '${file}': ${(error as Error).message}`, { cause: error });
  }
  try {
    const { size } = await handle.stat();
    const read = async (position: number, length: number): Promise<Uint8Array> => {
      const buffer = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
        if (bytesRead === 0) throw new WeightsError(`loadSafetensorsFile: '${file}' ended early (changed while reading?)`);
        done += bytesRead;
      }
      return buffer;
    };
    const prefix = await read(0, Math.min(size, 8));
    let header;
    try {
      const lengthField = prefix.length === 8 ? new DataView(prefix.buffer).getUint32(0, true) + new DataView(prefix.buffer).getUint32(4, true) * 2 ** 32 : 0;
      const cap = options.maxHeaderBytes ?? SAFETENSORS_MAX_HEADER_BYTES;
      // Read the header only when its length is plausible; readSafetensorsHeader reports it otherwise.
      const headerBytes = lengthField <= cap && 8 + lengthField <= size ? await read(0, 8 + lengthField) : prefix;
      header = readSafetensorsHeader(headerBytes, { ...options, fileSize: size });
    } catch (error) {
      if (error instanceof WeightsError) error.message = error.message.replace(/^safetensors:/, `safetensors: '${file}':`);
      throw error;
    }
    const data = await read(header.dataStart, header.dataLength);
    return decodeSafetensorsData(header, data);
  } finally {
    await handle.close();
  }
}
