/**
 * Query results as CSV (RFC 4180, with a header line) or TSV (tab-separated
 * values, as IANA's text/tab-separated-values defines them), the other
 * output formats TAP services commonly offer.
 */
import type * as Query from "./Query.js"
import type * as Table from "./Table.js"

const csvField = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text)

const shown = (value: Table.Value): string => (value === null ? "" : String(value))

/** The result as CSV: a header of column names, then one line per row, CRLF-terminated. */
export const csv = (outcome: Query.Result): string =>
  [outcome.columns.map((column) => column.name), ...outcome.rows.map((row) => row.map(shown))]
    .map((fields) => `${fields.map(csvField).join(",")}\r\n`)
    .join("")

/** The result as TSV: a header, then one line per row; a tab or line break inside a value becomes a space. */
export const tsv = (outcome: Query.Result): string =>
  [outcome.columns.map((column) => column.name), ...outcome.rows.map((row) => row.map(shown))]
    .map((fields) => `${fields.map((field) => field.replace(/[\t\r\n]/g, " ")).join("\t")}\n`)
    .join("")
