/**
 * Human date formats of the date-conversion task, after tfjs-examples' date-conversion-attention
 * (`date_format.js`): each writes a (year, month, day) the way people do; the task maps them all
 * to ISO 8601.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const pad2 = (n: number): string => String(n).padStart(2, '0');
const yy = (y: number): string => pad2(y % 100);
const mmm = (m: number): string => MONTHS[m - 1] as string;

/** Writers of each format, keyed by name; the example is 2015-01-23. */
export const DATE_FORMATS = {
  /** "23Jan2015" */
  DDMMMYYYY: (y: number, m: number, d: number) => `${pad2(d)}${mmm(m)}${y}`,
  /** "012315" */
  MMDDYY: (y: number, m: number, d: number) => `${pad2(m)}${pad2(d)}${yy(y)}`,
  /** "01/23/15" */
  'MM/DD/YY': (y: number, m: number, d: number) => `${pad2(m)}/${pad2(d)}/${yy(y)}`,
  /** "1/23/15" */
  'M/D/YY': (y: number, m: number, d: number) => `${m}/${d}/${yy(y)}`,
  /** "01/23/2015" */
  'MM/DD/YYYY': (y: number, m: number, d: number) => `${pad2(m)}/${pad2(d)}/${y}`,
  /** "1/23/2015" */
  'M/D/YYYY': (y: number, m: number, d: number) => `${m}/${d}/${y}`,
  /** "23-01-2015" */
  'DD-MM-YYYY': (y: number, m: number, d: number) => `${pad2(d)}-${pad2(m)}-${y}`,
  /** "23-1-2015" */
  'D-M-YYYY': (y: number, m: number, d: number) => `${d}-${m}-${y}`,
  /** "JAN 23, 15" */
  'MMM DD, YY': (y: number, m: number, d: number) => `${mmm(m).toUpperCase()} ${pad2(d)}, ${yy(y)}`,
  /** "Jan 23, 2015" */
  'Mmm DD, YYYY': (y: number, m: number, d: number) => `${mmm(m)} ${pad2(d)}, ${y}`,
  /** "23.01.2015" */
  'DD.MM.YYYY': (y: number, m: number, d: number) => `${pad2(d)}.${pad2(m)}.${y}`,
  /** "23.1.2015" */
  'D.M.YYYY': (y: number, m: number, d: number) => `${d}.${m}.${y}`,
  /** "2015.01.23" */
  'YYYY.MM.DD': (y: number, m: number, d: number) => `${y}.${pad2(m)}.${pad2(d)}`,
  /** "2015.1.23" */
  'YYYY.M.D': (y: number, m: number, d: number) => `${y}.${m}.${d}`,
  /** "20150123" */
  YYYYMMDD: (y: number, m: number, d: number) => `${y}${pad2(m)}${pad2(d)}`,
  /** "2015/01/23" */
  'YYYY/MM/DD': (y: number, m: number, d: number) => `${y}/${pad2(m)}/${pad2(d)}`,
  /** "2015-01-23" (ISO 8601, the target format) */
  'YYYY-MM-DD': (y: number, m: number, d: number) => `${y}-${pad2(m)}-${pad2(d)}`,
  /** "2015-1-23" */
  'YYYY-M-D': (y: number, m: number, d: number) => `${y}-${m}-${d}`,
} as const satisfies Record<string, (year: number, month: number, day: number) => string>;

/** Name of a format of {@link DATE_FORMATS}. */
export type DateFormat = keyof typeof DATE_FORMATS;

/** Every format name. */
export const ALL_DATE_FORMATS = Object.keys(DATE_FORMATS) as DateFormat[];

/** Whether the format writes the year with two digits (ambiguous across more than 100 years). */
export const hasTwoDigitYear = (format: DateFormat): boolean => !format.includes('YYYY');
