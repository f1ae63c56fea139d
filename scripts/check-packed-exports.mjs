#!/usr/bin/env node
// Usage: node scripts/check-packed-exports.mjs <package.tgz>
// Fails when a target in the packed package.json "exports" (under any condition) names a file
// that is not in the tarball. See scripts/lint-package.sh.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const tarball = process.argv[2];
if (!tarball || !existsSync(tarball)) {
  console.error(`check-packed-exports: expected a .tgz path as the argument, got ${tarball ?? 'nothing'}`);
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'packed-exports-'));
try {
  execFileSync('tar', ['-xzf', tarball, '-C', dir]);
  const root = join(dir, 'package');
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const missing = [];
  walk(manifest.exports, 'exports', (target, where) => {
    if (typeof target !== 'string' || target.includes('*')) return;
    if (!existsSync(join(root, target))) missing.push(`${where} -> ${target}`);
  });
  if (missing.length > 0) {
    console.error(
      `${manifest.name}: ${missing.length} "exports" target(s) are not in the published tarball:\n` +
        missing.map((line) => `  ${line}`).join('\n') +
        '\nAdd a "publishConfig.exports" that leaves out development-only conditions ' +
        '(e.g. "@seq2seq/source"), or add the files to "files".',
    );
    process.exit(1);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** Calls `visit` on every leaf of an exports map with its path, e.g. exports["."]["import"]. */
function walk(node, where, visit) {
  if (node === null || node === undefined) return;
  if (typeof node === 'string') return visit(node, where);
  if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${where}[${i}]`, visit));
  for (const [key, value] of Object.entries(node)) walk(value, `${where}[${JSON.stringify(key)}]`, visit);
}
