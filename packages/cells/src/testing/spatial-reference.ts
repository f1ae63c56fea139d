/**
 * Naive reference of the spatial LSTM (see `../spatial/spatial-lstm.ts`), written straight from
 * the equations in plain JavaScript doubles: one position at a time in raster order, every
 * product a loop. Tests compare the diagonal-batched tfjs run against it. Not part of the public API.
 */

/** One layer's weights as row-major arrays: `kernel` `[in, 5H]`, `recurrentKernel` `[2H, 5H]`, `bias` `[5H]`. */
export interface SpatialRefLayer {
  kernel: ArrayLike<number>;
  recurrentKernel: ArrayLike<number>;
  bias: ArrayLike<number>;
}

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/**
 * `x` row-major `[batch, height, width, inputSize]` -> the last layer's h, row-major
 * `[batch, height, width, hiddenSize]`.
 */
export function spatialLstmReference(
  layers: SpatialRefLayer[],
  x: ArrayLike<number>,
  shape: { batch: number; height: number; width: number; inputSize: number; hiddenSize: number },
): Float64Array {
  const { batch, height, width, hiddenSize: H } = shape;
  let input = Float64Array.from(x);
  let inSize = shape.inputSize;
  for (const layer of layers) {
    const hs = new Float64Array(batch * height * width * H);
    const cs = new Float64Array(batch * height * width * H);
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < height; i++) {
        for (let j = 0; j < width; j++) {
          const at = ((b * height + i) * width + j) * H;
          const up = i > 0 ? ((b * height + i - 1) * width + j) * H : -1;
          const left = j > 0 ? ((b * height + i) * width + j - 1) * H : -1;
          const xi = ((b * height + i) * width + j) * inSize;
          for (let u = 0; u < H; u++) {
            // Pre-activation of gate block q, unit u: column q H + u.
            const pre = (q: number): number => {
              const col = q * H + u;
              let s = layer.bias[col]!;
              for (let k = 0; k < inSize; k++) s += input[xi + k]! * layer.kernel[k * 5 * H + col]!;
              for (let k = 0; k < H; k++) {
                if (up >= 0) s += hs[up + k]! * layer.recurrentKernel[k * 5 * H + col]!;
                if (left >= 0) s += hs[left + k]! * layer.recurrentKernel[(H + k) * 5 * H + col]!;
              }
              return s;
            };
            const ig = sigmoid(pre(0));
            const og = sigmoid(pre(1));
            const fUp = sigmoid(pre(2));
            const fLeft = sigmoid(pre(3));
            const g = Math.tanh(pre(4));
            const cUp = up >= 0 ? cs[up + u]! : 0;
            const cLeft = left >= 0 ? cs[left + u]! : 0;
            const c = fUp * cUp + fLeft * cLeft + ig * g;
            cs[at + u] = c;
            hs[at + u] = og * Math.tanh(c);
          }
        }
      }
    }
    input = hs;
    inSize = H;
  }
  return input;
}
