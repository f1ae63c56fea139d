/**
 * A README example (TypeScript or JavaScript, ES modules, top-level await allowed) turned into
 * what Node runs: an ES module, and mechanically a CommonJS script. TypeScript's own
 * `transpileModule` strips the types and, for CommonJS, turns every import into a `require` in
 * place; the whole script is then wrapped in an async function, so that top-level await works.
 */
import ts from 'typescript';

const BASE = { target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false, isolatedModules: true, sourceMap: false };

/** The example as an ES module (`.mjs`). */
export function toEsm(code, fileName) {
  return ts.transpileModule(code, { fileName, compilerOptions: { ...BASE, module: ts.ModuleKind.ESNext } }).outputText;
}

/** The example as a CommonJS script (`.cjs`): requires in place of imports, inside an async function. */
export function toCommonJs(code, fileName) {
  const body = ts.transpileModule(code, { fileName, compilerOptions: { ...BASE, module: ts.ModuleKind.CommonJS, esModuleInterop: true } }).outputText;
  if (/\bimport\.meta\b/.test(body)) {
    throw new Error(`${fileName}: uses import.meta, which has no CommonJS equivalent; the example cannot run as CommonJS`);
  }
  return `(async () => {\n${body}\n})().catch((error) => {\n  console.error(error);\n  process.exitCode = 1;\n});\n`;
}
