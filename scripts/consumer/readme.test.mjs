import { describe, expect, it } from 'vitest';
import { examples, importedPackages, installLine } from './readme.mjs';

const README = `# @seq2seq/x

\`\`\`sh
npm install @seq2seq/x @tensorflow/tfjs-core
\`\`\`

Opt in: \`\`\`sh
npm install webgpu   # only for WebGPU in Node
\`\`\`

\`\`\`ts
notAnExample();
\`\`\`

<!-- example -->
\`\`\`ts
import * as tf from '@tensorflow/tfjs-core';
import { join } from 'node:path';
import { x, type X } from '@seq2seq/x/sub';
\`\`\`

<!-- example needs: fixtures/a.tsv as a.tsv, fixtures/b.bin as b.bin -->

\`\`\`js
import '@tensorflow/tfjs-backend-cpu';
\`\`\`
`;

describe('installLine', () => {
  it('is the first npm install line, packages only', () => {
    expect(installLine(README, 'README.md')).toEqual({ line: 'npm install @seq2seq/x @tensorflow/tfjs-core', packages: ['@seq2seq/x', '@tensorflow/tfjs-core'] });
  });

  it('names the README when there is none, or when it carries flags', () => {
    expect(() => installLine('pnpm add x', 'packages/x/README.md')).toThrow('packages/x/README.md: no install line');
    expect(() => installLine('npm install -D x', 'R.md')).toThrow('should name packages only, found -D');
  });
});

describe('examples', () => {
  it('takes each block after a marker, with its README line and the files it needs', () => {
    const found = examples(README, 'README.md');
    expect(found.map((example) => [example.line, example.language])).toEqual([[16, 'ts'], [24, 'js']]);
    expect(found[0].code).toContain("import { x, type X } from '@seq2seq/x/sub';");
    expect(found[1].needs).toEqual([{ from: 'fixtures/a.tsv', to: 'a.tsv' }, { from: 'fixtures/b.bin', to: 'b.bin' }]);
  });

  it('says what was expected after a marker', () => {
    expect(() => examples('<!-- example -->\n```sh\nls\n```', 'R.md')).toThrow('R.md:1: <!-- example --> must be followed by a ```ts or ```js block');
    expect(() => examples('<!-- example needs: a.tsv -->\n```ts\n```', 'R.md')).toThrow('expected "needs: <file in the package> as <name>"');
    expect(() => examples('no markers', 'R.md')).toThrow('R.md: no example');
  });
});

describe('importedPackages', () => {
  it('lists package names, leaving out Node built-ins and relative paths', () => {
    const code = examples(README, 'README.md').map((example) => example.code).join('');
    expect([...importedPackages(code)].sort()).toEqual(['@seq2seq/x', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-core']);
    expect([...importedPackages("import fs from 'fs';\nimport a from './a';\nimport b from 'lodash/fp';\n")]).toEqual(['lodash']);
  });
});
