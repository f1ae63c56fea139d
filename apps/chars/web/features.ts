/**
 * Features of a text a unit may track (Karpathy, Johnson and Fei-Fei 2015, "Visualizing and
 * understanding recurrent networks": cells that follow quotes, line length, brackets), one value
 * per character, and the units whose activation correlates best with a feature (Pearson's r).
 * Plain arrays, no tensors: the page runs this on the activations the worker sends.
 */

/** The features the page offers. */
export type FeatureName = 'quotes' | 'parentheses' | 'line-position' | 'after-newline';

/** Label and description of each feature, in the page's order. */
export const FEATURES: Readonly<Record<FeatureName, { label: string; description: string }>> = {
  quotes: { label: 'inside quotes', description: '1 from an opening " to its closing ", else 0' },
  parentheses: { label: 'inside parentheses', description: 'how many ( are open' },
  'line-position': { label: 'position in line', description: 'characters since the last line break' },
  'after-newline': { label: 'after a newline', description: '1 on the first character of a line, else 0' },
};

/** One value per character of `chars` (as the model reads them: one string per character). */
export function featureValues(chars: readonly string[], feature: FeatureName): number[] {
  const out: number[] = [];
  let quoted = false;
  let depth = 0;
  let column = 0;
  let previous = '\n';
  for (const c of chars) {
    switch (feature) {
      case 'quotes':
        // The quote characters themselves count as inside: the unit's state after reading an
        // opening quote is "inside", after a closing one still the quote's.
        if (c === '"') {
          out.push(1);
          quoted = !quoted;
        } else out.push(quoted ? 1 : 0);
        break;
      case 'parentheses':
        if (c === '(') depth += 1;
        out.push(depth);
        if (c === ')') depth = Math.max(0, depth - 1);
        break;
      case 'line-position':
        out.push(c === '\n' ? 0 : column);
        column = c === '\n' ? 0 : column + 1;
        break;
      case 'after-newline':
        out.push(previous === '\n' ? 1 : 0);
        break;
    }
    previous = c;
  }
  return out;
}

/** Pearson's correlation of two equally long series; 0 when either is constant. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (n !== b.length) throw new Error(`correlation: the series have ${a.length} and ${b.length} values; expected equal lengths`);
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** A unit and how well it tracks a feature. */
export interface UnitMatch {
  unit: number;
  /** Pearson's r of the unit's activation with the feature (sign: up or down with it). */
  r: number;
}

/**
 * The `count` units whose activation (`h[t][unit]`, one row per character) correlates most
 * strongly with `feature` (by |r|), strongest first.
 */
export function bestUnits(h: readonly (readonly number[])[], feature: readonly number[], count = 5): UnitMatch[] {
  if (h.length !== feature.length) throw new Error(`bestUnits: ${h.length} rows of activations and ${feature.length} feature values; expected one row per character`);
  const units = h[0]?.length ?? 0;
  const matches: UnitMatch[] = [];
  for (let u = 0; u < units; u++) matches.push({ unit: u, r: correlation(h.map((row) => row[u]!), feature) });
  return matches.sort((x, y) => Math.abs(y.r) - Math.abs(x.r) || x.unit - y.unit).slice(0, count);
}
