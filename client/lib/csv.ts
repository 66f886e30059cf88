// One CSV cell as a spreadsheet will read it, for every CSV Voz writes (the analyst's dataset,
// the public results): the text can never become a formula on the reader's machine.

/**
 * RFC 4180 quoting, and a text that a spreadsheet would run as a formula (=, +, -, @, tab or
 * carriage return first: OWASP "CSV injection"; a bin category "-5-0" evaluates to -5) gets a
 * leading apostrophe. Numbers are written as numbers.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
