/**
 * Runs a hand-written WGSL program on tfjs-backend-webgpu without depending on that package: the
 * active backend is used through the one method every WebGPU program of tfjs goes through,
 * `runWebGPUProgram`. The backend prepends the bindings (`result`, one storage array per input
 * name, `uniforms`) and the `_start` entry point that calls the program's `fn main()`.
 */
import * as tf from '@tensorflow/tfjs-core';

/** The part of tfjs-backend-webgpu's `WebGPUProgram` these programs fill in. */
interface WgslProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[]; y?: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  uniforms?: string;
  getUserCode: () => string;
}

/** The part of tfjs-backend-webgpu's backend these programs use. */
interface WebGpuBackendLike {
  runWebGPUProgram(program: WgslProgram, inputs: tf.TensorInfo[], outputDtype: 'float32', uniforms?: Array<{ type: 'int32'; data: number[] }>): tf.TensorInfo;
}

function webgpuBackend(): WebGpuBackendLike | null {
  if (tf.getBackend() !== 'webgpu') return null;
  const backend = tf.backend() as unknown as Partial<WebGpuBackendLike>;
  return typeof backend.runWebGPUProgram === 'function' ? (backend as WebGpuBackendLike) : null;
}

/** Whether the active backend runs WGSL programs (tfjs-backend-webgpu). */
export function wgslProgramsRun(): boolean {
  return webgpuBackend() !== null;
}

/** One WGSL program run: a flat float32 output, one workgroup per `workgroups`, int32 uniforms. */
export interface WgslRun {
  /** Identifies the shader source (everything baked into it); tfjs adds the input shapes. */
  key: string;
  /** The WGSL after the backend's bindings; called only when the pipeline for `key` is compiled. */
  source: () => string;
  inputs: Record<string, tf.Tensor>;
  outputSize: number;
  workgroups: number;
  workgroupSize: number;
  uniforms: Record<string, number>;
}

/** Runs the program and returns its output as a 1-D tensor of `outputSize` floats. */
export function runWgsl(run: WgslRun): tf.Tensor1D {
  const backend = webgpuBackend();
  if (!backend) throw new Error(`@seq2seq/cells: the WGSL program ${run.key} needs the webgpu backend, not "${tf.getBackend()}"`);
  const names = Object.keys(run.inputs);
  const uniformNames = Object.keys(run.uniforms);
  const program: WgslProgram = {
    variableNames: names,
    // 2-D with a y dispatch dimension, so the backend declares `fn main()` (no global index).
    outputShape: [1, run.outputSize],
    shaderKey: `seq2seq-cells-${run.key}`,
    dispatchLayout: { x: [1], y: [0] },
    dispatch: [run.workgroups, 1, 1],
    workgroupSize: [run.workgroupSize, 1, 1],
    uniforms: uniformNames.map((n) => `${n} : i32,`).join(' '),
    getUserCode: run.source,
  };
  const info = backend.runWebGPUProgram(
    program,
    names.map((n) => run.inputs[n]!),
    'float32',
    uniformNames.map((n) => ({ type: 'int32' as const, data: [run.uniforms[n]!] })),
  );
  const out = tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor2D;
  const flat = tf.reshape(out, [run.outputSize]) as tf.Tensor1D;
  out.dispose();
  return flat;
}
