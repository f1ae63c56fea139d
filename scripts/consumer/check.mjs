#!/usr/bin/env node
/**
 * The consumer check: every library as a new user meets it. Usage (after a build):
 *   node scripts/consumer/check.mjs [package folder name ...]     e.g. core cells
 *
 * 1. Packs every library exactly as publish would (`pnpm pack`: workspace: ranges resolved,
 *    publishConfig applied).
 * 2. For each package, in its own fresh npm project in a temp folder outside the workspace (its
 *    own, so that a sibling's hoisted dependency cannot hide a missing install entry), runs that
 *    README's install line with `@seq2seq/*` names mapped to the tarballs (npm, --no-audit
 *    --no-fund, the shared npm cache; a sibling the package depends on also comes from its tarball).
 * 3. Checks the install line against the examples: every package an example imports is
 *    installed, and every installed package is imported or a required peer of one that is.
 * 4. Type-checks the examples against the installed typings, then runs each as an ES module and
 *    as CommonJS (see transpile.mjs).
 * 5. Runs the single-instance assertions (single-instance.mjs) in a project with only
 *    `@seq2seq/core`, `@tensorflow/tfjs-core` and the CPU backend.
 *
 * Prints one line per package and check, then the total time; exits 1 when anything failed.
 * SEQ2SEQ_CONSUMER_KEEP=1 keeps the temp folder for a look; SEQ2SEQ_CONSUMER_JOBS sets how many
 * packages run at once (default 2).
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { examples, importedPackages, installLine, ReadmeError } from './readme.mjs';
import { SINGLE_INSTANCE_INSTALL, singleInstanceScripts } from './single-instance.mjs';
import { toCommonJs, toEsm } from './transpile.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const JOBS = Number(process.env.SEQ2SEQ_CONSUMER_JOBS ?? 2);
const EXAMPLE_TIMEOUT_MS = 180_000;
const started = Date.now();

const only = process.argv.slice(2);
const libraries = readdirSync(join(ROOT, 'packages'))
  .filter((dir) => existsSync(join(ROOT, 'packages', dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => !manifest.private);
const unknown = only.filter((dir) => !libraries.some((lib) => lib.dir === dir));
if (unknown.length > 0) {
  console.error(`consumer check: no library folder ${unknown.join(', ')} under packages/ (have ${libraries.map((lib) => lib.dir).join(', ')})`);
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'seq2seq-consumer-'));
const failures = [];
try {
  const tarballs = await packAll(libraries, join(work, 'tarballs'));
  const projects = libraries
    .filter((lib) => only.length === 0 || only.includes(lib.dir))
    .map((lib) => () => checkPackage(lib, tarballs));
  if (only.length === 0 || only.includes('core')) projects.push(() => checkSingleInstance(tarballs));
  await pool(projects, JOBS);
} finally {
  if (process.env.SEQ2SEQ_CONSUMER_KEEP) console.log(`consumer check: kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (failures.length > 0) {
  console.log(`\nconsumer check FAILED (${failures.length}) in ${seconds} s:`);
  for (const failure of failures) console.log(`\n${failure}`);
  process.exit(1);
}
console.log(`consumer check: every README install line and example works from the packed tarballs (${seconds} s)`);

/** Packs every library; returns package name -> tarball path. */
async function packAll(libs, into) {
  const result = new Map();
  await pool(
    libs.map(({ dir, manifest }) => async () => {
      if (!existsSync(join(ROOT, 'packages', dir, 'dist'))) {
        throw new Error(`packages/${dir} has no dist/: build first (pnpm build)`);
      }
      const destination = join(into, dir);
      mkdirSync(destination, { recursive: true });
      await run('pnpm', ['pack', '--pack-destination', destination], { cwd: join(ROOT, 'packages', dir) });
      result.set(manifest.name, join(destination, readdirSync(destination).find((file) => file.endsWith('.tgz'))));
    }),
    JOBS,
  );
  return result;
}

/** Install line, examples' imports, types, ESM and CommonJS runs of one package's README. */
async function checkPackage({ dir, manifest }, tarballs) {
  const readmePath = `packages/${dir}/README.md`;
  const name = manifest.name;
  let install;
  let found;
  try {
    const readme = readFileSync(join(ROOT, readmePath), 'utf8');
    install = installLine(readme, readmePath);
    found = examples(readme, readmePath);
  } catch (error) {
    return fail(name, 'readme', error instanceof ReadmeError ? error.message : String(error));
  }

  const project = join(work, dir);
  const installStart = Date.now();
  try {
    await npmInstall(project, install.packages, tarballs);
  } catch (error) {
    return fail(name, 'install', `${readmePath}: \`${install.line}\` failed:\n${error.message}`);
  }
  report(name, 'install', `${install.packages.length} packages`, installStart);

  const problems = checkImports(found, install.packages, project, readmePath);
  if (!install.packages.includes('webgpu') && existsSync(join(project, 'node_modules/webgpu'))) {
    problems.push(`${readmePath}: \`${install.line}\` installed the webgpu package (Dawn, 132 MB), which is opt-in: an optional peer dependency`);
  }
  if (problems.length > 0) fail(name, 'imports', problems.join('\n'));
  if (name === '@seq2seq/backend') await checkWebGpuSkipped(name, project);

  const files = found.map((example, i) => ({ example, base: `example-${i + 1}` }));
  for (const { example } of files) {
    for (const need of example.needs) {
      const from = join(ROOT, 'packages', dir, need.from);
      if (!existsSync(from)) return fail(name, 'readme', `${readmePath}:${example.line}: the example needs ${need.from}, which is not in packages/${dir}`);
      copyFileSync(from, join(project, need.to));
    }
  }

  const typesStart = Date.now();
  for (const { example, base } of files) writeFileSync(join(project, `${base}.m${example.language}`), example.code);
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(tsconfig(files.map(({ example, base }) => `${base}.m${example.language}`)), null, 2));
  try {
    await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: project });
    report(name, 'types', `${files.length} example${files.length > 1 ? 's' : ''} against the shipped typings`, typesStart);
  } catch (error) {
    fail(name, 'types', `${readmePath}: the example does not type-check against the installed typings:\n${locate(error.message, files, readmePath)}`);
  }

  for (const format of ['ESM', 'CJS']) {
    const formatStart = Date.now();
    let ok = true;
    for (const { example, base } of files) {
      const file = `${base}.${format === 'ESM' ? 'mjs' : 'cjs'}`;
      const where = `${readmePath}:${example.line}`;
      try {
        writeFileSync(join(project, file), format === 'ESM' ? toEsm(example.code, `${base}.ts`) : toCommonJs(example.code, `${base}.ts`));
        await run(process.execPath, [file], { cwd: project, timeout: EXAMPLE_TIMEOUT_MS });
      } catch (error) {
        ok = false;
        fail(name, format, `${where}: the example (run as ${format === 'ESM' ? 'an ES module' : 'CommonJS'}) failed:\n${error.message}`);
      }
    }
    if (ok) report(name, format, `${files.length} example${files.length > 1 ? 's' : ''}`, formatStart);
  }
}

/** Without the optional `webgpu` package, createRuntime skips WebGPU in Node and says how to opt in. */
async function checkWebGpuSkipped(name, project) {
  const start = Date.now();
  const script = `import { createRuntime } from '@seq2seq/backend';
const runtime = await createRuntime();
if (!/^webgpu skipped: the optional peer package "webgpu" \\(Dawn for Node\\) is not installed/.test(runtime.reasons[0])) {
  throw new Error('createRuntime() without the webgpu package gave the reasons ' + JSON.stringify(runtime.reasons));
}
`;
  writeFileSync(join(project, 'webgpu-skipped.mjs'), script);
  writeFileSync(join(project, 'webgpu-skipped.cjs'), toCommonJs(script, 'webgpu-skipped.ts'));
  try {
    await run(process.execPath, ['webgpu-skipped.mjs'], { cwd: project });
    await run(process.execPath, ['webgpu-skipped.cjs'], { cwd: project });
    report(name, 'webgpu opt-in', 'no Dawn installed; createRuntime() skips WebGPU and says why (ESM, CJS)', start);
  } catch (error) {
    fail(name, 'webgpu opt-in', error.message);
  }
}

/** The four single-instance scripts in a project with @seq2seq/core and tfjs-core only. */
async function checkSingleInstance(tarballs) {
  const name = '@seq2seq/core';
  const project = join(work, 'single-instance');
  try {
    await npmInstall(project, SINGLE_INSTANCE_INSTALL, tarballs);
  } catch (error) {
    return fail(name, 'one tfjs', `installing ${SINGLE_INSTANCE_INSTALL.join(' ')} failed:\n${error.message}`);
  }
  for (const [file, source] of Object.entries(singleInstanceScripts())) {
    const start = Date.now();
    writeFileSync(join(project, file), source);
    try {
      await run(process.execPath, [file], { cwd: project });
      report(name, `one tfjs ${file}`, 'one Tensor class; clone, print, chained op and gradient work', start);
    } catch (error) {
      fail(name, `one tfjs ${file}`, `scripts/consumer/single-instance.mjs (${file}): ${error.message}`);
    }
  }
}

/** A fresh npm project at `project`, then `npm install <packages>` with @seq2seq names mapped to tarballs. */
async function npmInstall(project, packages, tarballs) {
  mkdirSync(project, { recursive: true });
  const direct = new Set(packages);
  // Siblings installed only as dependencies of a listed package come from their tarballs too
  // (they are not on the registry); a listed one is installed from its tarball directly.
  const overrides = Object.fromEntries([...tarballs].filter(([sibling]) => !direct.has(sibling)).map(([sibling, path]) => [sibling, `file:${path}`]));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: `consumer-${project.split(/[\\/]/).pop()}`, private: true, overrides }, null, 2));
  const args = packages.map((pkg) => {
    if (!pkg.startsWith('@seq2seq/')) return pkg;
    if (!tarballs.has(pkg)) throw new Error(`the install line names ${pkg}, which is not a library of this repository`);
    return tarballs.get(pkg);
  });
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...args], { cwd: project });
}

/** Problems with the install line against what the examples import. */
function checkImports(found, installed, project, readmePath) {
  const problems = [];
  const imported = new Set();
  for (const example of found) {
    for (const pkg of importedPackages(example.code)) {
      imported.add(pkg);
      if (!installed.includes(pkg)) {
        problems.push(`${readmePath}:${example.line}: the example imports ${pkg}, which the install line does not install`);
      }
    }
  }
  const requiredPeers = new Set();
  for (const pkg of installed) {
    const manifestPath = join(project, 'node_modules', pkg, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    for (const peer of Object.keys(manifest.peerDependencies ?? {})) {
      if (!manifest.peerDependenciesMeta?.[peer]?.optional) requiredPeers.add(peer);
    }
  }
  for (const pkg of installed) {
    if (!imported.has(pkg) && !requiredPeers.has(pkg)) {
      problems.push(`${readmePath}: the install line installs ${pkg}, which no example imports and no installed package needs as a peer`);
    }
  }
  return problems;
}

/** The consumer's tsconfig: Node's own module rules, so the published exports and typings are what resolves. */
function tsconfig(files) {
  return {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['ES2022', 'DOM'],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [join(ROOT, 'node_modules/@types')],
    },
    files,
  };
}

/** tsc's `example-2.mts(5,3): error ...` with the README line of that example line. */
function locate(output, files, readmePath) {
  return output.replace(/example-(\d+)\.m[tj]s\((\d+),(\d+)\)/g, (whole, index, line, column) => {
    const example = files[Number(index) - 1]?.example;
    return example ? `${readmePath}:${example.line + Number(line)}:${column}` : whole;
  });
}

function report(name, check, detail, since) {
  console.log(`ok    ${name.padEnd(20)} ${check.padEnd(22)} ${((Date.now() - since) / 1000).toFixed(1).padStart(5)} s  ${detail}`);
}

function fail(name, check, message) {
  console.log(`FAIL  ${name.padEnd(20)} ${check}`);
  failures.push(`[${name} ${check}] ${message}`);
}

/** Runs a command; rejects with its exit status and the tail of its output. */
function run(command, args, { cwd, timeout }) {
  return new Promise((resolvePromise, reject) => {
    const env = { ...process.env, npm_config_update_notifier: 'false' };
    delete env.NODE_OPTIONS;
    execFile(command, args, { cwd, timeout, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolvePromise(stdout);
      const output = `${stdout}\n${stderr}`.trim().split('\n').slice(-25).join('\n');
      const status = error.killed ? `killed after ${timeout / 1000} s` : `exit status ${error.code}`;
      reject(new Error(`\`${command === process.execPath ? 'node' : command} ${args.map((arg) => relativeTo(arg, cwd)).join(' ')}\` in ${cwd}: ${status}\n${output}`));
    });
  });
}

function relativeTo(arg, cwd) {
  return arg.startsWith('/') && arg.startsWith(cwd) ? relative(cwd, arg) : arg;
}

/** Runs the task functions, at most `jobs` at a time. */
async function pool(tasks, jobs) {
  const queue = [...tasks];
  await Promise.all(
    Array.from({ length: Math.min(jobs, queue.length) }, async () => {
      while (queue.length > 0) await queue.shift()();
    }),
  );
}
