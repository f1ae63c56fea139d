/**
 * Output rules as host-side masks (see {@link PointerOutputRules}). One tracker per output row
 * answers "which pointer positions may come next"; the teacher-forced and the step forms build
 * their masks from the same tracker, so the two forms agree and decoding only ever produces valid
 * outputs (permutations for TSP, hulls without repeats, whole triangles for Delaunay).
 *
 * Pointer positions: with an end slot (`variableLength`) position 0 is the end and input point i
 * is position i + 1; without one, input point i is position i.
 */
import type { PointerOutputRules } from './config';

/** Validity state of one output row; immutable (every push returns a new tracker). */
export class OutputTracker {
  private constructor(
    readonly rules: PointerOutputRules,
    /** Real points of this row. */
    readonly n: number,
    /** Pointer positions of the batch (`maxN + offset`). */
    readonly positions: number,
    /** 1 where the position was pointed at (no-repeat rule). */
    readonly used: Uint8Array,
    /** Positions pointed at in the current group. */
    readonly group: readonly number[],
    /** Outputs so far (the end slot not counted). */
    readonly count: number,
    /** Whether the end slot was pointed at. */
    readonly done: boolean,
    /** Completed groups (sorted positions joined by ','), which may not be output again. */
    readonly groups: ReadonlySet<string> = new Set(),
  ) {}

  /** A tracker before the first output, for a row of `n` points in a batch of `positions` pointer positions. */
  static start(rules: PointerOutputRules, n: number, positions: number): OutputTracker {
    return new OutputTracker(rules, n, positions, new Uint8Array(positions), [], 0, false);
  }

  /** Offset of input point 0 in pointer positions (1 with an end slot). */
  get offset(): number {
    return this.rules.variableLength ? 1 : 0;
  }

  /** The tracker after pointing at `position`. */
  push(position: number): OutputTracker {
    if (this.done) return this;
    if (this.rules.variableLength && position === 0) {
      return new OutputTracker(this.rules, this.n, this.positions, this.used, [], this.count, true, this.groups);
    }
    const used = this.rules.noRepeat ? this.used.slice() : this.used;
    if (this.rules.noRepeat && position >= 0 && position < used.length) used[position] = 1;
    const g = this.rules.groupSize;
    const group = g > 1 && this.group.length + 1 < g ? [...this.group, position] : [];
    let groups = this.groups;
    if (g > 1 && this.group.length + 1 === g) groups = new Set(groups).add(groupKey([...this.group, position]));
    return new OutputTracker(this.rules, this.n, this.positions, used, group, this.count + 1, false, groups);
  }

  /**
   * Writes 1 into `out` (length `positions`, from `offset`) at every position that may not come
   * next, 0 elsewhere. Padding positions are left 0 (the pointer's padding mask covers them).
   * A finished row, or one with nothing left, masks nothing (its outputs are ignored).
   */
  writeMask(out: Float32Array, at = 0): void {
    const { rules, n, offset } = this;
    const row = out.subarray(at, at + this.positions);
    row.fill(0);
    if (this.done) return;
    if (!rules.variableLength && this.count >= n) {
      // A finished tour in a batch of longer ones: force position 0 so its later steps cost log 1 = 0.
      row.fill(1);
      row[0] = 0;
      return;
    }
    const first = rules.firstOutput;
    if (this.count === 0 && first !== null && first < n) {
      row.fill(1, 0, n + offset);
      row[first + offset] = 0;
      return;
    }
    let free = 0;
    const closing = rules.groupSize > 1 && this.group.length === rules.groupSize - 1 && this.groups.size > 0;
    for (let j = offset; j < n + offset; j++) {
      if (rules.noRepeat && this.used[j]) row[j] = 1;
      else if (this.group.includes(j)) row[j] = 1;
      else if (closing && this.groups.has(groupKey([...this.group, j]))) row[j] = 1; // a group already output
      else free++;
    }
    if (rules.variableLength) {
      const endOk = this.count >= rules.minOutputs && this.group.length === 0;
      // The end slot is the only way out once nothing else is left.
      row[0] = endOk || free === 0 ? 0 : 1;
      if (row[0] === 0) free++;
    }
    if (free === 0) row.fill(0);
  }
}

function groupKey(positions: readonly number[]): string {
  return [...positions].sort((a, b) => a - b).join(',');
}

/**
 * Rule masks of teacher forcing: entry `[b, s, j]` is 1 when position j may not come at step s
 * after `targets[b, 0..s-1]`. Steps at or beyond a row's target length mask nothing.
 * @param targets `[batch * time]` pointer positions, row-major.
 * @returns `[batch * time * positions]` 0/1.
 */
export function teacherForcingMasks(
  rules: PointerOutputRules,
  targets: Int32Array,
  targetLengths: Int32Array,
  pointLengths: Int32Array,
  time: number,
  positions: number,
): Float32Array {
  const batch = targetLengths.length;
  const out = new Float32Array(batch * time * positions);
  for (let b = 0; b < batch; b++) {
    let tracker = OutputTracker.start(rules, pointLengths[b]!, positions);
    for (let s = 0; s < targetLengths[b]!; s++) {
      const at = (b * time + s) * positions;
      const target = targets[b * time + s]!;
      tracker.writeMask(out, at);
      out[at + target] = 0; // never mask the gold output (degenerate inputs may break a rule)
      tracker = tracker.push(target);
    }
  }
  return out;
}
