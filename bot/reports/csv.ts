// CSV for the board's spreadsheets (RFC 4180, CRLF line ends). A text cell that a spreadsheet
// would read as a formula (starting = + - @ or a control character) is prefixed with an
// apostrophe, so an exported file can never run anything when opened.
export interface CsvColumn<Row> {
  key: keyof Row & string;
  header: string;
}

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string {
  const lines = [columns.map((c) => csvCell(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c.key])).join(','));
  return lines.join('\r\n') + '\r\n';
}
