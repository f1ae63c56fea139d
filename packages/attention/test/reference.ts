/**
 * Float64 reference implementations, written as the equations read (loops over t and s), to
 * check the tensor code against.
 */
export type Matrix = number[][];

export interface RefParams {
  W?: Matrix; // [De, Dd]
  W1?: Matrix; // [De, U]
  W2?: Matrix; // [Dd, U]
  v?: number[]; // [U]
}

const dotv = (a: readonly number[], b: readonly number[]): number => a.reduce((s, x, i) => s + x * b[i]!, 0);
/** x^T M for a row vector x and M [in, out]. */
const vecMat = (x: readonly number[], m: Matrix): number[] => m[0]!.map((_, j) => x.reduce((s, xi, i) => s + xi * m[i]![j]!, 0));

export function refScore(kind: string, e: number[], d: number[], p: RefParams): number {
  switch (kind) {
    case 'dot':
      return dotv(e, d);
    case 'scaledDot':
      return dotv(e, d) / Math.sqrt(e.length);
    case 'general':
      return dotv(vecMat(e, p.W!), d); // e^T W d
    case 'additive': {
      const a = vecMat(e, p.W1!);
      const b = vecMat(d, p.W2!);
      return dotv(p.v!, a.map((x, u) => Math.tanh(x + b[u]!))); // v^T tanh(W1 e + W2 d)
    }
  }
  throw new Error(kind);
}

/** Masked softmax of `scores` (keep 0/1 or null). */
export function refSoftmax(scores: number[], keep: readonly number[] | null): number[] {
  const m = Math.max(...scores.filter((_, i) => !keep || keep[i]));
  const z = scores.map((s, i) => (!keep || keep[i] ? Math.exp(s - m) : 0));
  const total = z.reduce((a, b) => a + b, 0);
  return z.map((x) => x / total);
}

/** alpha_{t,s} and c_s for one batch row: e [S][De], d [T][Dd]. */
export function refAttention(kind: string, e: Matrix, d: Matrix, keep: readonly number[] | null, p: RefParams): { context: Matrix; weights: Matrix } {
  const weights = d.map((ds) => refSoftmax(e.map((et) => refScore(kind, et, ds, p)), keep));
  const context = weights.map((w) => e[0]!.map((_, k) => w.reduce((s, a, t) => s + a * e[t]![k]!, 0)));
  return { context, weights };
}

/**
 * Pointer logits and log-probabilities for one batch row and one output step: glimpses refine
 * the query, then u_j = v^T tanh(W1 e_j + W2 q), optionally C tanh(u), masked.
 */
export function refPointer(
  e: Matrix,
  d: number[],
  keep: readonly number[] | null,
  glimpses: RefParams[],
  pointer: RefParams,
  clip: number | null,
): { logits: number[]; logProbs: number[] } {
  let q = d;
  for (const g of glimpses) {
    const w = refSoftmax(e.map((ej) => refScore('additive', ej, q, g)), keep);
    q = e[0]!.map((_, k) => w.reduce((s, a, j) => s + a * e[j]![k]!, 0));
  }
  const u = e.map((ej) => refScore('additive', ej, q, pointer)).map((x) => (clip === null ? x : clip * Math.tanh(x)));
  const kept = u.filter((_, j) => !keep || keep[j]);
  const m = Math.max(...kept);
  const lse = m + Math.log(kept.reduce((s, x) => s + Math.exp(x - m), 0));
  return { logits: u, logProbs: u.map((x) => x - lse) };
}
