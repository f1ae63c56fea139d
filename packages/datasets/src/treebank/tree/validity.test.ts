import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../errors';
import { checkTree, isTree, treeProblem } from './validity';

describe('treeProblem', () => {
  it('accepts single-rooted trees', () => {
    expect(treeProblem([0])).toBeUndefined();
    expect(treeProblem([2, 0, 2, 3])).toBeUndefined();
    expect(isTree([3, 3, 0])).toBe(true);
  });

  it('names what is wrong', () => {
    expect(treeProblem([])).toMatch(/no words/);
    expect(treeProblem([2, 0, 4])).toBe('head of word 3 is 4; expected 0 (root) to 3');
    expect(treeProblem([2, 0, -1])).toMatch(/head of word 3 is -1/);
    expect(treeProblem([2, 0, 1.5])).toMatch(/head of word 3 is 1.5/);
    expect(treeProblem([1, 0])).toBe('word 1 is its own head');
    expect(treeProblem([0, 0, 1])).toBe('words 1, 2 all have head 0; expected exactly one root');
    expect(treeProblem([2, 1])).toBe('no word has head 0; expected exactly one root');
    expect(treeProblem([0, 3, 4, 2])).toBe('words 2 -> 3 -> 4 -> 2 form a cycle');
    expect(isTree([0, 3, 2])).toBe(false);
  });

  it('checkTree throws a DatasetError with the problem', () => {
    expect(() => checkTree([0, 0], 'myParser')).toThrow(DatasetError);
    expect(() => checkTree([0, 0], 'myParser')).toThrow(/^myParser: the heads are not a tree: words 1, 2 all have head 0/);
  });
});
