/**
 * TAP inline uploads (TAP 1.1 and DALI, "UPLOAD"): `UPLOAD=name,param:field`
 * names a table and the multipart field whose VOTable holds it; the table is
 * then queryable as `TAP_UPLOAD.name`. The VOTable is read with saxes, which
 * expands no entities and fetches nothing; a DOCTYPE, nesting deeper than
 * {@link maxDepth}, more than {@link maxRows} rows, or anything that is not a
 * TABLEDATA VOTable is refused with a sentence. Uploads by URL are refused:
 * the simulator fetches nothing from elsewhere.
 */
import { SaxesParser } from "saxes"
import type * as Table from "./Table.js"

/** The deepest element nesting read in an uploaded VOTable. */
export const maxDepth = 32

/** The most rows an uploaded table may have. */
export const maxRows = 10_000

const numeric = new Set(["double", "float", "long", "int", "short", "unsignedByte"])

/** The table a VOTable holds, or a sentence saying why it cannot be read. */
const readVoTable = (name: string, document: string): Table.Table | string => {
  const parser = new SaxesParser({ xmlns: true })
  const columns: Array<Table.Column> = []
  const rows: Array<Array<Table.Value>> = []
  let depth = 0
  let row: Array<Table.Value> | undefined
  let cell: string | undefined
  let refusal: string | undefined
  const refuse = (reason: string) => {
    refusal ??= reason
  }
  parser.on("doctype", () => refuse("it has a DOCTYPE, which an upload may not have"))
  parser.on("opentag", (tag) => {
    depth++
    if (depth > maxDepth) refuse(`it nests elements more than ${maxDepth} deep`)
    switch (tag.local) {
      case "FIELD": {
        const attribute = (key: string) => tag.attributes[key]?.value
        const datatype = attribute("datatype") ?? "char"
        columns.push({
          name: (attribute("name") ?? `col${columns.length + 1}`).toLowerCase(),
          datatype: numeric.has(datatype)
            ? datatype === "double" || datatype === "float"
              ? "double"
              : "long"
            : "char",
          ...(numeric.has(datatype) ? {} : { arraysize: "*" }),
          ...(attribute("unit") === undefined ? {} : { unit: attribute("unit")! }),
          ...(attribute("ucd") === undefined ? {} : { ucd: attribute("ucd")! }),
          description: `uploaded column ${attribute("name") ?? ""}`.trim()
        })
        break
      }
      case "BINARY":
      case "BINARY2":
      case "FITS":
        refuse(`its data is ${tag.local}; upload it as TABLEDATA`)
        break
      case "TR":
        row = []
        break
      case "TD":
        cell = ""
    }
  })
  parser.on("text", (text) => {
    if (cell !== undefined) cell += text
  })
  parser.on("closetag", (tag) => {
    depth--
    if (tag.local === "TD" && row !== undefined && cell !== undefined) {
      const column = columns[row.length]
      const text = cell.trim()
      row.push(text === "" ? null : column?.datatype === "char" || column === undefined ? cell : Number(text))
      cell = undefined
    } else if (tag.local === "TR" && row !== undefined) {
      if (row.length !== columns.length)
        refuse(`row ${rows.length + 1} has ${row.length} cells for ${columns.length} fields`)
      if (rows.length >= maxRows) refuse(`it has more than ${maxRows} rows`)
      rows.push(row)
      row = undefined
    }
  })
  try {
    parser.write(document).close()
  } catch (error) {
    return `it is not well-formed XML: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`
  }
  if (refusal !== undefined) return refusal
  if (columns.length === 0) return "it has no FIELD: it is not a VOTable table"
  return {
    schema: "TAP_UPLOAD",
    name: `TAP_UPLOAD.${name}`,
    description: `uploaded as ${name}`,
    columns,
    rows
  }
}

/**
 * The tables an `UPLOAD` parameter names, read from the multipart `files`,
 * or a sentence saying which one cannot be had and why.
 */
export const read = (
  upload: string,
  files: ReadonlyMap<string, string>
): ReadonlyArray<Table.Table> | string => {
  const tables: Array<Table.Table> = []
  for (const part of upload.split(";").filter((entry) => entry.trim() !== "")) {
    const comma = part.indexOf(",")
    const name = part.slice(0, comma).trim()
    const uri = part.slice(comma + 1).trim()
    if (comma === -1 || !/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name))
      return `UPLOAD must be table-name,URI pairs separated by ; with a plain table name, not ${JSON.stringify(part.slice(0, 80))}`
    if (!uri.startsWith("param:"))
      return `UPLOAD ${name}: only inline uploads (param:field) are supported; this service fetches nothing from ${JSON.stringify(uri.slice(0, 80))}`
    const document = files.get(uri.slice("param:".length))
    if (document === undefined)
      return `UPLOAD ${name}: the request has no multipart field ${uri.slice("param:".length)}`
    const table = readVoTable(name.toLowerCase(), document)
    if (typeof table === "string") return `UPLOAD ${name} cannot be read: ${table}`
    tables.push(table)
  }
  return tables
}
