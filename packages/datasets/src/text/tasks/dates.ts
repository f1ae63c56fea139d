/**
 * Date-format conversion (tfjs-examples' date-conversion-attention): a date written in one of
 * many human formats -> the same date in ISO 8601. A character-level task that needs attention
 * to find the day, month and year wherever each format puts them.
 */
import { DatasetError, checkInteger } from '../errors';
import { randomBelow } from '../random';
import { ALL_DATE_FORMATS, DATE_FORMATS, type DateFormat, hasTwoDigitYear } from './date-formats';
import type { PairSampler } from './sampler';

/** Options of {@link dateTask}. */
export interface DateTaskConfig {
  /**
   * First year drawn. Default 1950. With the default 1950..2049 a two-digit year names exactly
   * one date (50..99 -> 19xx, 00..49 -> 20xx).
   */
  minYear: number;
  /** Last year drawn, inclusive. Default 2049. */
  maxYear: number;
  /** Input formats, drawn uniformly. Default: all of {@link DATE_FORMATS}. */
  formats: readonly DateFormat[];
}

const DAY_MS = 86_400_000;

/**
 * Sampler of date conversions: a uniform day in `[minYear-01-01, maxYear-12-31]` written in a
 * uniform format -> "YYYY-MM-DD". Throws a {@link DatasetError} for an unknown format, or when
 * a two-digit-year format would make the source ambiguous (a range of more than 100 years).
 *
 * @example
 * generatePairs(dateTask(), 2, 7); // e.g. [{ source: '23Jan2015', target: '2015-01-23' }, ...]
 */
export function dateTask(config: Partial<DateTaskConfig> = {}): PairSampler {
  const fn = 'dateTask';
  const minYear = checkInteger(config.minYear ?? 1950, 'minYear', fn, 1000, 9999);
  const maxYear = checkInteger(config.maxYear ?? 2049, 'maxYear', fn, minYear, 9999);
  const formats = [...(config.formats ?? ALL_DATE_FORMATS)];
  if (formats.length === 0) throw new DatasetError(`${fn}: 'formats' must name at least one format`);
  for (const f of formats) {
    if (!Object.hasOwn(DATE_FORMATS, f)) throw new DatasetError(`${fn}: unknown format ${JSON.stringify(f)}; known: ${ALL_DATE_FORMATS.join(', ')}`);
    if (hasTwoDigitYear(f) && maxYear - minYear >= 100) {
      throw new DatasetError(`${fn}: format '${f}' writes a two-digit year, ambiguous over ${minYear}..${maxYear}; keep the range within 100 years or leave it out`);
    }
  }
  const first = Date.UTC(minYear, 0, 1) / DAY_MS;
  const days = Date.UTC(maxYear, 11, 31) / DAY_MS - first + 1;
  return (random) => {
    const date = new Date((first + randomBelow(random, days)) * DAY_MS);
    const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    const format = formats[randomBelow(random, formats.length)] as DateFormat;
    return { source: DATE_FORMATS[format](y, m, d), target: DATE_FORMATS['YYYY-MM-DD'](y, m, d) };
  };
}
