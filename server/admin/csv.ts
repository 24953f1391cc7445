/**
 * CSV encoding for exports opened in spreadsheets (RFC 4180, UTF-8 with a byte-order mark).
 *
 * Spreadsheet formula injection: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
 * return may be run as a formula by Excel or LibreOffice, so such text cells get a leading `'`
 * (OWASP's advice), which makes the application show the text as typed.
 *
 * Spreadsheets in many locales split on `;` rather than `,`, and read a quote in the middle of a
 * field literally: a quoted `x;=1+1` inside a comma row then becomes the cells `…"x` and `=1+1`.
 * So a separator of either kind followed by a formula character gets the same `'`, and cells
 * with either separator are quoted.
 */

/** Excel reads a UTF-8 file as the local code page unless it starts with this mark. */
export const CSV_BOM = "\uFEFF";
export const CSV_EOL = "\r\n";

const FORMULA_START = /^[=+\-@\t\r]/;
const FORMULA_AFTER_SEPARATOR = /([,;])(?=[=+\-@\t\r])/g;
const NEEDS_QUOTES = /[",;\r\n]/;

/** Text no spreadsheet can run, whichever separator it splits on. */
function inert(text: string): string {
  const guarded = text.replace(FORMULA_AFTER_SEPARATOR, "$1'");
  return FORMULA_START.test(guarded) ? `'${guarded}` : guarded;
}

export type CsvValue = string | number | boolean | Date | null | undefined | Record<string, unknown> | unknown[];

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (typeof value === "string") text = inert(value);
  else if (typeof value === "number") text = Number.isFinite(value) ? String(value) : "";
  else if (typeof value === "boolean") text = value ? "true" : "false";
  else if (value instanceof Date) text = value.toISOString();
  else {
    // JSON starts with `{` or `[`, but a bare JSON string could start with anything: guard it too.
    text = inert(JSON.stringify(value));
  }
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(",") + CSV_EOL;
}
