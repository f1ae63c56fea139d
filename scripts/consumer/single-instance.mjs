/**
 * Scripts that assert one tfjs-core instance when `@seq2seq/core` is installed alone: ES module
 * and CommonJS, `@seq2seq/core` loaded before and after `@tensorflow/tfjs-core`. Each checks that
 * a new tensor is an instance of the public `Tensor` class, that `clone()`, `print()` and a
 * chained op work, and that `tf.grads` finds a gradient (all of them need the registrations
 * `@seq2seq/core` bundles to reach the public engine).
 */

/** The project's install line for these scripts. */
export const SINGLE_INSTANCE_INSTALL = ['@seq2seq/core', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu'];

const CHECKS = `
await tf.setBackend('cpu');
const t = tf.tensor1d([1, 2, 3]);
const fail = (what) => { throw new Error(ORDER + ': ' + what); };
if (Object.getPrototypeOf(t).constructor !== tf.Tensor) fail('a new tensor is not an instance of the public @tensorflow/tfjs-core Tensor class (a second tfjs-core copy made it)');
if (typeof core.Linear !== 'function') fail('@seq2seq/core did not load (no Linear export)');
const copy = t.clone();
if (copy.dataSync().join() !== '1,2,3') fail('clone() returned ' + copy.dataSync().join());
const sum = t.add(tf.scalar(1));
if (sum.dataSync().join() !== '2,3,4') fail('the chained op t.add(1) returned ' + sum.dataSync().join());
const printed = [];
const log = console.log;
console.log = (...args) => printed.push(args.join(' '));
t.print();
console.log = log;
if (!printed.join('\\n').includes('[1, 2, 3]')) fail('print() wrote ' + JSON.stringify(printed));
const [dx] = tf.grads((x) => tf.sum(tf.square(x)))([t]);
if (dx.dataSync().join() !== '2,4,6') fail('the gradient of sum(x^2) at [1, 2, 3] is ' + dx.dataSync().join() + ', expected 2,4,6');
`;

/** File name -> source, four scripts. */
export function singleInstanceScripts() {
  const esm = (coreFirst) => {
    const imports = ["import * as core from '@seq2seq/core';", "import * as tf from '@tensorflow/tfjs-core';"];
    if (!coreFirst) imports.reverse();
    return `${imports.join('\n')}\nimport '@tensorflow/tfjs-backend-cpu';\nconst ORDER = 'ESM, ${coreFirst ? '@seq2seq/core first' : '@tensorflow/tfjs-core first'}';\n${CHECKS}`;
  };
  const cjs = (coreFirst) => {
    const requires = ["const core = require('@seq2seq/core');", "const tf = require('@tensorflow/tfjs-core');"];
    if (!coreFirst) requires.reverse();
    return `${requires.join('\n')}\nrequire('@tensorflow/tfjs-backend-cpu');\nconst ORDER = 'CommonJS, ${coreFirst ? '@seq2seq/core first' : '@tensorflow/tfjs-core first'}';\n(async () => {${CHECKS}})().catch((error) => { console.error(error.message); process.exitCode = 1; });\n`;
  };
  return {
    'core-first.mjs': esm(true),
    'tfjs-first.mjs': esm(false),
    'core-first.cjs': cjs(true),
    'tfjs-first.cjs': cjs(false),
  };
}
