/**
 * Max and average pooling with gradients written out from the window taps, because the
 * backends' own pooling gradients are not trustworthy in tfjs 4.22 (found checking them against finite differences):
 * AvgPoolGrad with 'same' padding divides by the full window size while the forward pass averages
 * the pixels inside the image only (wrong on CPU and WASM alike), and the WASM backend's
 * MaxPoolGrad routes some gradients to the wrong pixel.
 *
 * A window of size (kh, kw) has kh kw taps: tap_{ij}(x)[b, p, q, c] = xpad[b, p s_h + i, q s_w + j, c]
 * (`[batch, outH, outW, C]`). With dy = dL/dy:
 *
 *   max:  y = max_{ij} tap_{ij}(x),   dL/dx = sum_{ij} place_{ij}(dy * [tap_{ij} is the first maximum])
 *   avg:  y = sum_{ij} tap_{ij}(x) / n, dL/dx = sum_{ij} place_{ij}(dy / n)
 *
 * where n `[1, outH, outW, 1]` counts the window's pixels inside the image, and place_{ij} is the
 * adjoint of tap_{ij}: it puts each value back where the tap read it (zeros elsewhere). The
 * forward passes are tfjs's own maxPool / avgPool.
 */
import * as tf from '@tensorflow/tfjs-core';
import { windowGeometry, type Padding, type WindowGeometry } from './geometry';
import { interleaveZeros } from './interleave';

interface Window {
  size: readonly [number, number];
  strides: readonly [number, number];
  geometry: WindowGeometry;
}

function windowOf(x: tf.Tensor4D, size: readonly [number, number], strides: readonly [number, number], padding: Padding): Window {
  return { size, strides, geometry: windowGeometry(x.shape[1], x.shape[2], size, strides, padding) };
}

/** `x: [B, H, W, C]` padded with `value` -> `[B, Hp, Wp, C]`. */
function padImage(x: tf.Tensor4D, g: WindowGeometry, value: number): tf.Tensor4D {
  if (g.padTop + g.padBottom + g.padLeft + g.padRight === 0) return x;
  return tf.pad(x, [[0, 0], [g.padTop, g.padBottom], [g.padLeft, g.padRight], [0, 0]], value);
}

/** tap_{ij}: `xpad: [B, Hp, Wp, C]` -> `[B, outH, outW, C]`. */
function tap(xpad: tf.Tensor4D, w: Window, i: number, j: number): tf.Tensor4D {
  const [batch, , , channels] = xpad.shape;
  const [sh, sw] = w.strides;
  const { outHeight: oh, outWidth: ow } = w.geometry;
  if (sh === 1 && sw === 1) return tf.slice(xpad, [0, i, j, 0], [batch, oh, ow, channels]);
  return tf.stridedSlice(xpad, [0, i, j, 0], [batch, i + (oh - 1) * sh + 1, j + (ow - 1) * sw + 1, channels], [1, sh, sw, 1]) as tf.Tensor4D;
}

/** place_{ij}, the adjoint of {@link tap}: `t: [B, outH, outW, C]` -> `[B, Hp, Wp, C]`, zeros where the tap did not read. */
function place(t: tf.Tensor4D, w: Window, i: number, j: number, hp: number, wp: number): tf.Tensor4D {
  const [batch, oh, ow, channels] = t.shape;
  const [sh, sw] = w.strides;
  let spread = interleaveZeros(t, [sh, sw]); // [B, oh sh, ow sw, C]
  const h = (oh - 1) * sh + 1;
  const wd = (ow - 1) * sw + 1;
  if (spread.shape[1] !== h || spread.shape[2] !== wd) spread = tf.slice(spread, [0, 0, 0, 0], [batch, h, wd, channels]); // [B, (oh-1) sh + 1, (ow-1) sw + 1, C]
  return tf.pad(spread, [[0, 0], [i, hp - i - h], [j, wp - j - wd], [0, 0]]); // [B, Hp, Wp, C]
}

/** sum_{ij} place_{ij}(grads_{ij}), with the padding cropped off: -> `[B, H, W, C]`. */
function placeAll(grads: tf.Tensor4D[], w: Window, x: tf.Tensor4D): tf.Tensor4D {
  const g = w.geometry;
  const [batch, height, width, channels] = x.shape;
  const hp = height + g.padTop + g.padBottom;
  const wp = width + g.padLeft + g.padRight;
  const [, kw] = w.size;
  const placed = grads.map((t, k) => place(t, w, Math.floor(k / kw), k % kw, hp, wp));
  const sum = placed.length === 1 ? placed[0]! : (tf.addN(placed) as tf.Tensor4D); // [B, Hp, Wp, C]
  if (hp === height && wp === width) return sum;
  return tf.slice(sum, [0, g.padTop, g.padLeft, 0], [batch, height, width, channels]);
}

/** Max pooling `[B, H, W, C]` -> `[B, outH, outW, C]`, the gradient going to the first maximum of each window. */
export function maxPool(x: tf.Tensor4D, size: readonly [number, number], strides: readonly [number, number], padding: Padding): tf.Tensor4D {
  const op = tf.customGrad(((xIn: tf.Tensor4D, save: tf.GradSaveFunc) => {
    const y = tf.maxPool(xIn, size as [number, number], strides as [number, number], padding); // [B, outH, outW, C]
    save([xIn, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const [sx, sy] = saved as [tf.Tensor4D, tf.Tensor4D];
        const w = windowOf(sx, size, strides, padding);
        const xpad = padImage(sx, w.geometry, -Infinity); // [B, Hp, Wp, C]
        let free: tf.Tensor4D = tf.onesLike(dy); // 1 where the window's maximum is not yet claimed
        const grads: tf.Tensor4D[] = [];
        for (let i = 0; i < size[0]; i++) {
          for (let j = 0; j < size[1]; j++) {
            const hit = tf.mul(tf.cast(tf.equal(tap(xpad, w, i, j), sy), 'float32'), free); // [B, outH, outW, C]
            grads.push(tf.mul(dy, hit));
            free = tf.sub(free, hit);
          }
        }
        return placeAll(grads, w, sx);
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x) as tf.Tensor4D;
}

/** Average pooling `[B, H, W, C]` -> `[B, outH, outW, C]`, averaging the pixels inside the image. */
export function avgPool(x: tf.Tensor4D, size: readonly [number, number], strides: readonly [number, number], padding: Padding): tf.Tensor4D {
  const op = tf.customGrad(((xIn: tf.Tensor4D, save: tf.GradSaveFunc) => {
    save([xIn]);
    return {
      value: tf.avgPool(xIn, size as [number, number], strides as [number, number], padding), // [B, outH, outW, C]
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const [sx] = saved as [tf.Tensor4D];
        const w = windowOf(sx, size, strides, padding);
        const [, height, width] = sx.shape;
        const inside = padImage(tf.ones([1, height, width, 1]), w.geometry, 0); // [1, Hp, Wp, 1]: 1 inside the image
        const taps: tf.Tensor4D[] = [];
        for (let i = 0; i < size[0]; i++) for (let j = 0; j < size[1]; j++) taps.push(tap(inside, w, i, j));
        const count = tf.addN(taps); // [1, outH, outW, 1]: pixels of each window inside the image
        const share = tf.div(dy, count) as tf.Tensor4D; // [B, outH, outW, C]
        return placeAll(taps.map(() => share), w, sx);
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x) as tf.Tensor4D;
}
