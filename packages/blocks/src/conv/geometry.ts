/**
 * Shapes of a 2-D sliding window (convolution or pooling) over an NHWC image, with TensorFlow's
 * padding rules:
 *
 *   'valid': out = floor((in - k) / s) + 1,  no padding (the window must fit: in >= k)
 *   'same':  out = ceil(in / s),  total padding max((out - 1) s + k - in, 0), the smaller half
 *            before (top / left) and the larger half after (bottom / right)
 *
 * Porting note: PyTorch pads symmetrically (`padding=1` for a 3x3 kernel). With stride 1 that is
 * 'same'; with stride 2 on an even input TensorFlow pads 0 before and 1 after, PyTorch 1 and 1, so
 * the windows are shifted by one pixel (the PyTorch fixtures pad explicitly to match).
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, ShapeError, checkInt, checkOneOf, checkTensor } from '@seq2seq/core';

/** How a window treats the border: `'same'` pads so that `out = ceil(in / stride)`, `'valid'` does not pad. */
export type Padding = 'same' | 'valid';

/** A window size or stride: one number for both axes, or `[height, width]`. */
export type Size2D = number | readonly [number, number];

/** Output size and padding of a window along both spatial axes. */
export interface WindowGeometry {
  outHeight: number;
  outWidth: number;
  padTop: number;
  padBottom: number;
  padLeft: number;
  padRight: number;
}

/** Output size and padding along one axis (see the module comment). */
function axis(size: number, k: number, s: number, padding: Padding): [out: number, before: number, after: number] {
  if (padding === 'valid') return [Math.floor((size - k) / s) + 1, 0, 0];
  const out = Math.ceil(size / s);
  const total = Math.max((out - 1) * s + k - size, 0);
  const before = Math.floor(total / 2);
  return [out, before, total - before];
}

/** Output size and padding of a `[kh, kw]` window with strides `[sh, sw]` over an `height x width` image. */
export function windowGeometry(height: number, width: number, [kh, kw]: readonly [number, number], [sh, sw]: readonly [number, number], padding: Padding): WindowGeometry {
  const [outHeight, padTop, padBottom] = axis(height, kh, sh, padding);
  const [outWidth, padLeft, padRight] = axis(width, kw, sw, padding);
  return { outHeight, outWidth, padTop, padBottom, padLeft, padRight };
}

/** Reads a {@link Size2D} config field as `[height, width]`, each an integer >= `min`. */
export function size2D(value: unknown, argName: string, opName: string, min = 1): [number, number] {
  if (Array.isArray(value)) {
    if (value.length !== 2) throw new InputError(`${opName}: '${argName}' must be a number or [height, width], got an array of length ${value.length}`);
    return [checkInt(value[0], `${argName}[0]`, opName, min), checkInt(value[1], `${argName}[1]`, opName, min)];
  }
  const v = checkInt(value, argName, opName, min);
  return [v, v];
}

/** Reads a {@link Padding} config field. */
export const checkPadding = (value: unknown, opName: string): Padding => checkOneOf(value, ['same', 'valid'] as const, 'padding', opName);

/**
 * Checks that `x` is a float32 NHWC image batch `[batch, height, width, channels]` (channels
 * unchecked when `channels` is undefined) and, with 'valid' padding, that the window fits; the
 * error names the op, the argument and what was expected.
 */
export function checkImage(x: unknown, opName: string, channels: number | undefined, window?: { size: readonly [number, number]; padding: Padding }): asserts x is tf.Tensor4D {
  checkTensor(x, 'x', opName, ['batch', 'height', 'width', channels ?? 'channels']);
  if (window?.padding === 'valid') {
    const [, h, w] = (x as tf.Tensor4D).shape;
    const [kh, kw] = window.size;
    if (h < kh || w < kw) {
      throw new ShapeError(`${opName}: with padding 'valid' the input (height x width ${h}x${w}) must be at least the window (${kh}x${kw}); got x of shape [${(x as tf.Tensor).shape.join(', ')}]`);
    }
  }
}
