/**
 * An esbuild plugin for the core build: bundle tfjs-core's gradient and chained-op registration
 * (see src/tfjs-setup.ts) without bundling a second tfjs-core.
 *
 * Those registration modules import tfjs-core internals by relative path ('../ops/cast',
 * '../tensor', '../engine'). Bundled as they are, they carry a private copy of the engine module
 * and of the `Tensor` class whose `opHandler` is never set: when that copy loads before the
 * public `@tensorflow/tfjs-core` (CommonJS, `require('@seq2seq/core')` first), it creates the
 * global engine, every tensor is an instance of the private class, and `tensor.clone()` throws
 * "Cannot read properties of null (reading 'clone')".
 *
 * This plugin rewrites each import statement of a bundled tfjs-core file:
 *   1. `import { a, b } from '<relative>'` where every name is a public export of
 *      `@tensorflow/tfjs-core` -> `from '@tensorflow/tfjs-core'` (stays external);
 *   2. an import from a module that holds tfjs state (the engine, the Tensor class, the
 *      environment) -> a small bridge module built on the public API (`engine()`, the global
 *      Tensor class); a name the bridge does not provide fails the build;
 *   3. anything else (stateless helpers such as util.js, conv_util.js) is bundled as before.
 * Loading a stateful module itself fails the build, so the bundle provably has no second engine.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';
import type { Options } from 'tsup';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

const require = createRequire(import.meta.url);
const TFJS = '@tensorflow/tfjs-core';

/** tfjs-core dist modules (relative to dist/) whose module-level state must exist only once. */
const STATEFUL_MODULES = new Set(['engine.js', 'tensor.js', 'environment.js']);

/** What the bridge provides in place of the stateful modules, from the public API only. */
const BRIDGE_EXPORTS = new Set(['ENGINE', 'getGlobalTensorClass']);
const BRIDGE_SOURCE = `
import { engine, env, Tensor } from '${TFJS}';
/** engine.js: the one global engine (the public module made it when it loaded). */
export const ENGINE = engine();
/** tensor.js: the Tensor class tfjs keeps in its global registry (the public one). */
export function getGlobalTensorClass() {
  const globals = env().global._tfGlobals;
  return (globals && globals.get('Tensor')) || Tensor;
}
`;
const BRIDGE_PATH = 'tfjs-core-public-bridge';

/** `import { a, b as c } from './x';` or `import './x';` as tfjs-core's compiled output writes them. */
const IMPORT_STATEMENT = /^import\s+(?:\{([^}]*)\}\s+from\s+)?(['"])(\.[^'"]*)\2;?/gm;

export interface TfjsPublicImportsReport {
  /** Import statements now served by the public `@tensorflow/tfjs-core`. */
  redirected: number;
  /** Import statements now served by the bridge. */
  bridged: number;
  /** tfjs-core files still bundled (stateless helpers and the registration modules). */
  bundledFiles: Set<string>;
}

export function tfjsPublicImports(report?: TfjsPublicImportsReport): Plugin {
  return {
    name: 'tfjs-public-imports',
    setup(build) {
      const tfjsDist = resolve(dirname(require.resolve(`${TFJS}/package.json`)), 'dist');
      const publicNames = new Set(Object.keys(require(TFJS) as object));

      build.onResolve({ filter: new RegExp(`^${BRIDGE_PATH}$`) }, () => ({ path: BRIDGE_PATH, namespace: BRIDGE_PATH }));
      build.onLoad({ filter: /.*/, namespace: BRIDGE_PATH }, () => ({ contents: BRIDGE_SOURCE, loader: 'js', resolveDir: tfjsDist }));

      build.onLoad({ filter: /[\\/]@tensorflow[\\/]tfjs-core[\\/]dist[\\/].*\.js$/ }, async (args) => {
        const file = relative(tfjsDist, args.path).split(sep).join('/');
        if (STATEFUL_MODULES.has(file)) {
          return { errors: [{ text: `${TFJS}/dist/${file} would be bundled: a second copy of tfjs-core state. Import it through the bridge (tfjs-public-imports.ts).` }] };
        }
        report?.bundledFiles.add(file);
        const source = await readFile(args.path, 'utf8');
        const errors: string[] = [];
        const contents = source.replace(IMPORT_STATEMENT, (statement, names: string | undefined, _quote, specifier: string) => {
          if (names === undefined) return statement; // a side-effect import: bundle it
          // `a`, `b as c` -> { name: 'a', text: 'a' }, { name: 'b', text: 'b as c' }
          const parts = names.split(',').map((text) => text.trim()).filter(Boolean).map((text) => ({ name: text.split(/\s+as\s+/)[0]!, text }));
          const list = (chosen: typeof parts) => chosen.map((part) => part.text).join(', ');
          if (parts.every((part) => publicNames.has(part.name))) {
            if (report) report.redirected++;
            return `import { ${list(parts)} } from '${TFJS}';`;
          }
          const target = relative(tfjsDist, resolve(dirname(args.path), specifier)).split(sep).join('/');
          if (STATEFUL_MODULES.has(`${target}.js`) || STATEFUL_MODULES.has(target)) {
            const missing = parts.filter((part) => !BRIDGE_EXPORTS.has(part.name) && !publicNames.has(part.name));
            if (missing.length > 0) {
              errors.push(`${file} imports ${list(missing)} from '${specifier}': neither a public export of ${TFJS} nor provided by the bridge`);
              return statement;
            }
            const fromBridge = parts.filter((part) => BRIDGE_EXPORTS.has(part.name));
            const fromPublic = parts.filter((part) => !BRIDGE_EXPORTS.has(part.name));
            if (report) report.bridged++;
            return [
              fromBridge.length > 0 ? `import { ${list(fromBridge)} } from '${BRIDGE_PATH}';` : '',
              fromPublic.length > 0 ? `import { ${list(fromPublic)} } from '${TFJS}';` : '',
            ].join(' ');
          }
          return statement;
        });
        if (errors.length > 0) return { errors: errors.map((text) => ({ text })) };
        return { contents, loader: 'js', resolveDir: dirname(args.path) };
      });
    },
  };
}
