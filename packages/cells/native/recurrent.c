/*
 * Whole-sequence recurrent kernels (GRU, LSTM: inference, and training forward and backward) in WebAssembly SIMD.
 *
 * The module imports the tfjs WASM backend's memory (`env.memory`) and works in place on its
 * tensors: every pointer argument is a byte offset into that heap (a tensor's `memoryOffset`).
 * One call runs all time steps: the recurrent matrix product, the gate nonlinearities, the
 * state update and the masks, with no JavaScript per step.
 *
 * The module owns no memory of its own: no data segments, no static variables and no stack
 * (every local lives in a WebAssembly local), so importing the backend's memory cannot
 * overwrite anything. scripts/build-wasm.sh checks this after linking.
 *
 * Layouts (row-major, float32):
 *   xP    [T*B, G*H]  projected inputs x W + b, time-major (row t*B + b)
 *   U     [H, G*H]    recurrent kernel, gate blocks side by side (GRU r,z,n; LSTM i,f,g,o),
 *                     given to the sequence kernels packed by pack_panels (for the reset-before
 *                     GRU: the r,z block's panels, then the n block's)
 *   bRec  [3H]        reset-after GRU recurrent bias (b_hh), or 0
 *   mask  [T*B]       1 on real steps, 0 on padding, or 0 (no mask)
 *   out   [T*B, H]    outputs; m * h' at each step
 *   h, c  [B, H]      carried states: initialised from h0/c0, final states on return
 *   work  scratch of B*4H + 16 floats
 */
#include <wasm_simd128.h>

typedef float f32;

/* ---------------------------------------------------------------------------------------- */
/* Activations, four lanes at a time. */

/* exp(x): x = k ln2 + r, |r| <= ln2/2, exp(r) by a degree-6 Taylor polynomial (relative error
 * < 2e-7), times 2^k built in the exponent bits. x is clamped to [-87, 88]; NaN propagates. */
static inline v128_t exp4(v128_t x) {
  x = wasm_f32x4_min(wasm_f32x4_max(x, wasm_f32x4_splat(-87.0f)), wasm_f32x4_splat(88.0f));
  v128_t k = wasm_f32x4_nearest(wasm_f32x4_mul(x, wasm_f32x4_splat(1.44269504088896341f)));
  v128_t r = wasm_f32x4_sub(x, wasm_f32x4_mul(k, wasm_f32x4_splat(0.693359375f)));
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(k, wasm_f32x4_splat(-2.12194440e-4f)));
  v128_t p = wasm_f32x4_splat(1.0f / 720.0f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.0f / 120.0f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.0f / 24.0f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.0f / 6.0f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(0.5f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.0f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.0f));
  v128_t e = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(k), wasm_i32x4_splat(127)), 23);
  return wasm_f32x4_mul(p, e);
}

static inline v128_t sigmoid4(v128_t x) {
  v128_t one = wasm_f32x4_splat(1.0f);
  return wasm_f32x4_div(one, wasm_f32x4_add(one, exp4(wasm_f32x4_neg(x))));
}

/* tanh(x) = sign(x) (1 - e) / (1 + e), e = exp(-2|x|). */
static inline v128_t tanh4(v128_t x) {
  v128_t one = wasm_f32x4_splat(1.0f);
  v128_t e = exp4(wasm_f32x4_mul(wasm_f32x4_abs(x), wasm_f32x4_splat(-2.0f)));
  v128_t t = wasm_f32x4_div(wasm_f32x4_sub(one, e), wasm_f32x4_add(one, e));
  v128_t sign = wasm_v128_and(x, wasm_i32x4_splat((int)0x80000000));
  return wasm_v128_or(t, sign);
}

/* Activation codes: 0 tanh, 1 relu, 2 sigmoid, 3 linear. */
static inline v128_t act4(int code, v128_t x) {
  switch (code) {
    case 0: return tanh4(x);
    case 1: return wasm_f32x4_max(x, wasm_f32x4_splat(0.0f));
    case 2: return sigmoid4(x);
    default: return x;
  }
}

/* Loads and stores of n <= 4 lanes (the column tail when H is not a multiple of 4). */
static inline v128_t load_n(const f32 *p, int n) {
  if (n >= 4) return wasm_v128_load(p);
  f32 a = p[0], b = n > 1 ? p[1] : 0.0f, c = n > 2 ? p[2] : 0.0f;
  return wasm_f32x4_make(a, b, c, 0.0f);
}

static inline void store_n(f32 *p, v128_t v, int n) {
  if (n >= 4) { wasm_v128_store(p, v); return; }
  p[0] = wasm_f32x4_extract_lane(v, 0);
  if (n > 1) p[1] = wasm_f32x4_extract_lane(v, 1);
  if (n > 2) p[2] = wasm_f32x4_extract_lane(v, 2);
}

/* ---------------------------------------------------------------------------------------- */
/* ---------------------------------------------------------------------------------------- */
/* Matrix products from panel-packed weights. The recurrent kernel is read every step, so it
 * (and the input kernel) is packed once, and cached by the caller while the weights do not
 * change, into panels of 32 columns: P[p][k][c] = U[k, 32 p + c], zero beyond N. A panel is
 * then one contiguous stream, and one row of A times a panel keeps its 32 sums in 8 registers
 * (no accumulator traffic). */

#define PANEL 32

/* acc + a * b, the products' one step. Built with -mrelaxed-simd (recurrent-relaxed.wasm) it is
 * f32x4.relaxed_madd, a fused multiply-add where the hardware has one (one instruction and one
 * rounding instead of two); the plain SIMD build multiplies, then adds. Only the products fuse:
 * the build passes -ffp-contract=off, so the gates' arithmetic is the same in both builds. (The
 * builtin, not wasm_simd128.h's wasm_f32x4_relaxed_madd, which clang 16's header lacks.) */
#ifdef __wasm_relaxed_simd__
#define MADD(acc, a, b) ((v128_t)__builtin_wasm_relaxed_madd_f32x4((__f32x4)(a), (__f32x4)(b), (__f32x4)(acc)))
#else
#define MADD(acc, a, b) wasm_f32x4_add((acc), wasm_f32x4_mul((a), (b)))
#endif

/* tfjs's malloc aligns to 8 bytes only; packed panels and scratch start at the next 64-byte
 * boundary (their buffers have 16 floats to spare), so no vector load straddles a cache line. */
static inline f32 *align64(const f32 *p) { return (f32 *)(((unsigned long)p + 63) & ~63ul); }

/* Number of floats of the panels of a [K, N] block. */
static inline int packed_size(int K, int N) { return (N + PANEL - 1) / PANEL * K * PANEL; }

/* A packed buffer holds, in its first float, where its panels start (in floats, 1..16): they
 * start at a 64-byte boundary when packed, and the buffer stays valid if tfjs moves the tensor
 * (alignment may then be lost, correctness not). */
static inline const f32 *panels_of(const f32 *P) { return P + (int)P[0]; }

static f32 *pack_block(const f32 *U, int K, int ldu, int N, f32 *P) {
  for (int j0 = 0; j0 < N; j0 += PANEL) {
    int w = N - j0 < PANEL ? N - j0 : PANEL;
    for (int k = 0; k < K; k++, P += PANEL) {
      const f32 *u = U + k * ldu + j0;
      int c = 0;
      if (w == PANEL) {
        for (; c < PANEL; c += 4) wasm_v128_store(P + c, wasm_v128_load(u + c));
      } else {
        for (; c < w; c++) P[c] = u[c];
        for (; c < PANEL; c++) P[c] = 0.0f;
      }
    }
  }
  return P;
}

/* Packs U[K, N] (row stride ldu) into P (packed_size(K, N) + 16 floats): the column block
 * [0, split) then [split, N) (split = N: one block). The reset-before GRU packs U_rz, U_n. */
__attribute__((export_name("pack_panels")))
void pack_panels(const f32 *U, int K, int ldu, int N, int split, f32 *P) {
  f32 *D = align64(P + 1);
  P[0] = (f32)(D - P);
  D = pack_block(U, K, ldu, split, D);
  if (split < N) pack_block(U + split, K, ldu, N - split, D);
}

/* C[M, N] = A[M, K] P (+ bias[N]) with P from pack_panels(K, N). */
static void gemm_packed(const f32 *A, int lda, int M, int K, const f32 *P, int N, const f32 *bias, f32 *C, int ldc) {
  for (int j0 = 0; j0 < N; j0 += PANEL, P += K * PANEL) {
    int w = N - j0 < PANEL ? N - j0 : PANEL;
    int i = 0;
    /* Blocks of 4 rows, 8 columns at a time (8 accumulators). */
    for (; i + 4 <= M; i += 4) {
      for (int c = 0; c < w; c += 8) {
        int nA = w - c >= 4 ? 4 : w - c, nB = w - c >= 8 ? 4 : w - c - 4;
        v128_t b0 = wasm_f32x4_splat(0.0f), b1 = b0;
        if (bias) { b0 = load_n(bias + j0 + c, nA); if (nB > 0) b1 = load_n(bias + j0 + c + 4, nB); }
        v128_t c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1, c30 = b0, c31 = b1;
        const f32 *a = A + i * lda, *b = P + c;
        for (int k = 0; k < K; k++, b += PANEL) {
          v128_t u0 = wasm_v128_load(b), u1 = wasm_v128_load(b + 4);
          v128_t x0 = wasm_v128_load32_splat(a + k), x1 = wasm_v128_load32_splat(a + lda + k);
          v128_t x2 = wasm_v128_load32_splat(a + 2 * lda + k), x3 = wasm_v128_load32_splat(a + 3 * lda + k);
          c00 = MADD(c00, x0, u0); c01 = MADD(c01, x0, u1);
          c10 = MADD(c10, x1, u0); c11 = MADD(c11, x1, u1);
          c20 = MADD(c20, x2, u0); c21 = MADD(c21, x2, u1);
          c30 = MADD(c30, x3, u0); c31 = MADD(c31, x3, u1);
        }
        f32 *o = C + i * ldc + j0 + c;
        store_n(o, c00, nA); store_n(o + ldc, c10, nA); store_n(o + 2 * ldc, c20, nA); store_n(o + 3 * ldc, c30, nA);
        if (nB > 0) {
          store_n(o + 4, c01, nB); store_n(o + ldc + 4, c11, nB); store_n(o + 2 * ldc + 4, c21, nB); store_n(o + 3 * ldc + 4, c31, nB);
        }
      }
    }
    /* Single rows (batch 1, and the last M % 4 rows): the whole panel in 8 registers. */
    for (; i < M; i++) {
      v128_t s0, s1, s2, s3, s4, s5, s6, s7;
      if (bias) {
        const f32 *q = bias + j0;
        s0 = load_n(q, w); s1 = w > 4 ? load_n(q + 4, w - 4) : wasm_f32x4_splat(0.0f);
        s2 = w > 8 ? load_n(q + 8, w - 8) : wasm_f32x4_splat(0.0f); s3 = w > 12 ? load_n(q + 12, w - 12) : wasm_f32x4_splat(0.0f);
        s4 = w > 16 ? load_n(q + 16, w - 16) : wasm_f32x4_splat(0.0f); s5 = w > 20 ? load_n(q + 20, w - 20) : wasm_f32x4_splat(0.0f);
        s6 = w > 24 ? load_n(q + 24, w - 24) : wasm_f32x4_splat(0.0f); s7 = w > 28 ? load_n(q + 28, w - 28) : wasm_f32x4_splat(0.0f);
      } else {
        s0 = s1 = s2 = s3 = s4 = s5 = s6 = s7 = wasm_f32x4_splat(0.0f);
      }
      const f32 *a = A + i * lda, *b = P;
      for (int k = 0; k < K; k++, b += PANEL) {
        v128_t x = wasm_v128_load32_splat(a + k);
        s0 = MADD(s0, x, wasm_v128_load(b));
        s1 = MADD(s1, x, wasm_v128_load(b + 4));
        s2 = MADD(s2, x, wasm_v128_load(b + 8));
        s3 = MADD(s3, x, wasm_v128_load(b + 12));
        s4 = MADD(s4, x, wasm_v128_load(b + 16));
        s5 = MADD(s5, x, wasm_v128_load(b + 20));
        s6 = MADD(s6, x, wasm_v128_load(b + 24));
        s7 = MADD(s7, x, wasm_v128_load(b + 28));
      }
      f32 *o = C + i * ldc + j0;
      if (w == PANEL) {
        wasm_v128_store(o, s0); wasm_v128_store(o + 4, s1); wasm_v128_store(o + 8, s2); wasm_v128_store(o + 12, s3);
        wasm_v128_store(o + 16, s4); wasm_v128_store(o + 20, s5); wasm_v128_store(o + 24, s6); wasm_v128_store(o + 28, s7);
      } else {
        store_n(o, s0, w);
        if (w > 4) store_n(o + 4, s1, w - 4);
        if (w > 8) store_n(o + 8, s2, w - 8);
        if (w > 12) store_n(o + 12, s3, w - 12);
        if (w > 16) store_n(o + 16, s4, w - 16);
        if (w > 20) store_n(o + 20, s5, w - 20);
        if (w > 24) store_n(o + 24, s6, w - 24);
        if (w > 28) store_n(o + 28, s7, w - 28);
      }
    }
  }
}

/* y[M, N] = x[M, K] W[K, N] + b[N] (b may be 0), W packed by pack_panels: the input
 * projection of all steps (1.3-1.5x faster than reading W unpacked, measured at K = 64).
 * skip: floats from the start of the panels to the block used (the second block of a split
 * packing starts packed_size(K, split) on), else 0. */
__attribute__((export_name("linear")))
void linear(const f32 *x, int M, int K, const f32 *W, int skip, int N, const f32 *b, f32 *y) {
  gemm_packed(x, K, M, K, panels_of(W) + skip, N, b, y, N);
}

/* dst[n] += src[n] */
static void add_to(f32 *dst, const f32 *src, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(dst + i, wasm_f32x4_add(wasm_v128_load(dst + i), wasm_v128_load(src + i)));
  for (; i < n; i++) dst[i] += src[i];
}

static void copy(f32 *dst, const f32 *src, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(dst + i, wasm_v128_load(src + i));
  for (; i < n; i++) dst[i] = src[i];
}

/* ---------------------------------------------------------------------------------------- */
/* GRU over a whole sequence (inference).
 *   resetAfter = 1 (PyTorch): hU = h U + bRec;  r, z = sigma(xP_rz + hU_rz);
 *                              n = phi(xP_n + r hU_n);  h' = n + z (h - n)
 *   resetAfter = 0 (lecture): r, z = sigma(xP_rz + h U_rz);  n = phi(xP_n + (r h) U_n) */
__attribute__((export_name("gru_sequence")))
void gru_sequence(const f32 *xP, int T, int B, int H, const f32 *U, const f32 *bRec, const f32 *h0,
                  const f32 *mask, int reverse, int act, int resetAfter, f32 *out, f32 *h, f32 *work) {
  const int G = 3 * H;
  copy(h, h0, B * H);
  U = panels_of(U);
  work = align64(work);
  f32 *hU = work;              /* [B, 3H] (reset after) or [B, 2H] (reset before) */
  f32 *rh = work + B * 2 * H;  /* [B, H]  reset before: r * h */
  f32 *rhU = rh + B * H;       /* [B, H]  reset before: (r h) U_n */
  for (int s = 0; s < T; s++) {
    int t = reverse ? T - 1 - s : s;
    const f32 *x = xP + (long)t * B * G;
    f32 *y = out + (long)t * B * H;
    if (resetAfter) {
      gemm_packed(h, H, B, H, U, G, bRec, hU, G);
    } else {
      gemm_packed(h, H, B, H, U, 2 * H, 0, hU, 2 * H);
      for (int b = 0; b < B; b++) {
        const f32 *xb = x + b * G, *ub = hU + b * 2 * H, *hb = h + b * H;
        f32 *rb = rh + b * H;
        for (int j = 0; j < H; j += 4) {
          int n = H - j;
          v128_t r = sigmoid4(wasm_f32x4_add(load_n(xb + j, n), load_n(ub + j, n)));
          store_n(rb + j, wasm_f32x4_mul(r, load_n(hb + j, n)), n);
        }
      }
      gemm_packed(rh, H, B, H, U + packed_size(H, 2 * H), H, 0, rhU, H);
    }
    for (int b = 0; b < B; b++) {
      const f32 *xb = x + b * G;
      f32 *hb = h + b * H, *yb = y + b * H;
      v128_t m = mask ? wasm_f32x4_splat(mask[t * B + b]) : wasm_f32x4_splat(1.0f);
      for (int j = 0; j < H; j += 4) {
        int n = H - j;
        v128_t z, cand;
        if (resetAfter) {
          const f32 *ub = hU + b * G;
          v128_t r = sigmoid4(wasm_f32x4_add(load_n(xb + j, n), load_n(ub + j, n)));
          z = sigmoid4(wasm_f32x4_add(load_n(xb + H + j, n), load_n(ub + H + j, n)));
          cand = act4(act, wasm_f32x4_add(load_n(xb + 2 * H + j, n), wasm_f32x4_mul(r, load_n(ub + 2 * H + j, n))));
        } else {
          const f32 *ub = hU + b * 2 * H;
          z = sigmoid4(wasm_f32x4_add(load_n(xb + H + j, n), load_n(ub + H + j, n)));
          cand = act4(act, wasm_f32x4_add(load_n(xb + 2 * H + j, n), load_n(rhU + b * H + j, n)));
        }
        v128_t hp = load_n(hb + j, n);
        v128_t hn = wasm_f32x4_add(cand, wasm_f32x4_mul(z, wasm_f32x4_sub(hp, cand)));
        /* Masks: h_t = h_{t-1} + m (h' - h_{t-1}), y_t = m h'. */
        store_n(yb + j, wasm_f32x4_mul(m, hn), n);
        store_n(hb + j, mask ? wasm_f32x4_add(hp, wasm_f32x4_mul(m, wasm_f32x4_sub(hn, hp))) : hn, n);
      }
    }
  }
}

/* LSTM over a whole sequence (inference): a = xP + h U (i, f, g, o);
 * c' = sigma(a_f) c + sigma(a_i) tanh(a_g);  h' = sigma(a_o) tanh(c'). */
__attribute__((export_name("lstm_sequence")))
void lstm_sequence(const f32 *xP, int T, int B, int H, const f32 *U, const f32 *h0, const f32 *c0,
                   const f32 *mask, int reverse, f32 *out, f32 *h, f32 *c, f32 *work) {
  const int G = 4 * H;
  copy(h, h0, B * H);
  copy(c, c0, B * H);
  U = panels_of(U);
  work = align64(work);
  f32 *hU = work; /* [B, 4H] */
  for (int s = 0; s < T; s++) {
    int t = reverse ? T - 1 - s : s;
    const f32 *x = xP + (long)t * B * G;
    f32 *y = out + (long)t * B * H;
    gemm_packed(h, H, B, H, U, G, 0, hU, G);
    for (int b = 0; b < B; b++) {
      const f32 *xb = x + b * G, *ub = hU + b * G;
      f32 *hb = h + b * H, *cb = c + b * H, *yb = y + b * H;
      v128_t m = mask ? wasm_f32x4_splat(mask[t * B + b]) : wasm_f32x4_splat(1.0f);
      for (int j = 0; j < H; j += 4) {
        int n = H - j;
        v128_t i = sigmoid4(wasm_f32x4_add(load_n(xb + j, n), load_n(ub + j, n)));
        v128_t f = sigmoid4(wasm_f32x4_add(load_n(xb + H + j, n), load_n(ub + H + j, n)));
        v128_t g = tanh4(wasm_f32x4_add(load_n(xb + 2 * H + j, n), load_n(ub + 2 * H + j, n)));
        v128_t o = sigmoid4(wasm_f32x4_add(load_n(xb + 3 * H + j, n), load_n(ub + 3 * H + j, n)));
        v128_t cp = load_n(cb + j, n), hp = load_n(hb + j, n);
        v128_t cn = wasm_f32x4_add(wasm_f32x4_mul(f, cp), wasm_f32x4_mul(i, g));
        v128_t hn = wasm_f32x4_mul(o, tanh4(cn));
        store_n(yb + j, wasm_f32x4_mul(m, hn), n);
        if (mask) {
          store_n(hb + j, wasm_f32x4_add(hp, wasm_f32x4_mul(m, wasm_f32x4_sub(hn, hp))), n);
          store_n(cb + j, wasm_f32x4_add(cp, wasm_f32x4_mul(m, wasm_f32x4_sub(cn, cp))), n);
        } else {
          store_n(hb + j, hn, n);
          store_n(cb + j, cn, n);
        }
      }
    }
  }
}

/* ---------------------------------------------------------------------------------------- */
/* Training: forward passes that save what backward needs, and backward through time over the
 * whole sequence in one call. Saved tensors are time-major (row t*B + b), like xP:
 *   hp     [T*B, H]   the hidden state each step started from
 *   gates  [T*B, 3H]  GRU r, z, n;  [T*B, 4H] LSTM i, f, g, o
 *   aux    [T*B, H]   GRU reset after: U_n h + b_hn;  reset before: r h
 *   cp, tc [T*B, H]   LSTM: the cell state each step started from, tanh(c')
 * Backward reads dy [(T + S)*B, H] (the gradient of the outputs, then of the final states: the
 * runner's packed output), writes dXP [T*B, G*H] (the gradient of the projected inputs; their
 * sum over rows is the bias gradient, hp^T dXP the recurrent kernel's for LSTM) and the initial
 * states' gradients. Recurrent kernels enter transposed and packed (pack_panels of U^T). */

/* phi'(a) from y = phi(a), codes as act4. */
static inline v128_t act_grad4(int code, v128_t y) {
  v128_t one = wasm_f32x4_splat(1.0f);
  switch (code) {
    case 0: return wasm_f32x4_sub(one, wasm_f32x4_mul(y, y));
    case 1: return wasm_v128_and(wasm_f32x4_gt(y, wasm_f32x4_splat(0.0f)), one);
    case 2: return wasm_f32x4_mul(y, wasm_f32x4_sub(one, y));
    default: return one;
  }
}

static inline v128_t dsig4(v128_t s) { return wasm_f32x4_mul(s, wasm_f32x4_sub(wasm_f32x4_splat(1.0f), s)); }

/* GRU forward saving hp, gates, aux; out, h as gru_sequence (h may be a row block of out's buffer). */
__attribute__((export_name("gru_train_forward")))
void gru_train_forward(const f32 *xP, int T, int B, int H, const f32 *U, const f32 *bRec, const f32 *h0,
                       const f32 *mask, int reverse, int act, int resetAfter, f32 *out, f32 *h,
                       f32 *hpAll, f32 *gatesAll, f32 *auxAll, f32 *work) {
  const int G = 3 * H;
  copy(h, h0, B * H);
  U = panels_of(U);
  work = align64(work);
  f32 *hU = work; /* [B, 3H] (reset after) or [B, 2H] (reset before) */
  f32 *rhU = work + B * 2 * H; /* [B, H] reset before: (r h) U_n */
  for (int s = 0; s < T; s++) {
    int t = reverse ? T - 1 - s : s;
    const f32 *x = xP + (long)t * B * G;
    f32 *y = out + (long)t * B * H;
    f32 *hp = hpAll + (long)t * B * H, *gt = gatesAll + (long)t * B * G, *aux = auxAll + (long)t * B * H;
    copy(hp, h, B * H);
    if (resetAfter) {
      gemm_packed(hp, H, B, H, U, G, bRec, hU, G);
    } else {
      gemm_packed(hp, H, B, H, U, 2 * H, 0, hU, 2 * H);
      for (int b = 0; b < B; b++) {
        const f32 *xb = x + b * G, *ub = hU + b * 2 * H, *hb = hp + b * H;
        f32 *gb = gt + b * G, *ab = aux + b * H;
        for (int j = 0; j < H; j += 4) {
          int n = H - j;
          v128_t r = sigmoid4(wasm_f32x4_add(load_n(xb + j, n), load_n(ub + j, n)));
          v128_t z = sigmoid4(wasm_f32x4_add(load_n(xb + H + j, n), load_n(ub + H + j, n)));
          store_n(gb + j, r, n);
          store_n(gb + H + j, z, n);
          store_n(ab + j, wasm_f32x4_mul(r, load_n(hb + j, n)), n);
        }
      }
      gemm_packed(aux, H, B, H, U + packed_size(H, 2 * H), H, 0, rhU, H);
    }
    for (int b = 0; b < B; b++) {
      const f32 *xb = x + b * G;
      f32 *hb = h + b * H, *yb = y + b * H, *gb = gt + b * G, *ab = aux + b * H;
      v128_t m = mask ? wasm_f32x4_splat(mask[t * B + b]) : wasm_f32x4_splat(1.0f);
      for (int j = 0; j < H; j += 4) {
        int n = H - j;
        v128_t z, cand;
        if (resetAfter) {
          const f32 *ub = hU + b * G;
          v128_t r = sigmoid4(wasm_f32x4_add(load_n(xb + j, n), load_n(ub + j, n)));
          z = sigmoid4(wasm_f32x4_add(load_n(xb + H + j, n), load_n(ub + H + j, n)));
          v128_t hN = load_n(ub + 2 * H + j, n);
          cand = act4(act, wasm_f32x4_add(load_n(xb + 2 * H + j, n), wasm_f32x4_mul(r, hN)));
          store_n(gb + j, r, n);
          store_n(gb + H + j, z, n);
          store_n(ab + j, hN, n);
        } else {
          z = load_n(gb + H + j, n);
          cand = act4(act, wasm_f32x4_add(load_n(xb + 2 * H + j, n), load_n(rhU + b * H + j, n)));
        }
        store_n(gb + 2 * H + j, cand, n);
        v128_t hq = load_n(hb + j, n);
        v128_t hn = wasm_f32x4_add(cand, wasm_f32x4_mul(z, wasm_f32x4_sub(hq, cand)));
        store_n(yb + j, wasm_f32x4_mul(m, hn), n);
        store_n(hb + j, mask ? wasm_f32x4_add(hq, wasm_f32x4_mul(m, wasm_f32x4_sub(hn, hq))) : hn, n);
      }
    }
  }
}

/* GRU backward through time. UT: pack_panels of U^T [3H, H] (reset after), or of U_rz^T
 * [2H, H] with UnT pack_panels of U_n^T [H, H] (reset before). dHU [T*B, 3H] (reset after):
 * the gradient of h U + b_hh (dU = hp^T dHU, db_hh = its row sum); reset before, dU_rz =
 * hp^T dXP[:, :2H] and dU_n = aux^T dXP[:, 2H:]. dh [B, H]: the gradient of h0 on return.
 * work: 2 B H + 16 floats. */
__attribute__((export_name("gru_train_backward")))
void gru_train_backward(const f32 *dy, int T, int B, int H, const f32 *UT, const f32 *UnT, const f32 *hpAll,
                        const f32 *gatesAll, const f32 *auxAll, const f32 *mask, int reverse, int act,
                        int resetAfter, f32 *dXP, f32 *dHU, f32 *dh, f32 *work) {
  const int G = 3 * H;
  copy(dh, dy + (long)T * B * H, B * H);
  UT = panels_of(UT);
  if (UnT) UnT = panels_of(UnT);
  work = align64(work);
  f32 *tmp = work;           /* [B, H] */
  f32 *dRH = work + B * H;   /* [B, H] reset before */
  for (int s = 0; s < T; s++) {
    int t = reverse ? s : T - 1 - s;
    const f32 *dOut = dy + (long)t * B * H, *hp = hpAll + (long)t * B * H;
    const f32 *gt = gatesAll + (long)t * B * G, *aux = auxAll + (long)t * B * H;
    f32 *dx = dXP + (long)t * B * G;
    f32 *du = resetAfter ? dHU + (long)t * B * G : 0;
    for (int b = 0; b < B; b++) {
      const f32 *gb = gt + b * G, *hb = hp + b * H, *ab = aux + b * H, *ob = dOut + b * H;
      f32 *xb = dx + b * G, *dhb = dh + b * H;
      f32 mv = mask ? mask[t * B + b] : 1.0f;
      v128_t m = wasm_f32x4_splat(mv), nm = wasm_f32x4_splat(1.0f - mv);
      for (int j = 0; j < H; j += 4) {
        int n = H - j;
        v128_t carry = load_n(dhb + j, n);
        v128_t g = wasm_f32x4_mul(m, wasm_f32x4_add(load_n(ob + j, n), carry));
        v128_t r = load_n(gb + j, n), z = load_n(gb + H + j, n), c = load_n(gb + 2 * H + j, n);
        v128_t hq = load_n(hb + j, n);
        v128_t daN = wasm_f32x4_mul(wasm_f32x4_mul(g, wasm_f32x4_sub(wasm_f32x4_splat(1.0f), z)), act_grad4(act, c));
        v128_t daZ = wasm_f32x4_mul(wasm_f32x4_mul(g, wasm_f32x4_sub(hq, c)), dsig4(z));
        store_n(xb + H + j, daZ, n);
        store_n(xb + 2 * H + j, daN, n);
        /* dh so far: g z + (1 - m) carry; the matrix products are added below. */
        store_n(dhb + j, wasm_f32x4_add(wasm_f32x4_mul(g, z), wasm_f32x4_mul(nm, carry)), n);
        if (resetAfter) {
          v128_t daR = wasm_f32x4_mul(wasm_f32x4_mul(daN, load_n(ab + j, n)), dsig4(r));
          store_n(xb + j, daR, n);
          f32 *ub = du + b * G;
          store_n(ub + j, daR, n);
          store_n(ub + H + j, daZ, n);
          store_n(ub + 2 * H + j, wasm_f32x4_mul(daN, r), n);
        }
      }
    }
    if (resetAfter) {
      gemm_packed(du, G, B, G, UT, H, 0, tmp, H); /* dHU U^T */
    } else {
      gemm_packed(dx + 2 * H, G, B, H, UnT, H, 0, dRH, H); /* d(r h) = da_n U_n^T */
      for (int b = 0; b < B; b++) {
        const f32 *gb = gt + b * G, *hb = hp + b * H;
        f32 *xb = dx + b * G, *dhb = dh + b * H, *rb = dRH + b * H;
        for (int j = 0; j < H; j += 4) {
          int n = H - j;
          v128_t r = load_n(gb + j, n), d = load_n(rb + j, n);
          store_n(xb + j, wasm_f32x4_mul(wasm_f32x4_mul(d, load_n(hb + j, n)), dsig4(r)), n);
          store_n(dhb + j, wasm_f32x4_add(load_n(dhb + j, n), wasm_f32x4_mul(d, r)), n);
        }
      }
      gemm_packed(dx, G, B, 2 * H, UT, H, 0, tmp, H); /* [da_r, da_z] U_rz^T */
    }
    for (int i = 0; i < B * H; i += 4) {
      int n = B * H - i;
      store_n(dh + i, wasm_f32x4_add(load_n(dh + i, n), load_n(tmp + i, n)), n);
    }
  }
}

/* LSTM forward saving hp, cp, gates, tc; out, h, c as lstm_sequence. */
__attribute__((export_name("lstm_train_forward")))
void lstm_train_forward(const f32 *xP, int T, int B, int H, const f32 *U, const f32 *h0, const f32 *c0,
                        const f32 *mask, int reverse, f32 *out, f32 *h, f32 *c, f32 *hpAll, f32 *cpAll,
                        f32 *gatesAll, f32 *tcAll, f32 *work) {
  const int G = 4 * H;
  copy(h, h0, B * H);
  copy(c, c0, B * H);
  U = panels_of(U);
  work = align64(work);
  f32 *hU = work; /* [B, 4H] */
  for (int s = 0; s < T; s++) {
    int t = reverse ? T - 1 - s : s;
    const f32 *x = xP + (long)t * B * G;
    f32 *y = out + (long)t * B * H;
    f32 *hp = hpAll + (long)t * B * H, *cp = cpAll + (long)t * B * H;
    f32 *gt = gatesAll + (long)t * B * G, *tcs = tcAll + (long)t * B * H;
    copy(hp, h, B * H);
    copy(cp, c, B * H);
    gemm_packed(hp, H, B, H, U, G, 0, hU, G);
    for (int b = 0; b < B; b++) {
      const f32 *xb = x + b * G, *ub = hU + b * G;
      f32 *hb = h + b * H, *cb = c + b * H, *yb = y + b * H, *gb = gt + b * G, *tb = tcs + b * H;
      v128_t m = mask ? wasm_f32x4_splat(mask[t * B + b]) : wasm_f32x4_splat(1.0f);
      for (int j = 0; j < H; j += 4) {
        int n = H - j;
        v128_t i = sigmoid4(wasm_f32x4_add(load_n(xb + j, n), load_n(ub + j, n)));
        v128_t f = sigmoid4(wasm_f32x4_add(load_n(xb + H + j, n), load_n(ub + H + j, n)));
        v128_t g = tanh4(wasm_f32x4_add(load_n(xb + 2 * H + j, n), load_n(ub + 2 * H + j, n)));
        v128_t o = sigmoid4(wasm_f32x4_add(load_n(xb + 3 * H + j, n), load_n(ub + 3 * H + j, n)));
        v128_t cq = load_n(cb + j, n), hq = load_n(hb + j, n);
        v128_t cn = wasm_f32x4_add(wasm_f32x4_mul(f, cq), wasm_f32x4_mul(i, g));
        v128_t tc = tanh4(cn);
        v128_t hn = wasm_f32x4_mul(o, tc);
        store_n(gb + j, i, n);
        store_n(gb + H + j, f, n);
        store_n(gb + 2 * H + j, g, n);
        store_n(gb + 3 * H + j, o, n);
        store_n(tb + j, tc, n);
        store_n(yb + j, wasm_f32x4_mul(m, hn), n);
        if (mask) {
          store_n(hb + j, wasm_f32x4_add(hq, wasm_f32x4_mul(m, wasm_f32x4_sub(hn, hq))), n);
          store_n(cb + j, wasm_f32x4_add(cq, wasm_f32x4_mul(m, wasm_f32x4_sub(cn, cq))), n);
        } else {
          store_n(hb + j, hn, n);
          store_n(cb + j, cn, n);
        }
      }
    }
  }
}

/* LSTM backward through time. UT: pack_panels of U^T [4H, H]. dXP [T*B, 4H] is also the
 * gradient of h U (dU = hp^T dXP). dh, dc [B, H]: the gradients of h0, c0 on return.
 * work: B H + 16 floats. */
__attribute__((export_name("lstm_train_backward")))
void lstm_train_backward(const f32 *dy, int T, int B, int H, const f32 *UT, const f32 *cpAll, const f32 *gatesAll,
                         const f32 *tcAll, const f32 *mask, int reverse, f32 *dXP, f32 *dh, f32 *dc, f32 *work) {
  const int G = 4 * H;
  copy(dh, dy + (long)T * B * H, B * H);
  copy(dc, dy + (long)(T + 1) * B * H, B * H);
  UT = panels_of(UT);
  work = align64(work);
  f32 *tmp = work; /* [B, H] */
  v128_t one = wasm_f32x4_splat(1.0f);
  for (int s = 0; s < T; s++) {
    int t = reverse ? s : T - 1 - s;
    const f32 *dOut = dy + (long)t * B * H, *cp = cpAll + (long)t * B * H;
    const f32 *gt = gatesAll + (long)t * B * G, *tcs = tcAll + (long)t * B * H;
    f32 *dx = dXP + (long)t * B * G;
    for (int b = 0; b < B; b++) {
      const f32 *gb = gt + b * G, *cb = cp + b * H, *tb = tcs + b * H, *ob = dOut + b * H;
      f32 *xb = dx + b * G, *dhb = dh + b * H, *dcb = dc + b * H;
      f32 mv = mask ? mask[t * B + b] : 1.0f;
      v128_t m = wasm_f32x4_splat(mv), nm = wasm_f32x4_splat(1.0f - mv);
      for (int j = 0; j < H; j += 4) {
        int n = H - j;
        v128_t carryH = load_n(dhb + j, n), carryC = load_n(dcb + j, n);
        v128_t gh = wasm_f32x4_mul(m, wasm_f32x4_add(load_n(ob + j, n), carryH));
        v128_t gc = wasm_f32x4_mul(m, carryC);
        v128_t i = load_n(gb + j, n), f = load_n(gb + H + j, n), g = load_n(gb + 2 * H + j, n), o = load_n(gb + 3 * H + j, n);
        v128_t tc = load_n(tb + j, n);
        v128_t dcc = wasm_f32x4_add(gc, wasm_f32x4_mul(wasm_f32x4_mul(gh, o), wasm_f32x4_sub(one, wasm_f32x4_mul(tc, tc))));
        store_n(xb + j, wasm_f32x4_mul(wasm_f32x4_mul(dcc, g), dsig4(i)), n);
        store_n(xb + H + j, wasm_f32x4_mul(wasm_f32x4_mul(dcc, load_n(cb + j, n)), dsig4(f)), n);
        store_n(xb + 2 * H + j, wasm_f32x4_mul(wasm_f32x4_mul(dcc, i), wasm_f32x4_sub(one, wasm_f32x4_mul(g, g))), n);
        store_n(xb + 3 * H + j, wasm_f32x4_mul(wasm_f32x4_mul(gh, tc), dsig4(o)), n);
        store_n(dcb + j, wasm_f32x4_add(wasm_f32x4_mul(dcc, f), wasm_f32x4_mul(nm, carryC)), n);
        store_n(dhb + j, wasm_f32x4_mul(nm, carryH), n);
      }
    }
    gemm_packed(dx, G, B, G, UT, H, 0, tmp, H); /* da U^T */
    for (int i = 0; i < B * H; i += 4) {
      int n = B * H - i;
      store_n(dh + i, wasm_f32x4_add(load_n(dh + i, n), load_n(tmp + i, n)), n);
    }
  }
}

/* s[N] = sum over rows of x[M, N]: bias gradients (tfjs's Sum over axis 0 is 10x slower). */
__attribute__((export_name("col_sum")))
void col_sum(const f32 *x, int M, int N, f32 *s) {
  int j0 = 0;
  for (; j0 + 32 <= N; j0 += 32) {
    v128_t a0 = wasm_f32x4_splat(0.0f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
    const f32 *p = x + j0;
    for (int i = 0; i < M; i++, p += N) {
      a0 = wasm_f32x4_add(a0, wasm_v128_load(p)); a1 = wasm_f32x4_add(a1, wasm_v128_load(p + 4));
      a2 = wasm_f32x4_add(a2, wasm_v128_load(p + 8)); a3 = wasm_f32x4_add(a3, wasm_v128_load(p + 12));
      a4 = wasm_f32x4_add(a4, wasm_v128_load(p + 16)); a5 = wasm_f32x4_add(a5, wasm_v128_load(p + 20));
      a6 = wasm_f32x4_add(a6, wasm_v128_load(p + 24)); a7 = wasm_f32x4_add(a7, wasm_v128_load(p + 28));
    }
    wasm_v128_store(s + j0, a0); wasm_v128_store(s + j0 + 4, a1); wasm_v128_store(s + j0 + 8, a2); wasm_v128_store(s + j0 + 12, a3);
    wasm_v128_store(s + j0 + 16, a4); wasm_v128_store(s + j0 + 20, a5); wasm_v128_store(s + j0 + 24, a6); wasm_v128_store(s + j0 + 28, a7);
  }
  for (; j0 < N; j0 += 4) {
    int n = N - j0;
    v128_t a = wasm_f32x4_splat(0.0f);
    for (int i = 0; i < M; i++) a = wasm_f32x4_add(a, load_n(x + (long)i * N + j0, n));
    store_n(s + j0, a, n);
  }
}

/* ---------------------------------------------------------------------------------------- */
/* Spatial (two-dimensional) LSTM over a whole grid, one layer (Theis and Bethge 2015; the
 * equations are in src/spatial/spatial-lstm.ts):
 *   z = xP + [h_up, h_left] U      (xP = x W + b, computed outside; U [2H, 5H] = [U_up; U_left])
 *   i, o, f_up, f_left = sigma(z_.)   g = tanh(z_g)
 *   c = f_up c_up + f_left c_left + i g      h = o tanh(c)
 * The grid runs diagonal by diagonal in diagonal-major order (src/spatial/diagonals.ts): row
 * (offset(d) + i - first(d)) B + b holds position (i, d - i) of image b; states outside the grid
 * are zero. Per diagonal: one product [n B, 2H] x [2H, 5H], then the gates. Saved for backward:
 *   hp, cp [R, 2H]  [h_up, h_left] and [c_up, c_left] of every row (R = Hh W B)
 *   gates  [R, 5H]  i, o, f_up, f_left, g;  tc [R, H] tanh(c)
 * Backward: pack_panels of U^T [5H, 2H]; dZ [R, 5H] is the gradient of xP and of hp U, and
 * dU = hp^T dZ is accumulated diagonal by diagonal. */

/* The first row and the number of positions of anti-diagonal d of an Hh x W grid. */
static inline int diag_first(int d, int W) { return d - W + 1 > 0 ? d - W + 1 : 0; }
static inline int diag_count(int d, int Hh, int W) {
  int last = d < Hh - 1 ? d : Hh - 1;
  return last - diag_first(d, W) + 1;
}

static void zero(f32 *dst, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(dst + i, wasm_f32x4_splat(0.0f));
  for (; i < n; i++) dst[i] = 0.0f;
}


/* C[K, N] += A[M, K]^T B[M, N] (row strides lda, ldb; C dense): the recurrent kernel's gradient
 * hp^T dZ one diagonal at a time, while both blocks are in cache (one product over the whole
 * grid streams a [2H, R] transpose against R-long panels). A^T is copied out and B packed into
 * panels, so the product is gemm_packed's (a first version read A and B in place, 4 x 8 blocks
 * of C over strided rows, and was slower). work: K M + packed_size(M, N) + K N + 32 floats. */
static void gemm_tn_acc(const f32 *A, int lda, int M, int K, const f32 *B, int ldb, int N, f32 *C, f32 *work) {
  f32 *At = work;                                     /* [K, M] */
  f32 *P = align64(At + (long)K * M);                 /* panels of B [M, N] */
  f32 *T = align64(P + packed_size(M, N));            /* [K, N] */
  for (int r = 0; r < M; r++)
    for (int k = 0; k < K; k++) At[(long)k * M + r] = A[(long)r * lda + k];
  pack_block(B, M, ldb, N, P);
  gemm_packed(At, M, K, M, P, N, 0, T, N);
  add_to(C, T, K * N);
}

/* The gates and state update of one row from its pre-activations xr + ur [5H] and its
 * neighbours' memories cq = [c_up, c_left] [2H]: h, c [H]; with gr, tr the gate activations
 * [5H] and tanh(c) [H] for backward (or 0, generation). */
static void spatial_cell(const f32 *xr, const f32 *ur, const f32 *cq, int H, f32 *hr, f32 *cr, f32 *gr, f32 *tr) {
  for (int q = 0; q < H; q += 4) {
    const int m = H - q;
    v128_t ig = sigmoid4(wasm_f32x4_add(load_n(xr + q, m), load_n(ur + q, m)));
    v128_t og = sigmoid4(wasm_f32x4_add(load_n(xr + H + q, m), load_n(ur + H + q, m)));
    v128_t fu = sigmoid4(wasm_f32x4_add(load_n(xr + 2 * H + q, m), load_n(ur + 2 * H + q, m)));
    v128_t fl = sigmoid4(wasm_f32x4_add(load_n(xr + 3 * H + q, m), load_n(ur + 3 * H + q, m)));
    v128_t g = tanh4(wasm_f32x4_add(load_n(xr + 4 * H + q, m), load_n(ur + 4 * H + q, m)));
    v128_t cn = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_mul(fu, load_n(cq + q, m)), wasm_f32x4_mul(fl, load_n(cq + H + q, m))), wasm_f32x4_mul(ig, g));
    v128_t tc = tanh4(cn);
    if (gr) {
      store_n(gr + q, ig, m);
      store_n(gr + H + q, og, m);
      store_n(gr + 2 * H + q, fu, m);
      store_n(gr + 3 * H + q, fl, m);
      store_n(gr + 4 * H + q, g, m);
      store_n(tr + q, tc, m);
    }
    store_n(cr + q, cn, m);
    store_n(hr + q, wasm_f32x4_mul(og, tc), m);
  }
}

/* Forward over the grid. out [R, H] the h of every row, c [R, H] the memories; hp, cp, gates,
 * tc as above, or all 0 (inference: nothing saved, each diagonal's neighbour states in work).
 * work: n 5H + 2 n 2H + 32 floats, n = min(Hh, W) B. */
__attribute__((export_name("spatial_lstm_forward")))
void spatial_lstm_forward(const f32 *xP, int Hh, int W, int B, int H, const f32 *U, f32 *out, f32 *c,
                          f32 *hpAll, f32 *cpAll, f32 *gatesAll, f32 *tcAll, f32 *work) {
  const int G = 5 * H, H2 = 2 * H;
  U = panels_of(U);
  work = align64(work);
  const long maxn = (long)(Hh < W ? Hh : W) * B;
  f32 *hpWork = align64(work + maxn * G), *cpWork = hpWork + maxn * H2; /* inference: one diagonal's */
  int offset = 0, prevOffset = 0, prevFirst = 0;
  for (int d = 0; d < Hh + W - 1; d++) {
    const int first = diag_first(d, W), count = diag_count(d, Hh, W), n = count * B;
    const long r0 = (long)offset * B;
    f32 *hpD = hpAll ? hpAll + r0 * H2 : hpWork, *cpD = cpAll ? cpAll + r0 * H2 : cpWork; /* [n, 2H] each */
    /* The neighbours' states: (i - 1, j) and (i, j - 1) on diagonal d - 1, or zero. */
    for (int k = 0; k < count; k++) {
      const int i = first + k, j = d - i;
      for (int b = 0; b < B; b++) {
        f32 *hr = hpD + ((long)k * B + b) * H2, *cr = cpD + ((long)k * B + b) * H2;
        if (i > 0) {
          const long u = ((long)prevOffset + i - 1 - prevFirst) * B + b;
          copy(hr, out + u * H, H);
          copy(cr, c + u * H, H);
        } else {
          zero(hr, H);
          zero(cr, H);
        }
        if (j > 0) {
          const long l = ((long)prevOffset + i - prevFirst) * B + b;
          copy(hr + H, out + l * H, H);
          copy(cr + H, c + l * H, H);
        } else {
          zero(hr + H, H);
          zero(cr + H, H);
        }
      }
    }
    if (d > 0) gemm_packed(hpD, H2, n, H2, U, G, 0, work, G); /* [n, 2H] x [2H, 5H] */
    else zero(work, n * G);
    for (int k = 0; k < n; k++) {
      const long r = r0 + k;
      spatial_cell(xP + r * G, work + (long)k * G, cpD + (long)k * H2, H, out + r * H, c + r * H, gatesAll ? gatesAll + r * G : 0, gatesAll ? tcAll + r * H : 0);
    }
    prevOffset = offset;
    prevFirst = first;
    offset += count;
  }
}

/* Backward over the grid, diagonals in reverse. dy [R, H]: the gradient of out. UT: pack_panels
 * of U^T [5H, 2H]. On return dZ [R, 5H] and dU = hp^T dZ [2H, 5H]. work: 2 R H + n 2H + the
 * work of gemm_tn_acc(n, 2H, 5H) + 16 floats, n = min(Hh, W) B (the gradients of every row's
 * h and c, one diagonal's [dh_up, dh_left], and the product's scratch). */
__attribute__((export_name("spatial_lstm_backward")))
void spatial_lstm_backward(const f32 *dy, int Hh, int W, int B, int H, const f32 *UT, const f32 *hpAll, const f32 *cpAll,
                           const f32 *gatesAll, const f32 *tcAll, f32 *dZ, f32 *dU, f32 *work) {
  const int G = 5 * H, H2 = 2 * H, D = Hh + W - 1;
  const long R = (long)Hh * W * B;
  UT = panels_of(UT);
  work = align64(work);
  f32 *dh = work, *dc = work + R * H, *tmp = work + 2 * R * H; /* [R, H], [R, H], [n, 2H] */
  f32 *scratch = tmp + (long)(Hh < W ? Hh : W) * B * H2;
  copy(dh, dy, (int)(R * H));
  zero(dc, (int)(R * H));
  zero(dU, H2 * G);
  const v128_t one = wasm_f32x4_splat(1.0f);
  int offset = (int)(R / B);
  for (int d = D - 1; d >= 0; d--) {
    const int first = diag_first(d, W), count = diag_count(d, Hh, W), n = count * B;
    offset -= count;
    const long r0 = (long)offset * B;
    const int prevFirst = d > 0 ? diag_first(d - 1, W) : 0;
    const long prevOffset = d > 0 ? offset - diag_count(d - 1, Hh, W) : 0;
    for (int k = 0; k < count; k++) {
      const int i = first + k, j = d - i;
      for (int b = 0; b < B; b++) {
        const long r = r0 + (long)k * B + b;
        const f32 *gr = gatesAll + r * G, *cq = cpAll + r * H2, *tr = tcAll + r * H, *dhr = dh + r * H, *dcr = dc + r * H;
        f32 *zr = dZ + r * G;
        f32 *dcu = i > 0 ? dc + (((long)prevOffset + i - 1 - prevFirst) * B + b) * H : 0;
        f32 *dcl = j > 0 ? dc + (((long)prevOffset + i - prevFirst) * B + b) * H : 0;
        for (int q = 0; q < H; q += 4) {
          const int m = H - q;
          v128_t ig = load_n(gr + q, m), og = load_n(gr + H + q, m), fu = load_n(gr + 2 * H + q, m);
          v128_t fl = load_n(gr + 3 * H + q, m), g = load_n(gr + 4 * H + q, m), tc = load_n(tr + q, m);
          v128_t dH = load_n(dhr + q, m);
          v128_t dC = wasm_f32x4_add(load_n(dcr + q, m), wasm_f32x4_mul(wasm_f32x4_mul(dH, og), wasm_f32x4_sub(one, wasm_f32x4_mul(tc, tc))));
          store_n(zr + q, wasm_f32x4_mul(wasm_f32x4_mul(dC, g), dsig4(ig)), m);
          store_n(zr + H + q, wasm_f32x4_mul(wasm_f32x4_mul(dH, tc), dsig4(og)), m);
          store_n(zr + 2 * H + q, wasm_f32x4_mul(wasm_f32x4_mul(dC, load_n(cq + q, m)), dsig4(fu)), m);
          store_n(zr + 3 * H + q, wasm_f32x4_mul(wasm_f32x4_mul(dC, load_n(cq + H + q, m)), dsig4(fl)), m);
          store_n(zr + 4 * H + q, wasm_f32x4_mul(wasm_f32x4_mul(dC, ig), wasm_f32x4_sub(one, wasm_f32x4_mul(g, g))), m);
          if (dcu) store_n(dcu + q, wasm_f32x4_add(load_n(dcu + q, m), wasm_f32x4_mul(dC, fu)), m);
          if (dcl) store_n(dcl + q, wasm_f32x4_add(load_n(dcl + q, m), wasm_f32x4_mul(dC, fl)), m);
        }
      }
    }
    if (d == 0) break; /* the first position has no neighbours: hp = 0, nothing to pass on */
    gemm_tn_acc(hpAll + r0 * H2, H2, n, H2, dZ + r0 * G, G, G, dU, scratch); /* dU += hp^T dZ over this diagonal */
    gemm_packed(dZ + r0 * G, G, n, G, UT, H2, 0, tmp, H2); /* [n, 5H] x [5H, 2H]: [dh_up, dh_left] */
    for (int k = 0; k < count; k++) {
      const int i = first + k, j = d - i;
      for (int b = 0; b < B; b++) {
        const f32 *t = tmp + ((long)k * B + b) * H2;
        if (i > 0) add_to(dh + (((long)prevOffset + i - 1 - prevFirst) * B + b) * H, t, H);
        if (j > 0) add_to(dh + (((long)prevOffset + i - prevFirst) * B + b) * H, t + H, H);
      }
    }
  }
}

/* One position of one layer for n rows at once (generation in raster order): the cell of
 * spatial_lstm_forward from xP [n, 5H] and the neighbours' states hUp, cUp, hLeft, cLeft [n, H]
 * (0: outside the grid, zeros); h, c [n, H] out. work: n 2H (twice) + n 5H + 48 floats. */
__attribute__((export_name("spatial_lstm_step")))
void spatial_lstm_step(const f32 *xP, int n, int H, const f32 *U, const f32 *hUp, const f32 *cUp, const f32 *hLeft,
                       const f32 *cLeft, f32 *h, f32 *c, f32 *work) {
  const int G = 5 * H, H2 = 2 * H;
  f32 *hp = align64(work), *cp = align64(hp + (long)n * H2), *z = align64(cp + (long)n * H2);
  for (int r = 0; r < n; r++) {
    if (hUp) { copy(hp + (long)r * H2, hUp + (long)r * H, H); copy(cp + (long)r * H2, cUp + (long)r * H, H); }
    else { zero(hp + (long)r * H2, H); zero(cp + (long)r * H2, H); }
    if (hLeft) { copy(hp + (long)r * H2 + H, hLeft + (long)r * H, H); copy(cp + (long)r * H2 + H, cLeft + (long)r * H, H); }
    else { zero(hp + (long)r * H2 + H, H); zero(cp + (long)r * H2 + H, H); }
  }
  if (hUp || hLeft) gemm_packed(hp, H2, n, H2, panels_of(U), G, 0, z, G); /* [n, 2H] x [2H, 5H] */
  else zero(z, n * G);
  for (int r = 0; r < n; r++) spatial_cell(xP + (long)r * G, z + (long)r * G, cp + (long)r * H2, H, h + (long)r * H, c + (long)r * H, 0, 0);
}

/* ---------------------------------------------------------------------------------------- */
/* The output layer of a decoder step: log-probabilities over a vocabulary in one call,
 *
 *   y = x W + b,   log p = y - max(y) - log sum_j exp(y_j - max(y))      (per row)
 *
 * with W packed by pack_panels. tfjs's logSoftmax on WASM runs five kernels (max, sub, exp, sum,
 * log) with a scalar exp; this one reads each row twice after the product, four exps at a time.
 * Each row's result depends on that row only (the product sums k in order, 4-row blocks and
 * single rows alike), so a sentence gets the same numbers in any batch. */

/* log(s) for s > 0 in double: s = m 2^e with m in [sqrt(1/2), sqrt(2)), t = (m - 1) / (m + 1),
 * log m = 2 atanh t = 2 (t + t^3/3 + ... + t^13/13) (|t| < 0.172: error < 1e-12). */
static double log_pos(double s) {
  union { double d; unsigned long long u; } v = { s };
  int e = (int)((v.u >> 52) & 0x7ff) - 1023;
  v.u = (v.u & 0x000fffffffffffffull) | 0x3ff0000000000000ull; /* m in [1, 2) */
  double m = v.d;
  if (m > 1.4142135623730951) { m *= 0.5; e += 1; }
  double t = (m - 1.0) / (m + 1.0), t2 = t * t;
  double p = 1.0 / 13;
  p = p * t2 + 1.0 / 11; p = p * t2 + 1.0 / 9; p = p * t2 + 1.0 / 7; p = p * t2 + 1.0 / 5; p = p * t2 + 1.0 / 3; p = p * t2 + 1.0;
  return 2.0 * t * p + e * 0.6931471805599453;
}

/* y[M, N] = log_softmax(x[M, K] W[K, N] + b[N]) over each row; W packed by pack_panels (skip as
 * in linear), b may be 0. A row holding NaN gives NaN; a row of -inf only gives NaN (as tfjs). */
__attribute__((export_name("linear_log_softmax")))
void linear_log_softmax(const f32 *x, int M, int K, const f32 *W, int skip, int N, const f32 *b, f32 *y) {
  gemm_packed(x, K, M, K, panels_of(W) + skip, N, b, y, N);
  for (int i = 0; i < M; i++) {
    f32 *row = y + (long)i * N;
    int j = 0;
    v128_t mx = wasm_f32x4_splat(-__builtin_inff());
    for (; j + 4 <= N; j += 4) mx = wasm_f32x4_pmax(mx, wasm_v128_load(row + j));
    f32 m = wasm_f32x4_extract_lane(mx, 0);
    for (int l = 1; l < 4; l++) { f32 v = l == 1 ? wasm_f32x4_extract_lane(mx, 1) : l == 2 ? wasm_f32x4_extract_lane(mx, 2) : wasm_f32x4_extract_lane(mx, 3); if (v > m) m = v; }
    for (; j < N; j++) if (row[j] > m) m = row[j];
    /* A NaN is lost by pmax (it keeps the first operand), but reaches the sum through exp4. */
    v128_t vm = wasm_f32x4_splat(m), acc = wasm_f32x4_splat(0.0f);
    j = 0;
    for (; j + 4 <= N; j += 4) acc = wasm_f32x4_add(acc, exp4(wasm_f32x4_sub(wasm_v128_load(row + j), vm)));
    f32 s = wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1) + wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3);
    for (; j < N; j++) s += wasm_f32x4_extract_lane(exp4(wasm_f32x4_splat(row[j] - m)), 0);
    /* (y - max) - log sum, rounded as tfjs's logSoftmax rounds it. */
    f32 ls = s == s && s > 0.0f ? (f32)log_pos((double)s) : __builtin_nanf("");
    v128_t vs = wasm_f32x4_splat(ls);
    j = 0;
    for (; j + 4 <= N; j += 4) wasm_v128_store(row + j, wasm_f32x4_sub(wasm_f32x4_sub(wasm_v128_load(row + j), vm), vs));
    for (; j < N; j++) row[j] = (row[j] - m) - ls;
  }
}

/* y[n, cols] = x[idx[n], :]: rows of a state, an embedding table or an attention cache picked
 * for the next decoding step (tfjs's GatherV2 on WASM takes 6 ms for 160 rows of 512 floats;
 * this is a copy). The caller checks that every index is in range. */
__attribute__((export_name("gather_rows")))
void gather_rows(const f32 *x, int cols, const int *idx, int n, f32 *y) {
  for (int r = 0; r < n; r++, y += cols) copy(y, x + (long)idx[r] * cols, cols);
}
