/**
 * Query results as VOTable 1.4 documents (TABLEDATA), the way TAP services
 * send them (DALI and TAP 1.1 on results and errors): a `RESOURCE type="results"` whose
 * `INFO name="QUERY_STATUS"` says OK before the table, and OVERFLOW after it
 * when MAXREC cut the rows short; an error is the same document with
 * `QUERY_STATUS` ERROR and the message as the INFO's content.
 */
import * as Xml from "../internal/xml.js"
import type * as Query from "./Query.js"
import type * as Table from "./Table.js"

/** The namespace of VOTable 1.3 and 1.4 documents. */
export const namespace = "http://www.ivoa.net/xml/VOTable/v1.3"

/** The `Content-Type` of a VOTable. */
export const contentType = "application/x-votable+xml"

const open = `${Xml.declaration}<VOTABLE version="1.4" xmlns="${namespace}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n<RESOURCE type="results">\n`
const close = "</RESOURCE>\n</VOTABLE>\n"

const field = (column: Table.Column): string => {
  const attributes = [
    `name="${Xml.attribute(column.name)}"`,
    `datatype="${column.datatype}"`,
    ...(column.arraysize === undefined ? [] : [`arraysize="${column.arraysize}"`]),
    ...(column.xtype === undefined ? [] : [`xtype="${column.xtype}"`]),
    ...(column.unit === undefined ? [] : [`unit="${Xml.attribute(column.unit)}"`]),
    ...(column.ucd === undefined ? [] : [`ucd="${Xml.attribute(column.ucd)}"`])
  ]
  return `<FIELD ${attributes.join(" ")}><DESCRIPTION>${Xml.text(column.description)}</DESCRIPTION></FIELD>`
}

/** A cell: empty for NULL (as VOTable 1.3 allows), numbers as JavaScript writes them (shortest round-trip form). */
const cell = (value: Table.Value): string =>
  value === null ? "<TD/>" : `<TD>${Xml.text(typeof value === "number" ? String(value) : value)}</TD>`

/** A query's result as a VOTable. */
export const result = (outcome: Query.Result, query: string): string => {
  const rows = outcome.rows.map((row) => `<TR>${row.map(cell).join("")}</TR>`).join("\n")
  return [
    open,
    '<INFO name="QUERY_STATUS" value="OK"/>\n',
    `<INFO name="QUERY" value="${Xml.attribute(query)}"/>\n`,
    "<TABLE>\n",
    outcome.columns.map(field).join("\n"),
    "\n<DATA><TABLEDATA>\n",
    rows,
    rows === "" ? "" : "\n",
    "</TABLEDATA></DATA>\n</TABLE>\n",
    outcome.overflow ? '<INFO name="QUERY_STATUS" value="OVERFLOW"/>\n' : "",
    close
  ].join("")
}

/** An error document: QUERY_STATUS ERROR with the message. */
export const error = (message: string): string =>
  `${open}<INFO name="QUERY_STATUS" value="ERROR">${Xml.text(message)}</INFO>\n${close}`
