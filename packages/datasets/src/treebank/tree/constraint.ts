/**
 * Constrained decoding of bracketed trees: given the input length n and an output prefix, which
 * tokens may come next so that every completed output is a tree over exactly the n input words
 * (one root, every bracket holding exactly one `XX`, n `XX` in all). The pointer app masks
 * invalid choices the same way.
 *
 * State: the open brackets (each knows whether it has had its `XX`), the words written so far,
 * and `needed`, the open brackets still waiting for their `XX`. The invariant
 * `words + needed <= n` holds after every allowed token, and it is all that is needed to never
 * get stuck:
 * - the first token is `(root`; nothing else may open at the top, and `(root` nowhere else;
 * - `XX` is allowed when the innermost bracket has none yet (then `words < n` by the invariant);
 * - `(r` is allowed inside a bracket when `words + needed + 1 <= n` (the new bracket needs a word);
 * - `)` is allowed when the innermost bracket has its `XX`, and for the root bracket only once all
 *   n words are written;
 * - the end token only after the root bracket is closed.
 * In every state at least one of these holds, so a decoder that picks only allowed tokens always
 * ends, after exactly 3n tokens and the end token, in a tree over exactly the n words.
 */
import { DatasetError } from '../errors';
import { CLOSE_TOKEN, checkRelation, openToken, WORD_TOKEN } from './linearize';

/** Settings of a {@link TreeConstraint}. */
export interface TreeConstraintConfig {
  /** Number of input words n (at least 1). Required. */
  length: number;
  /** The relations the decoder can write (its `(r` tokens); must include `rootRelation`. Required. */
  relations: readonly string[];
  /** Relation of the root word: the first token is `(` + this, and it opens nowhere else. Default `'root'`. */
  rootRelation?: string;
  /** The token that ends an output (the model's end-of-sequence). Default `'<eos>'`. */
  endToken?: string;
}

/** An open bracket, in a persistent stack shared between states (beam search can fork freely). */
interface Frame {
  readonly hasWord: boolean;
  readonly parent: Frame | null;
}

/** Where a decoder is in a bracketed tree; immutable, so one state can be extended many ways. */
export interface TreeDecodingState {
  /** `XX` tokens written so far. */
  readonly words: number;
  /** Open brackets that have not had their `XX` yet. */
  readonly needed: number;
  /** Number of open brackets. */
  readonly depth: number;
  /** Tokens written so far (the end token not counted). */
  readonly length: number;
  /** The root bracket has been closed: only the end token may follow. */
  readonly closed: boolean;
  /** The end token was written. */
  readonly ended: boolean;
  /** @internal */
  readonly top: Frame | null;
}

/** Which kinds of token may come next. */
export interface TreeMoves {
  /** `(root` (only as the first token). */
  openRoot: boolean;
  /** `(r` for any non-root relation r. */
  open: boolean;
  /** `XX`. */
  word: boolean;
  /** `)`. */
  close: boolean;
  /** The end token. */
  end: boolean;
}

/**
 * The tokens a bracketed-tree decoder may write next (see the module comment). Use
 * `start()` and `advance(state, token)` to follow a decoder step by step, or `allowedAfter(prefix)`
 * for a whole prefix.
 *
 * @example
 * const c = new TreeConstraint({ length: 2, relations: ['root', 'nsubj', 'obj'] });
 * c.allowedTokens(c.start());                  // ['(root']
 * c.allowedAfter(['(root', 'XX']);             // ['(nsubj', '(obj']  (one word left: it must be a dependent)
 */
export class TreeConstraint {
  /** Number of input words. */
  readonly length: number;
  /** Relation of the root word. */
  readonly rootRelation: string;
  /** The end-of-output token. */
  readonly endToken: string;
  /** Opening tokens of the non-root relations, in the order given. */
  readonly openTokens: readonly string[];
  /** The opening token of the root. */
  readonly rootToken: string;
  private readonly openSet: ReadonlySet<string>;
  /** The kind of each token of the last vocabulary given to {@link TreeConstraint.allowedMask}. */
  private kindsOf: { vocabulary: readonly string[]; kinds: Uint8Array } | null = null;

  constructor(config: TreeConstraintConfig) {
    const { length, relations } = config;
    if (!Number.isInteger(length) || length < 1) throw new DatasetError(`TreeConstraint: 'length' must be an integer >= 1 (the number of input words), got ${String(length)}`);
    this.length = length;
    this.rootRelation = config.rootRelation ?? 'root';
    this.endToken = config.endToken ?? '<eos>';
    checkRelation(this.rootRelation, 'TreeConstraint', "'rootRelation'");
    if (!Array.isArray(relations) || !relations.includes(this.rootRelation)) {
      throw new DatasetError(`TreeConstraint: 'relations' must be an array of relations that includes the root relation ${JSON.stringify(this.rootRelation)}`);
    }
    relations.forEach((r, i) => checkRelation(r, 'TreeConstraint', `relations[${i}]`));
    this.rootToken = openToken(this.rootRelation);
    this.openTokens = [...new Set(relations)].filter((r) => r !== this.rootRelation).map(openToken);
    this.openSet = new Set(this.openTokens);
  }

  /** The state before the first token. */
  start(): TreeDecodingState {
    return { words: 0, needed: 0, depth: 0, length: 0, closed: false, ended: false, top: null };
  }

  /** Which kinds of token may follow `state`. */
  moves(state: TreeDecodingState): TreeMoves {
    const n = this.length;
    if (state.ended) return { openRoot: false, open: false, word: false, close: false, end: false };
    if (state.closed) return { openRoot: false, open: false, word: false, close: false, end: true };
    const top = state.top;
    if (top === null) return { openRoot: true, open: false, word: false, close: false, end: false };
    return {
      openRoot: false,
      open: state.words + state.needed + 1 <= n,
      word: !top.hasWord,
      close: top.hasWord && (top.parent !== null || state.words === n),
      end: false,
    };
  }

  /** The tokens that may follow `state`, in the order root, relations, `XX`, `)`, end. */
  allowedTokens(state: TreeDecodingState): string[] {
    const m = this.moves(state);
    const out: string[] = [];
    if (m.openRoot) out.push(this.rootToken);
    if (m.open) out.push(...this.openTokens);
    if (m.word) out.push(WORD_TOKEN);
    if (m.close) out.push(CLOSE_TOKEN);
    if (m.end) out.push(this.endToken);
    return out;
  }

  /** Whether `token` may follow `state`. */
  isAllowed(state: TreeDecodingState, token: string): boolean {
    const m = this.moves(state);
    if (token === this.rootToken) return m.openRoot;
    if (token === WORD_TOKEN) return m.word;
    if (token === CLOSE_TOKEN) return m.close;
    if (token === this.endToken) return m.end;
    return m.open && this.openSet.has(token);
  }

  /**
   * The allowed next tokens as a mask over a model's vocabulary: `mask[id]` is 1 where
   * `vocabulary[id]` may follow `state` and 0 elsewhere (padding, start and unknown tokens, and
   * relations this constraint was not given, are never allowed). Add `log(mask)` to the logits,
   * or use it to pick among allowed ids. `out` (length `vocabulary.length`) is filled and returned
   * when given, so one buffer can serve every step.
   */
  allowedMask(state: TreeDecodingState, vocabulary: readonly string[], out?: Float32Array): Float32Array {
    const mask = out ?? new Float32Array(vocabulary.length);
    if (mask.length !== vocabulary.length) {
      throw new DatasetError(`TreeConstraint.allowedMask: 'out' has length ${mask.length}; expected ${vocabulary.length}, one entry per vocabulary token`);
    }
    if (this.kindsOf?.vocabulary !== vocabulary) this.kindsOf = { vocabulary, kinds: this.classify(vocabulary) };
    const kinds = this.kindsOf.kinds;
    const m = this.moves(state);
    // Index = token kind (see classify): other, root, open, word, close, end.
    const allowedKind = [false, m.openRoot, m.open, m.word, m.close, m.end];
    for (let id = 0; id < kinds.length; id++) mask[id] = allowedKind[kinds[id]!] ? 1 : 0;
    return mask;
  }

  /** Token kinds: 0 other, 1 root opening, 2 other opening, 3 `XX`, 4 `)`, 5 end. */
  private classify(vocabulary: readonly string[]): Uint8Array {
    return Uint8Array.from(vocabulary, (t) => {
      if (t === this.rootToken) return 1;
      if (this.openSet.has(t)) return 2;
      if (t === WORD_TOKEN) return 3;
      if (t === CLOSE_TOKEN) return 4;
      if (t === this.endToken) return 5;
      return 0;
    });
  }

  /** The state after writing `token`; throws a {@link DatasetError} when it is not allowed. */
  advance(state: TreeDecodingState, token: string): TreeDecodingState {
    if (!this.isAllowed(state, token)) {
      throw new DatasetError(`TreeConstraint: ${JSON.stringify(token)} may not follow ${state.length} token(s) here; expected one of ${this.describeAllowed(state)}`);
    }
    const length = state.length + 1;
    if (token === this.endToken) return { ...state, ended: true };
    if (token === WORD_TOKEN) {
      const top = state.top!;
      return { ...state, length, words: state.words + 1, needed: state.needed - 1, top: { hasWord: true, parent: top.parent } };
    }
    if (token === CLOSE_TOKEN) {
      const parent = state.top!.parent;
      return { ...state, length, depth: state.depth - 1, top: parent, closed: parent === null };
    }
    return { ...state, length, depth: state.depth + 1, needed: state.needed + 1, top: { hasWord: false, parent: state.top } };
  }

  /** The state after a whole prefix (each token checked). */
  stateAfter(prefix: readonly string[]): TreeDecodingState {
    let state = this.start();
    for (const t of prefix) state = this.advance(state, t);
    return state;
  }

  /** The tokens that may follow `prefix`. */
  allowedAfter(prefix: readonly string[]): string[] {
    return this.allowedTokens(this.stateAfter(prefix));
  }

  /** Number of tokens of every complete output, end token excluded: 3n. */
  get outputLength(): number {
    return 3 * this.length;
  }

  private describeAllowed(state: TreeDecodingState): string {
    const m = this.moves(state);
    const kinds: string[] = [];
    if (m.openRoot) kinds.push(this.rootToken);
    if (m.open) kinds.push('(relation');
    if (m.word) kinds.push(WORD_TOKEN);
    if (m.close) kinds.push(CLOSE_TOKEN);
    if (m.end) kinds.push(this.endToken);
    return kinds.length > 0 ? kinds.join(', ') : 'nothing (the output has ended)';
  }
}
