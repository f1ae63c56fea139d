import { describe, expect, it } from 'vitest';
import { readmeExamples } from './readme-example';

describe('readmeExamples', () => {
  it('takes the code block after each <!-- example --> marker, with the files it needs', () => {
    const readme = [
      '# pkg', '```ts', 'not an example', '```', '',
      '<!-- example -->', '', '```ts', 'first();', '```',
      '<!-- example needs: fixtures/a.bin as a.bin -->', '```js', 'second();', '```',
    ].join('\n');
    expect(readmeExamples(readme)).toEqual([
      { line: 8, code: 'first();\n', needs: [] },
      { line: 12, code: 'second();\n', needs: ['fixtures/a.bin as a.bin'] },
    ]);
  });

  it('says what it expected after a marker', () => {
    expect(() => readmeExamples('<!-- example -->\n```sh\nls\n```')).toThrow('must be followed by a ```ts or ```js block');
    expect(() => readmeExamples('<!-- example -->\n```ts\nopen();')).toThrow('never closed');
  });
});
