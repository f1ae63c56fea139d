/**
 * WGSL for the whole recurrence on WebGPU: ONE dispatch runs every time step forward (saving what
 * backward needs), ONE dispatch runs the backward pass through time. Through tfjs ops a GRU
 * training step at batch 64, hidden 256, 20 steps is about 970 kernels, and on a real GPU
 * (H200, Dawn) each costs about 45 us to dispatch: the step was 57 ms of which the GPU worked 23.
 *
 * One workgroup per batch row: the rows of a recurrence are independent, so a workgroup can walk
 * all the steps with only `workgroupBarrier()` between them (WebGPU has no barrier across
 * workgroups). Each thread owns hidden units `j = tid, tid + WG, ...`; the state the products
 * read (`h`, or the gate gradients in backward) sits in workgroup memory, and the weights are
 * read from storage in columns, so neighbouring threads read neighbouring words.
 *
 * The input projection `x W + b` of all steps is one tfjs matMul before the dispatch, and the
 * recurrent weights' gradients one matMul after it, as on the other paths (see `recurrence.ts`).
 *
 * Layouts (row-major, time-major rows `t * batch + b`):
 * - forward output, `[rows, H]` flat: the runner's packed output (`T * B` output rows, then the
 *   final `h` rows, then the final `c` rows), then when saving: previous `h` (`T * B` rows), gate
 *   activations (`T * B * G` rows, i.e. `[T * B, G * H]`), then per cell: GRU (reset before U)
 *   `r * h`; GRU (reset after U) `U_n h + b_hn`; LSTM previous `c` and `tanh(c')`.
 * - backward output: `dXP [T * B, G * H]`, then GRU (reset after) `dHU [T * B, 3H]`, then the
 *   initial-state gradients (`h`, then `c`: `[S * B, H]`), which also carry the state gradient
 *   from step to step (each thread owns its units' entries).
 */
import type { RecurrentActivation } from '../types';

/** Which recurrence a shader computes. */
export type WebGpuCell = { kind: 'gru'; resetAfter: boolean; activation: RecurrentActivation } | { kind: 'lstm' };

/** Gates per cell. */
export const gateCount = (cell: WebGpuCell): number => (cell.kind === 'lstm' ? 4 : 3);
/** States per cell (`h`, and `c` for the LSTM). */
export const stateCount = (cell: WebGpuCell): number => (cell.kind === 'lstm' ? 2 : 1);
/** Per-step tensors the forward saves besides the previous `h` and the gates, in `H` columns. */
export const extraCount = (cell: WebGpuCell): number => (cell.kind === 'lstm' ? 2 : 1);

/** The largest workgroup memory the shaders use, in floats (WebGPU guarantees 16 KB). */
export const WORKGROUP_FLOATS = 4096;

/** Threads per workgroup for hidden size `H`: up to 256, a multiple of 32. */
export const workgroupSize = (H: number): number => Math.min(256, Math.max(32, Math.ceil(H / 32) * 32));

/** Whether the shaders serve hidden size `H` (the backward keeps `G * H` gate gradients in workgroup memory). */
export const shaderServes = (cell: WebGpuCell, H: number): boolean => H > 0 && gateCount(cell) * H <= WORKGROUP_FLOATS;

const MATH = /* wgsl */ `
  fn sigmoidOf(x : f32) -> f32 { return 1.0 / (1.0 + exp(-x)); }
  // 1 - 2 / (e^2x + 1): exact limits at both ends (the built-in may overflow to NaN there).
  fn tanhOf(x : f32) -> f32 { return 1.0 - 2.0 / (exp(2.0 * x) + 1.0); }
`;

function activationWgsl(activation: RecurrentActivation): string {
  const body = { tanh: 'return tanhOf(x);', relu: 'return max(x, 0.0);', sigmoid: 'return sigmoidOf(x);', linear: 'return x;' }[activation];
  // The derivative from the output y = phi(a), as activationGrad in simple-rnn.ts.
  const grad = { tanh: 'return 1.0 - y * y;', relu: 'return select(0.0, 1.0, y > 0.0);', sigmoid: 'return y * (1.0 - y);', linear: 'return 1.0;' }[activation];
  return `fn phi(x : f32) -> f32 { ${body} }\n  fn phiGrad(y : f32) -> f32 { ${grad} }`;
}

/** Names of the forward program's inputs, in order. */
export function forwardInputs(cell: WebGpuCell, hasMask: boolean): string[] {
  const names = ['xP', 'u', 'h0'];
  if (cell.kind === 'lstm') names.push('c0');
  if (cell.kind === 'gru' && cell.resetAfter) names.push('bRec');
  if (hasMask) names.push('mask');
  return names;
}

/** Names of the backward program's inputs, in order. */
export function backwardInputs(cell: WebGpuCell, hasMask: boolean): string[] {
  // Every input must be read: WebGPU drops unused bindings from the layout, and tfjs binds all.
  const names = cell.kind === 'lstm' ? ['dy', 'uT', 'gates', 'cp', 'tc'] : ['dy', 'uT', 'hp', 'gates'];
  if (cell.kind === 'gru' && cell.resetAfter) names.push('hN');
  if (hasMask) names.push('mask');
  return names;
}

/** Shared preamble: sizes, the step order and the unit loop. `time`, `batch`, `reverse` are uniforms. */
function header(H: number, G: number, WG: number): string {
  return `
  const H : i32 = ${H};
  const GH : i32 = ${G * H};
  const WG : i32 = ${WG};
  ${MATH}`;
}

/**
 * The forward recurrence. `save`: also write what backward needs. Dispatch: one workgroup per
 * batch row.
 */
export function forwardShader(cell: WebGpuCell, H: number, hasMask: boolean, save: boolean): string {
  const G = gateCount(cell);
  const WG = workgroupSize(H);
  const mask = hasMask ? 'mask[row]' : '1.0';
  const S = stateCount(cell);
  // Row offsets (in rows of H) of the regions after the packed output.
  const common = `
    let T = uniforms.time;
    let B = uniforms.batch;
    let b = i32(workgroupId.x);
    let tid = i32(localId.x);
    let finalH = (T * B + b) * H;          // final h row, also this step's carried h before it is shared
    let hpBase = (T + ${S}) * B * H;       // previous h, [T * B, H]
    let gatesBase = hpBase + T * B * H;     // gates, [T * B, G * H]
    let extraBase = gatesBase + T * B * GH; // per-cell extras, ${extraCount(cell)} x [T * B, H]
    for (var j = tid; j < H; j += WG) {
      hs[j] = h0[b * H + j];
      ${cell.kind === 'lstm' ? 'result[((T + 1) * B + b) * H + j] = c0[b * H + j];' : ''}
    }
    workgroupBarrier();`;
  const stepHead = `
      let t = select(s, T - 1 - s, uniforms.reverse != 0);
      let row = t * B + b;
      let m = ${mask};`;
  if (cell.kind === 'gru' && !cell.resetAfter) {
    return `${header(H, G, WG)}
  ${activationWgsl(cell.activation)}
  var<workgroup> hs : array<f32, ${H}>;
  var<workgroup> rhs : array<f32, ${H}>;
  fn main() {
    ${common}
    for (var s = 0; s < T; s++) {
      ${stepHead}
      for (var j = tid; j < H; j += WG) {
        var ar = xP[row * GH + j];
        var az = xP[row * GH + H + j];
        for (var k = 0; k < H; k++) {
          let hk = hs[k];
          ar += hk * u[k * GH + j];
          az += hk * u[k * GH + H + j];
        }
        let r = sigmoidOf(ar);
        let z = sigmoidOf(az);
        rhs[j] = r * hs[j];
        result[row * H + j] = z; // z waits in the output slot until the second half
        ${save ? 'result[gatesBase + row * GH + j] = r; result[gatesBase + row * GH + H + j] = z; result[extraBase + row * H + j] = r * hs[j];' : ''}
      }
      workgroupBarrier();
      for (var j = tid; j < H; j += WG) {
        var an = xP[row * GH + 2 * H + j];
        for (var k = 0; k < H; k++) { an += rhs[k] * u[k * GH + 2 * H + j]; }
        let n = phi(an);
        let z = result[row * H + j];
        let hp = hs[j];
        let hn = n + z * (hp - n); // z h + (1 - z) n
        ${save ? 'result[hpBase + row * H + j] = hp; result[gatesBase + row * GH + 2 * H + j] = n;' : ''}
        hs[j] = hp + m * (hn - hp);
        result[row * H + j] = m * hn;
      }
      workgroupBarrier();
    }
    for (var j = tid; j < H; j += WG) { result[finalH + j] = hs[j]; }
  }`;
  }
  const stepBody =
    cell.kind === 'gru'
      ? `
        var ar = xP[row * GH + j] + bRec[j];
        var az = xP[row * GH + H + j] + bRec[H + j];
        var hN = bRec[2 * H + j];
        for (var k = 0; k < H; k++) {
          let hk = hs[k];
          ar += hk * u[k * GH + j];
          az += hk * u[k * GH + H + j];
          hN += hk * u[k * GH + 2 * H + j];
        }
        let r = sigmoidOf(ar);
        let z = sigmoidOf(az);
        let n = phi(xP[row * GH + 2 * H + j] + r * hN);
        let hp = hs[j];
        let hn = n + z * (hp - n);
        ${save ? 'result[gatesBase + row * GH + j] = r; result[gatesBase + row * GH + H + j] = z; result[gatesBase + row * GH + 2 * H + j] = n; result[extraBase + row * H + j] = hN; result[hpBase + row * H + j] = hp;' : ''}
        result[finalH + j] = hp + m * (hn - hp);
        result[row * H + j] = m * hn;`
      : `
        var ai = xP[row * GH + j];
        var af = xP[row * GH + H + j];
        var ag = xP[row * GH + 2 * H + j];
        var ao = xP[row * GH + 3 * H + j];
        for (var k = 0; k < H; k++) {
          let hk = hs[k];
          ai += hk * u[k * GH + j];
          af += hk * u[k * GH + H + j];
          ag += hk * u[k * GH + 2 * H + j];
          ao += hk * u[k * GH + 3 * H + j];
        }
        let i = sigmoidOf(ai);
        let f = sigmoidOf(af);
        let g = tanhOf(ag);
        let o = sigmoidOf(ao);
        let cIdx = ((T + 1) * B + b) * H + j;
        let cp = result[cIdx];
        let cn = f * cp + i * g;
        let tc = tanhOf(cn);
        let hp = hs[j];
        let hn = o * tc;
        ${save ? 'result[gatesBase + row * GH + j] = i; result[gatesBase + row * GH + H + j] = f; result[gatesBase + row * GH + 2 * H + j] = g; result[gatesBase + row * GH + 3 * H + j] = o; result[extraBase + row * H + j] = cp; result[extraBase + (T * B + row) * H + j] = tc; result[hpBase + row * H + j] = hp;' : ''}
        result[cIdx] = cp + m * (cn - cp);
        result[finalH + j] = hp + m * (hn - hp);
        result[row * H + j] = m * hn;`;
  return `${header(H, G, WG)}
  ${cell.kind === 'gru' ? activationWgsl(cell.activation) : ''}
  var<workgroup> hs : array<f32, ${H}>;
  fn main() {
    ${common}
    for (var s = 0; s < T; s++) {
      ${stepHead}
      for (var j = tid; j < H; j += WG) {${stepBody}
      }
      workgroupBarrier();
      for (var j = tid; j < H; j += WG) { hs[j] = result[finalH + j]; }
      workgroupBarrier();
    }
  }`;
}

/** The backward pass through time. Dispatch: one workgroup per batch row. */
export function backwardShader(cell: WebGpuCell, H: number, hasMask: boolean): string {
  const G = gateCount(cell);
  const WG = workgroupSize(H);
  const mask = hasMask ? 'mask[row]' : '1.0';
  const resetAfter = cell.kind === 'gru' && cell.resetAfter;
  const common = `
    let T = uniforms.time;
    let B = uniforms.batch;
    let b = i32(workgroupId.x);
    let tid = i32(localId.x);
    let dhuBase = T * B * GH;                                   // dHU (GRU reset after U)
    let dsBase = dhuBase + ${resetAfter ? 'T * B * GH' : '0'};  // initial-state gradients, the running carry
    let dhIdx = dsBase + b * H;
    ${cell.kind === 'lstm' ? 'let dcIdx = dsBase + (B + b) * H;' : ''}
    for (var j = tid; j < H; j += WG) {
      result[dhIdx + j] = dy[(T * B + b) * H + j];
      ${cell.kind === 'lstm' ? 'result[dcIdx + j] = dy[((T + 1) * B + b) * H + j];' : ''}
    }`;
  const stepHead = `
      let t = select(T - 1 - s, s, uniforms.reverse != 0);
      let row = t * B + b;
      let m = ${mask};`;
  if (cell.kind === 'gru' && !cell.resetAfter) {
    return `${header(H, G, WG)}
  ${activationWgsl(cell.activation)}
  var<workgroup> daN : array<f32, ${H}>;
  var<workgroup> daRZ : array<f32, ${2 * H}>;
  fn main() {
    ${common}
    for (var s = 0; s < T; s++) {
      ${stepHead}
      for (var j = tid; j < H; j += WG) {
        let gh = m * (dy[row * H + j] + result[dhIdx + j]);
        let z = gates[row * GH + H + j];
        let n = gates[row * GH + 2 * H + j];
        let hprev = hp[row * H + j];
        let dn = phiGrad(n) * gh * (1.0 - z);
        let dz = gh * (hprev - n) * z * (1.0 - z);
        daN[j] = dn;
        daRZ[H + j] = dz;
        result[row * GH + H + j] = dz;
        result[row * GH + 2 * H + j] = dn;
      }
      workgroupBarrier();
      for (var j = tid; j < H; j += WG) {
        var dRH = 0.0;
        for (var k = 0; k < H; k++) { dRH += daN[k] * uT[(2 * H + k) * H + j]; }
        let r = gates[row * GH + j];
        let z = gates[row * GH + H + j];
        let hprev = hp[row * H + j];
        let dr = dRH * hprev * r * (1.0 - r);
        daRZ[j] = dr;
        result[row * GH + j] = dr;
        let carried = result[dhIdx + j];
        let gh = m * (dy[row * H + j] + carried);
        result[dhIdx + j] = gh * z + dRH * r + (1.0 - m) * carried;
      }
      workgroupBarrier();
      for (var j = tid; j < H; j += WG) {
        var acc = 0.0;
        for (var k = 0; k < 2 * H; k++) { acc += daRZ[k] * uT[k * H + j]; }
        result[dhIdx + j] += acc;
      }
      workgroupBarrier();
    }
  }`;
  }
  const loop1 =
    cell.kind === 'gru'
      ? `
        let carried = result[dhIdx + j];
        let gh = m * (dy[row * H + j] + carried);
        let r = gates[row * GH + j];
        let z = gates[row * GH + H + j];
        let n = gates[row * GH + 2 * H + j];
        let hprev = hp[row * H + j];
        let dn = phiGrad(n) * gh * (1.0 - z);
        let dz = gh * (hprev - n) * z * (1.0 - z);
        let dr = dn * hN[row * H + j] * r * (1.0 - r);
        da[j] = dr;
        da[H + j] = dz;
        da[2 * H + j] = dn * r;
        result[row * GH + j] = dr;
        result[row * GH + H + j] = dz;
        result[row * GH + 2 * H + j] = dn;
        result[dhuBase + row * GH + j] = dr;
        result[dhuBase + row * GH + H + j] = dz;
        result[dhuBase + row * GH + 2 * H + j] = dn * r;
        result[dhIdx + j] = gh * z + (1.0 - m) * carried;`
      : `
        let carried = result[dhIdx + j];
        let carriedC = result[dcIdx + j];
        let gh = m * (dy[row * H + j] + carried);
        let gc = m * carriedC;
        let i = gates[row * GH + j];
        let f = gates[row * GH + H + j];
        let g = gates[row * GH + 2 * H + j];
        let o = gates[row * GH + 3 * H + j];
        let tcj = tc[row * H + j];
        let dO = gh * tcj * o * (1.0 - o);
        let dc = gc + gh * o * (1.0 - tcj * tcj);
        let dI = dc * g * i * (1.0 - i);
        let dF = dc * cp[row * H + j] * f * (1.0 - f);
        let dG = dc * i * (1.0 - g * g);
        da[j] = dI;
        da[H + j] = dF;
        da[2 * H + j] = dG;
        da[3 * H + j] = dO;
        result[row * GH + j] = dI;
        result[row * GH + H + j] = dF;
        result[row * GH + 2 * H + j] = dG;
        result[row * GH + 3 * H + j] = dO;
        result[dcIdx + j] = dc * f + (1.0 - m) * carriedC;
        result[dhIdx + j] = (1.0 - m) * carried;`;
  return `${header(H, G, WG)}
  ${cell.kind === 'gru' ? activationWgsl(cell.activation) : ''}
  var<workgroup> da : array<f32, ${G * H}>;
  fn main() {
    ${common}
    for (var s = 0; s < T; s++) {
      ${stepHead}
      for (var j = tid; j < H; j += WG) {${loop1}
      }
      workgroupBarrier();
      for (var j = tid; j < H; j += WG) {
        var acc = 0.0;
        for (var k = 0; k < GH; k++) { acc += da[k] * uT[k * H + j]; }
        result[dhIdx + j] += acc;
      }
      workgroupBarrier();
    }
  }`;
}
