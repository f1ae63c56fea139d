/**
 * Axis ticks a reader expects: round numbers (1, 2 or 5 times a power of ten) on a linear axis,
 * powers of ten on a log axis (with 2 and 5 between them when the range is short).
 */
import { VizError } from './errors';

/** About `count` round ticks covering `[min, max]` (Heckbert 1990, "Nice numbers for graph labels"). */
export function linearTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) throw new VizError(`ticks need a finite range; got [${min}, ${max}]`);
  if (max < min) [min, max] = [max, min];
  if (max === min) return [min];
  const rough = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  const ticks: number[] = [];
  // Multiply rather than accumulate, so 0.1 * 3 prints as 0.3 after rounding below.
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

/** Ticks for a log axis over `[min, max]`, both > 0. */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max > 0)) throw new VizError(`a log axis needs positive bounds; got [${min}, ${max}]`);
  if (max < min) [min, max] = [max, min];
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  const mantissas = hi - lo <= 2 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e++) {
    for (const m of mantissas) {
      const v = Number((m * 10 ** e).toPrecision(12));
      if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) ticks.push(v);
    }
  }
  return ticks.length > 0 ? ticks : [min, max];
}

/** A tick's label: short, without float noise (`0.30000000000000004` prints as `0.3`, 20000 as `20k`). */
export function formatTick(value: number): string {
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-3)) return value.toExponential(0).replace('e+', 'e');
  if (abs >= 1e4) return `${Number((value / 1000).toPrecision(4))}k`;
  return String(Number(value.toPrecision(4)));
}
