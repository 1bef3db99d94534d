/**
 * A figure as people type it in the import template: the vi-VN way (`1.234.567`, `12,5`,
 * `1.234,5`, `1 234`) or plainly (`1234`, `12.5`). The rule, one cell at a time:
 *
 * - `,` is always the decimal mark; `.` and spaces (also no-break spaces) group thousands, in
 *   groups of exactly three digits after a first group of one to three;
 * - a single `.` that cannot be a thousands separator is a decimal point (`12.5`, `0.75`,
 *   `1234.5`): no vi-VN reading gives it another meaning;
 * - so the ambiguous `1.234` is one thousand two hundred thirty-four (vi-VN, as Excel in a
 *   Vietnamese locale shows it), and `1,234` is one point two three four, which no count takes
 *   (figures are whole numbers): an English-style thousands comma is refused with a message,
 *   never read as a guess;
 * - anything else (`1,234.5`, `1.23.4`, `1e3`, `12a`, two commas) is not a number.
 *
 * Numbers that reach us as numbers (an XLSX numeric cell) are taken as they are, not re-read.
 */

const GROUPED = /^[1-9]\d{0,2}(?:\.\d{3})+$/;
const PLAIN = /^\d+$/;

/** The number written in `text`, or null when it is blank or not a number by the rule above. */
export function readFigure(text: string): number | null {
  const s = text
    .trim()
    // a space between digits groups thousands like a dot: "1 234 567" = "1.234.567"
    .replace(/(?<=\d)[ \u00a0\u202f](?=\d{3}(?!\d))/g, '.');
  const m = /^([+-]?)(.+)$/.exec(s);
  if (!m) return null;
  const sign = m[1] === '-' ? -1 : 1;
  const body = m[2] as string;
  const comma = body.split(',');
  if (comma.length > 2) return null;
  const [whole = '', fraction] = comma;
  if (fraction !== undefined) {
    // vi-VN: a decimal comma after a plain or dot-grouped whole part
    if (!/^\d+$/.test(fraction) || !(PLAIN.test(whole) || GROUPED.test(whole))) return null;
    return sign * Number(`${whole.replaceAll('.', '')}.${fraction}`);
  }
  if (PLAIN.test(whole)) return sign * Number(whole);
  if (GROUPED.test(whole)) return sign * Number(whole.replaceAll('.', ''));
  // one dot that groups nothing: a decimal point
  if (/^\d+\.\d+$/.test(whole)) return sign * Number(whole);
  return null;
}
