/**
 * Gradient check against central finite differences, on the active backend, in float32:
 * for a few sampled coordinates i of each variable, `(L(x + eps e_i) - L(x - eps e_i)) / 2 eps`
 * must match the gradient from `tf.variableGrads`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/** Options of {@link checkGradients}. */
export interface GradCheckOptions {
  /** Step of the central difference. Default 5e-3. */
  eps?: number;
  /** Allowed `|numeric - analytic| / max(1, |numeric|)`. Default 2e-2. */
  tol?: number;
  /** Coordinates checked per variable. Default 6. */
  samples?: number;
  /** Seed for the sampled coordinates. Default 0. */
  seed?: number;
}

/** Checks `d loss / d v` for every `v` in `variables` (named for failure messages). */
export async function checkGradients(
  loss: () => tf.Scalar,
  variables: Record<string, tf.Variable>,
  { eps = 5e-3, tol = 2e-2, samples = 6, seed = 0 }: GradCheckOptions = {},
): Promise<void> {
  const vars = Object.values(variables);
  const { value, grads } = tf.variableGrads(loss, vars);
  value.dispose();
  let state = (seed * 2654435761 + 1) >>> 0;
  const randomIndex = (n: number): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0; // LCG: reproducible coordinates
    return state % n;
  };
  const evaluate = async (): Promise<number> => {
    const l = tf.tidy(loss);
    const [v] = await l.data();
    l.dispose();
    return v!;
  };
  try {
    for (const [name, v] of Object.entries(variables)) {
      const analytic = await grads[v.name]!.data();
      const original = Float32Array.from(await v.data());
      const coords = v.size <= samples ? [...Array(v.size).keys()] : Array.from({ length: samples }, () => randomIndex(v.size));
      for (const i of coords) {
        const at = async (delta: number): Promise<number> => {
          const x = Float32Array.from(original);
          x[i] = original[i]! + delta;
          tf.tidy(() => v.assign(tf.tensor(x, v.shape)));
          return evaluate();
        };
        const numeric = ((await at(eps)) - (await at(-eps))) / (2 * eps);
        tf.tidy(() => v.assign(tf.tensor(original, v.shape)));
        const a = analytic[i]!;
        const err = Math.abs(numeric - a) / Math.max(1, Math.abs(numeric));
        expect(err, `d loss / d ${name}[${i}]: analytic ${a}, numeric ${numeric}`).toBeLessThan(tol);
      }
    }
  } finally {
    tf.dispose(grads);
  }
}
