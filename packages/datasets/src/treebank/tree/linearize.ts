/**
 * A dependency tree as a bracketed token sequence, for a seq2seq model that writes trees
 * (Vinyals et al., 2014, "Grammar as a Foreign Language", which writes constituency trees as
 * `(S (NP XX )NP ... )S` with every word replaced by `XX`).
 *
 * Each word w with relation r is one bracket: `(r`, the brackets of w's dependents to its left
 * (in order), the placeholder `XX` standing for w itself, the brackets of its dependents to its
 * right, `)`. The whole sentence is the root word's bracket. For "She saw him ." (saw is the root):
 *
 *     (root (nsubj XX ) XX (obj XX ) (punct XX ) )
 *
 * Why this form:
 * - **Placeholders, not words.** The k-th `XX` is the k-th input word, because the in-order walk
 *   of a projective tree visits its words in sentence order. So the output vocabulary is only the
 *   relations plus `XX` and `)` (about 50 tokens on EWT), the decoder never has to copy a word, and
 *   attention does the aligning, as in Vinyals et al.
 * - **Exactly 3n tokens** for n words (one `(r`, one `XX`, one `)` each), so the decoder knows its
 *   length, and well-formedness is a counting condition that {@link TreeConstraint} can enforce
 *   token by token: every output is a tree over exactly the input words.
 * - **Unlabelled `)`.** Vinyals et al. label closing brackets; here the constraint already
 *   guarantees balance, and the relation is said once, where the decoder decides it.
 * - **Projective only.** A non-projective tree cannot be written this way (its in-order walk is
 *   not the sentence order); {@link projectivize} lifts its crossing arcs first. EWT has few (see
 *   the package README), and the pointer decoder covers them.
 */
import { DatasetError } from '../errors';
import { isProjective } from './projectivity';
import type { DependencyTree } from './tree';
import { checkTree } from './validity';

/** The placeholder token standing for the next input word. */
export const WORD_TOKEN = 'XX';
/** The token that closes a word's bracket. */
export const CLOSE_TOKEN = ')';
/** The prefix of the token that opens a word's bracket: `(` + relation. */
export const OPEN_PREFIX = '(';

/** The token that opens a bracket for a word with `relation`: `(nsubj`. */
export function openToken(relation: string): string {
  return `${OPEN_PREFIX}${relation}`;
}

/** The relation of an opening token (`(nmod:poss` -> `nmod:poss`), or `undefined` for other tokens. */
export function relationOfToken(token: string): string | undefined {
  return token.length > 1 && token.startsWith(OPEN_PREFIX) ? token.slice(1) : undefined;
}

/** Throws unless `relation` can be written inside a token. */
export function checkRelation(relation: unknown, fnName: string, what: string): asserts relation is string {
  if (typeof relation !== 'string' || relation === '' || /[\s()]/.test(relation) || relation === WORD_TOKEN) {
    throw new DatasetError(`${fnName}: ${what} is ${JSON.stringify(relation)}; expected a non-empty relation without whitespace or brackets`);
  }
}

/**
 * Writes a projective tree as its bracketed token sequence (3n tokens; see the module comment).
 * Throws a {@link DatasetError} for a tree that is not valid or not projective
 * ({@link projectivize} it first).
 *
 * @example
 * linearizeTree({ heads: [2, 0, 2, 2], relations: ['nsubj', 'root', 'obj', 'punct'] });
 * // ['(root', '(nsubj', 'XX', ')', 'XX', '(obj', 'XX', ')', '(punct', 'XX', ')', ')']
 */
export function linearizeTree(tree: DependencyTree): string[] {
  const { heads, relations } = tree;
  const n = heads.length;
  if (relations.length !== n) throw new DatasetError(`linearizeTree: ${n} heads but ${relations.length} relations; expected one relation per word`);
  checkTree(heads, 'linearizeTree');
  relations.forEach((r, i) => checkRelation(r, 'linearizeTree', `the relation of word ${i + 1}`));
  if (!isProjective(heads)) throw new DatasetError('linearizeTree: the tree is not projective, so its words would not come out in sentence order; projectivize() it first');
  const children: number[][] = Array.from({ length: n + 1 }, () => []);
  for (let d = 1; d <= n; d++) children[heads[d - 1]!]!.push(d);
  const out: string[] = [];
  // Iterative in-order walk: a frame is a word and how far through its children it is.
  const stack: Array<{ word: number; next: number; wrote: boolean }> = [];
  const enter = (w: number) => {
    out.push(openToken(relations[w - 1]!));
    stack.push({ word: w, next: 0, wrote: false });
  };
  enter(children[0]![0]!);
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    const kids = children[f.word]!;
    const child = kids[f.next];
    if (!f.wrote && (child === undefined || child > f.word)) {
      out.push(WORD_TOKEN);
      f.wrote = true;
    } else if (child !== undefined) {
      f.next++;
      enter(child);
    } else {
      out.push(CLOSE_TOKEN);
      stack.pop();
    }
  }
  return out;
}

/**
 * Reads a bracketed token sequence back into a tree: the k-th `XX` is word k, and a bracket's
 * word is the head of the brackets directly inside it. Throws a {@link DatasetError} saying which
 * token is wrong when the sequence is not one well-formed bracket with exactly one `XX` directly
 * in each bracket, or (when `length` is given) has not exactly `length` words.
 *
 * @example
 * delinearizeTree(['(root', '(nsubj', 'XX', ')', 'XX', ')']); // { heads: [2, 0], relations: ['nsubj', 'root'] }
 */
export function delinearizeTree(tokens: readonly string[], length?: number): DependencyTree {
  const fail = (i: number, what: string): never => {
    throw new DatasetError(`delinearizeTree: token ${i + 1} of ${tokens.length} (${JSON.stringify(tokens[i] ?? '<end>')}): ${what}`);
  };
  const heads: number[] = [];
  const relations: string[] = [];
  const stack: Array<{ relation: string; word: number; children: number[] }> = [];
  let words = 0;
  let rootWord = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (rootWord > 0) fail(i, 'the root bracket is already closed; expected the end of the sequence');
    const relation = relationOfToken(t);
    if (relation !== undefined) {
      stack.push({ relation, word: 0, children: [] });
    } else if (t === WORD_TOKEN) {
      const f = stack[stack.length - 1] ?? fail(i, `a word outside any bracket; expected ${OPEN_PREFIX}relation first`);
      if (f.word > 0) fail(i, `a second ${WORD_TOKEN} directly in one bracket; expected one word per bracket`);
      f.word = ++words;
      heads.push(-1);
      relations.push(f.relation);
    } else if (t === CLOSE_TOKEN) {
      const f = stack.pop() ?? fail(i, 'a closing bracket with no bracket open');
      if (f.word === 0) fail(i, `a bracket closed without its ${WORD_TOKEN}; expected one word per bracket`);
      for (const c of f.children) heads[c - 1] = f.word;
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(f.word);
      else {
        heads[f.word - 1] = 0;
        rootWord = f.word;
      }
    } else {
      fail(i, `not a token of the linearisation; expected ${OPEN_PREFIX}relation, ${WORD_TOKEN} or ${CLOSE_TOKEN}`);
    }
  }
  if (rootWord === 0) fail(tokens.length, stack.length > 0 ? `${stack.length} bracket(s) still open at the end` : 'an empty sequence; expected one bracket for the root');
  if (length !== undefined && words !== length) fail(tokens.length, `the tree has ${words} words; expected ${length}`);
  return { heads, relations };
}
