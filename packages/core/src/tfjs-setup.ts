/**
 * `@tensorflow/tfjs-core` on its own registers no gradients and no chained ops: `tf.grads` fails
 * with "gradient function not found" and `x.add(y)` is undefined. The full `@tensorflow/tfjs`
 * package imports these two modules; we do the same so that no user of `@seq2seq/*` meets this.
 *
 * Both modules use extension-less relative imports that plain Node ESM cannot load, so the
 * package build bundles them (tsup `noExternal`). The build points their imports of tfjs-core
 * state (the engine, the Tensor class, every public op) at the installed `@tensorflow/tfjs-core`
 * (`tfjs-public-imports.ts`), so the bundle holds no second engine or Tensor class: tensors are
 * instances of the public `Tensor` whatever is imported first, in ESM and CommonJS alike.
 */
// The public module first: where the registration modules are not bundled (tests and type checks
// read these sources, and vitest loads the deep imports as a second copy of tfjs-core's files),
// the public module must still be the one that creates the engine and the global Tensor class.
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
