import { stringify } from 'csv-stringify/sync';

/** A CSV cell before formatting: numbers stay numbers, null and non-finite numbers become empty cells. */
export type CsvValue = string | number | boolean | null | undefined;

/**
 * First characters that make spreadsheets read a text cell as a formula. OWASP ASVS requirement
 * 1.2.10 lists `=`, `+`, `-`, `@`, tab and NUL. Carriage return is added because some spreadsheets
 * strip leading whitespace before that check.
 */
const FORMULA_START = /^[=+\-@\t\r\0]/;

/** Prefixes a text cell that a spreadsheet would evaluate as a formula with `'`, so it shows as text. */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * Formats a number without exponent, units or thousands separators. 15 significant digits is the
 * most a double carries through a decimal round trip, so `0.1 + 0.2` prints as `0.3`.
 */
export function plainNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (Number.isInteger(value) && Math.abs(value) < Number.MAX_SAFE_INTEGER) return String(value);
  return value.toLocaleString('en-US', { useGrouping: false, maximumSignificantDigits: 15 });
}

function formatCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return plainNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return neutralizeFormula(value);
}

/** Renders an RFC 4180 table: CRLF line ends, fields quoted only when they contain `,`, `"` or a line break. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvValue[]>): string {
  return stringify([header.map((name) => neutralizeFormula(name)), ...rows.map((row) => row.map(formatCell))], { record_delimiter: '\r\n' });
}

/** Normalizes a timestamp to ISO-8601 UTC (`2026-12-04T19:55:00.000Z`); leaves text that is not a date as it is. */
export function isoUtc(time: string): string {
  const parsed = new Date(time);
  return Number.isNaN(parsed.getTime()) ? time : parsed.toISOString();
}
