import * as tf from '@tensorflow/tfjs-core';
import { createRuntime, formatRuntimeReport } from '@seq2seq/backend';

const runtime = await createRuntime({ prefer: ['wasm', 'cpu'] });
console.log(formatRuntimeReport(runtime));
console.log(await tf.matMul([[1, 2]], [[3], [4]]).data()); // Float32Array [ 11 ]
