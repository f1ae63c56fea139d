/**
 * The native whole-sequence kernels (native/recurrent.c): the committed module is the build of
 * the committed source and owns no memory; on WASM, inference runs each sequence in one native
 * call and agrees with the per-step path (fused JavaScript gate kernels and per-op tfjs math)
 * within 1e-5 for every cell, size, mask and direction; no tensor leaks.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@seq2seq/core';
import { Rng } from '@seq2seq/core';
import { describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { describe, expect, it } from 'vitest';
import { RNN, runSequence, setFusedKernelMode, setNativeKernelMode, type CellState, type FusedKernelMode } from '../index';
import { KERNEL_TEST_CELLS } from '../testing/kernel-cells';
import { nativeKernelsAvailable } from './kernels';
import { RECURRENT_RELAXED_WASM_BASE64, RECURRENT_RELAXED_WASM_COMPILER, RECURRENT_WASM_BASE64, RECURRENT_WASM_COMPILER } from './recurrent-wasm';

const PKG = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const committed = Uint8Array.from(atob(RECURRENT_WASM_BASE64), (c) => c.charCodeAt(0));
const committedRelaxed = Uint8Array.from(atob(RECURRENT_RELAXED_WASM_BASE64), (c) => c.charCodeAt(0));

/** The installed clang's version line (`clang version 14.0.6`), or null when there is none. */
function clangVersion(clang: string): string | null {
  try {
    const out = execFileSync(clang, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return /clang version [0-9.]+/.exec(out)?.[0] ?? null;
  } catch {
    return null;
  }
}
const skipReason = (clang: string, builtWith: string): string | null => {
  const found = clangVersion(clang);
  return found == null ? `${clang} is not installed` : found !== builtWith ? `the module was built with ${builtWith}, this machine's ${clang} is ${found}` : null;
};
const rebuildSkip = skipReason(process.env.CLANG ?? 'clang', RECURRENT_WASM_COMPILER);
const relaxedRebuildSkip = skipReason(process.env.CLANG_RELAXED ?? 'clang-16', RECURRENT_RELAXED_WASM_COMPILER);

describe('native module', () => {
  it('the embedded module is native/recurrent.wasm', () => {
    expect(Buffer.from(committed).equals(readFileSync(join(PKG, 'native', 'recurrent.wasm')))).toBe(true);
  });

  it('imports only the memory it is given, exports only functions, has no data of its own', () => {
    const m = new WebAssembly.Module(committed);
    expect(WebAssembly.Module.imports(m)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    expect(WebAssembly.Module.exports(m).map((e) => `${e.name}:${e.kind}`).sort()).toEqual(
      [
        'col_sum:function',
        'gather_rows:function',
        'gru_sequence:function',
        'gru_train_backward:function',
        'gru_train_forward:function',
        'linear:function',
        'linear_log_softmax:function',
        'lstm_sequence:function',
        'lstm_train_backward:function',
        'lstm_train_forward:function',
        'pack_panels:function',
        'spatial_lstm_backward:function',
        'spatial_lstm_forward:function',
        'spatial_lstm_step:function',
      ],
    );
    // Section ids (after the 8-byte header): no data section (11), no memory section (5).
    const ids: number[] = [];
    for (let at = 8; at < committed.length; ) {
      const id = committed[at++]!;
      let size = 0;
      for (let shift = 0; ; shift += 7) {
        const b = committed[at++]!;
        size |= (b & 0x7f) << shift;
        if (b < 0x80) break;
      }
      ids.push(id);
      at += size;
    }
    expect(ids).not.toContain(11);
    expect(ids).not.toContain(5);
  });

  it.skipIf(rebuildSkip != null)(rebuildSkip == null ? 'the committed module matches a rebuild of native/recurrent.c' : `rebuild check skipped: ${rebuildSkip}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'cells-wasm-'));
    try {
      const out = join(dir, 'recurrent.wasm');
      execFileSync('bash', [join(PKG, 'scripts', 'build-wasm.sh'), out], { stdio: 'pipe' });
      expect(Buffer.from(committed).equals(readFileSync(out))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the embedded relaxed SIMD module is native/recurrent-relaxed.wasm, with the same imports and exports', () => {
    expect(Buffer.from(committedRelaxed).equals(readFileSync(join(PKG, 'native', 'recurrent-relaxed.wasm')))).toBe(true);
    // Its products use f32x4.relaxed_madd (0xfd 0x85 0x02); the SIMD build has none.
    const madds = (bytes: Uint8Array) => bytes.reduce((n, b, i) => n + (b === 0xfd && bytes[i + 1] === 0x85 && bytes[i + 2] === 0x02 ? 1 : 0), 0);
    expect(madds(committedRelaxed)).toBeGreaterThanOrEqual(16);
    expect(madds(committed)).toBe(0);
    if (!WebAssembly.validate(committedRelaxed)) return; // this engine has no relaxed SIMD: nothing more to read
    const plain = new WebAssembly.Module(committed);
    const relaxed = new WebAssembly.Module(committedRelaxed);
    expect(WebAssembly.Module.imports(relaxed)).toEqual(WebAssembly.Module.imports(plain));
    expect(WebAssembly.Module.exports(relaxed)).toEqual(WebAssembly.Module.exports(plain));
  });

  it.skipIf(relaxedRebuildSkip != null)(
    relaxedRebuildSkip == null ? 'the committed relaxed SIMD module matches a rebuild' : `relaxed rebuild check skipped: ${relaxedRebuildSkip}`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'cells-wasm-'));
      try {
        const out = join(dir, 'recurrent-relaxed.wasm');
        execFileSync('bash', [join(PKG, 'scripts', 'build-wasm.sh'), out, 'relaxed'], { stdio: 'pipe' });
        expect(Buffer.from(committedRelaxed).equals(readFileSync(out))).toBe(true);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

const CELLS = KERNEL_TEST_CELLS;

/** [batch, hidden]: one row and row blocks of 4 with a remainder; hidden sizes off the 4-lane and 32-column grids. */
const SIZES: Array<[number, number]> = [
  [1, 5],
  [3, 8],
  [6, 37],
  [9, 64],
];

/** Runs `fn` with the native kernels in `mode` and the fused gate kernels in `fused`. */
function withModes<T>(native: 'auto' | 'never', fused: FusedKernelMode, fn: () => T): T {
  const n = setNativeKernelMode(native);
  const f = setFusedKernelMode(fused);
  try {
    return fn();
  } finally {
    setNativeKernelMode(n);
    setFusedKernelMode(f);
  }
}

describeBackends('native sequence kernels', ({ backend }) => {
  it(`serve ${backend === 'wasm' ? 'the WASM backend' : `no ${backend} backend`}`, () => {
    expect(nativeKernelsAvailable()).toBe(backend === 'wasm');
    expect(withModes('never', 'auto', nativeKernelsAvailable)).toBe(false);
  });

  for (const { name, make } of CELLS) {
    for (const [B, H] of SIZES) {
      it(`${name}, batch ${B}, hidden ${H}: native = per-step path (1e-5), lengths and holes, both directions, initial state`, async () => {
        const T = 7;
        const IN = 3;
        const rng = new Rng(B * 100 + H);
        const cell = make(IN, H, rng);
        tf.tidy(() => cell.bias.assign(tf.tensor(rng.uniformArray(cell.bias.size, -0.5, 0.5), cell.bias.shape)));
        const x = tf.tensor3d(rng.normalArray(B * T * IN), [B, T, IN]);
        const init: CellState = { h: tf.tensor2d(rng.normalArray(B * H, 0, 0.5), [B, H]) };
        if (cell.hasCellState) init.c = tf.tensor2d(rng.normalArray(B * H, 0, 0.5), [B, H]);
        const lengths = Array.from({ length: B }, (_, b) => (b * 3) % (T + 1));
        const holes = tf.tensor2d(Array.from({ length: B * T }, (_, i) => ((i * 7) % 3 === 0 ? 0 : 1)), [B, T]);
        const cases = [{}, { lengths }, { mask: holes }, { reverse: true, lengths }, { initialState: init }, { initialState: init, mask: holes, reverse: true }];
        for (const options of cases) {
          const ours = runSequence(cell, x, options);
          for (const fused of ['always', 'never'] as FusedKernelMode[]) {
            const ref = withModes('never', fused, () => runSequence(cell, x, options));
            await expectClose(ours.output, ref.output, 1e-5);
            await expectClose(ours.state.h, ref.state.h, 1e-5);
            if (cell.hasCellState) await expectClose(ours.state.c!, ref.state.c!, 1e-5);
            tf.dispose([ref.output, ref.state.h, ref.state.c]);
          }
          tf.dispose([ours.output, ours.state.h, ours.state.c]);
        }
        tf.dispose([x, init.h, init.c, holes]);
        cell.dispose();
      });
    }
  }

  it('inference is one native kernel per layer and direction; a recorded (training) run uses the training kernels instead', async () => {
    const rng = new Rng(1);
    const rnn = new RNN({ cell: 'lstm', inputSize: 4, hiddenSize: 8, numLayers: 2, bidirectional: true, rng });
    const x = tf.randomNormal([2, 6, 4], 0, 1, 'float32', 1) as tf.Tensor3D;
    const names = async (f: () => unknown) => (await tf.profile(() => tf.tidy(() => void f()))).kernels.map((k) => k.name);
    const infer = await names(() => rnn.apply(x, { lengths: [6, 3] }).output);
    expect(infer.filter((k) => k === 'Seq2SeqCellsLstmSequence')).toHaveLength(backend === 'wasm' ? 4 : 0);
    const train = await names(() => tf.grads((input: tf.Tensor) => tf.sum(rnn.apply(input as tf.Tensor3D).output))([x]));
    expect(train).not.toContain('Seq2SeqCellsLstmSequence');
    x.dispose();
    rnn.dispose();
  });

  it('decoder steps (RNN.step) agree with the per-step path', async () => {
    const rng = new Rng(2);
    const rnn = new RNN({ cell: 'gru', inputSize: 5, hiddenSize: 12, numLayers: 2, resetAfter: true, rng });
    const x = tf.randomNormal([3, 5], 0, 1, 'float32', 2) as tf.Tensor2D;
    const s0 = rnn.initialState(3);
    const a = rnn.step(x, s0);
    const b = withModes('never', 'auto', () => rnn.step(x, s0));
    await expectClose(a.output, b.output, 1e-5);
    for (let l = 0; l < 2; l++) await expectClose(a.state[l]!.h, b.state[l]!.h, 1e-5);
    tf.dispose([x, a.output, b.output, ...a.state.map((s) => s.h), ...b.state.map((s) => s.h), ...s0.map((s) => s.h)]);
    rnn.dispose();
  });

  it('leaves no tensors behind (the packed recurrent kernel is cached once per weight)', async () => {
    const rng = new Rng(3);
    const rnn = new RNN({ cell: 'gru', inputSize: 4, hiddenSize: 16, bidirectional: true, rng });
    const x = tf.randomNormal([4, 5, 4], 0, 1, 'float32', 3) as tf.Tensor3D;
    await expectNoTensorLeak(
      () => {
        const r = rnn.apply(x, { lengths: [5, 4, 2, 1] });
        return [r.output, ...r.state.map((s) => s.h)];
      },
      { iterations: 5 },
    );
    const before = tf.memory().numTensors;
    rnn.dispose();
    expect(tf.memory().numTensors).toBeLessThan(before);
    x.dispose();
  });
});
