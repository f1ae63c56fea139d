/**
 * Human date formats of the date-conversion task, after tfjs-examples' date-conversion-attention
 * (`date_format.js`), extended with the day-month-name, ordinal and weekday forms of everyday
 * English writing ("4 July 1999", "July 4th, 1999", "the 4th of July 1999", "Sunday, 4 July 1999"):
 * each writes a (year, month, day) the way people do; the task maps them all to ISO 8601.
 *
 * Format names spell the fields: `YYYY`/`YY` year, `MM`/`M` month number (padded or not), `Mmm`
 * month abbreviation ("Jan"; `MMM` in capitals), `Mmmm` month name ("January"), `DD`/`D` day
 * number, `Do` ordinal day ("23rd"), `Dddd` weekday ("Friday"), `Ddd` its abbreviation ("Fri").
 * Numeric dates with slashes are read month first (US); with dashes or dots, day first.
 */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

const pad2 = (n: number): string => String(n).padStart(2, '0');
const yy = (y: number): string => pad2(y % 100);
/** "January" for 1. */
const mmmm = (m: number): string => MONTHS[m - 1] as string;
/** "Jan" for 1. */
const mmm = (m: number): string => mmmm(m).slice(0, 3);
/** "1st", "2nd", "3rd", "4th", ..., "11th", "12th", "13th", ..., "21st", "22nd", "23rd", ..., "31st". */
const ordinal = (d: number): string => {
  const teen = d % 100 >= 11 && d % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][d % 10] ?? 'th');
  return `${d}${suffix}`;
};
/** "Friday" for 2015-01-23 (proleptic Gregorian, as `Date`). */
const weekday = (y: number, m: number, d: number): string => WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()] as string;

/** Writers of each format, keyed by name; the example is 2015-01-23, a Friday. */
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
  /** "Jan 23, 2015" (the day padded: "Jan 04, 2015") */
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
  /** "23 January 2015" (British) */
  'D Mmmm YYYY': (y: number, m: number, d: number) => `${d} ${mmmm(m)} ${y}`,
  /** "23 Jan 2015" */
  'D Mmm YYYY': (y: number, m: number, d: number) => `${d} ${mmm(m)} ${y}`,
  /** "23-Jan-2015" (forms, spreadsheets) */
  'DD-Mmm-YYYY': (y: number, m: number, d: number) => `${pad2(d)}-${mmm(m)}-${y}`,
  /** "January 23, 2015" (American) */
  'Mmmm D, YYYY': (y: number, m: number, d: number) => `${mmmm(m)} ${d}, ${y}`,
  /** "January 23 2015" (no comma) */
  'Mmmm D YYYY': (y: number, m: number, d: number) => `${mmmm(m)} ${d} ${y}`,
  /** "Jan 23, 2015" (the day unpadded: "Jan 4, 2015") */
  'Mmm D, YYYY': (y: number, m: number, d: number) => `${mmm(m)} ${d}, ${y}`,
  /** "January 23rd, 2015" */
  'Mmmm Do, YYYY': (y: number, m: number, d: number) => `${mmmm(m)} ${ordinal(d)}, ${y}`,
  /** "23rd January 2015" */
  'Do Mmmm YYYY': (y: number, m: number, d: number) => `${ordinal(d)} ${mmmm(m)} ${y}`,
  /** "23rd Jan 2015" */
  'Do Mmm YYYY': (y: number, m: number, d: number) => `${ordinal(d)} ${mmm(m)} ${y}`,
  /** "the 23rd of January 2015" */
  'the Do of Mmmm YYYY': (y: number, m: number, d: number) => `the ${ordinal(d)} of ${mmmm(m)} ${y}`,
  /** "23rd of January 2015" */
  'Do of Mmmm YYYY': (y: number, m: number, d: number) => `${ordinal(d)} of ${mmmm(m)} ${y}`,
  /** "Friday, 23 January 2015" */
  'Dddd, D Mmmm YYYY': (y: number, m: number, d: number) => `${weekday(y, m, d)}, ${d} ${mmmm(m)} ${y}`,
  /** "Friday, January 23, 2015" */
  'Dddd, Mmmm D, YYYY': (y: number, m: number, d: number) => `${weekday(y, m, d)}, ${mmmm(m)} ${d}, ${y}`,
  /** "Friday, January 23rd, 2015" */
  'Dddd, Mmmm Do, YYYY': (y: number, m: number, d: number) => `${weekday(y, m, d)}, ${mmmm(m)} ${ordinal(d)}, ${y}`,
  /** "Fri, 23 Jan 2015" (e-mail headers, RFC 5322) */
  'Ddd, D Mmm YYYY': (y: number, m: number, d: number) => `${weekday(y, m, d).slice(0, 3)}, ${d} ${mmm(m)} ${y}`,
} as const satisfies Record<string, (year: number, month: number, day: number) => string>;

/** Name of a format of {@link DATE_FORMATS}. */
export type DateFormat = keyof typeof DATE_FORMATS;

/** Every format name. */
export const ALL_DATE_FORMATS = Object.keys(DATE_FORMATS) as DateFormat[];

/** Whether the format writes the year with two digits (ambiguous across more than 100 years). */
export const hasTwoDigitYear = (format: DateFormat): boolean => !format.includes('YYYY');
