/**
 * The VOSI documents of the simulated TAP service: its capabilities (with
 * the TAPRegExt `tr:TableAccess` capability: ADQL 2.0, the output formats,
 * inline upload, retention, execution duration and output limits), its
 * availability, and its tableset (VODataService), as a TAP client reads
 * them to learn what it may ask.
 */
import * as Xml from "../internal/xml.js"
import * as Format from "./Format.js"
import type * as Table from "./Table.js"

/** The `Content-Type` of the VOSI documents. */
export const contentType = "text/xml; charset=UTF-8"

/** What the capabilities document advertises. */
export interface Limits {
  /** Seconds a job is kept. */
  readonly retention: number
  /** Seconds a job may execute by default. */
  readonly executionDuration: number
  /** Rows a query returns unless MAXREC says otherwise. */
  readonly maxrec: number
  /** The most rows any query returns. */
  readonly hardLimit: number
}

const endpoint = (standardId: string, url: string): string =>
  `  <capability standardID="${standardId}">\n    <interface xsi:type="vs:ParamHTTP">\n      <accessURL use="full">${Xml.text(url)}</accessURL>\n    </interface>\n  </capability>`

/** The capabilities document of the service at `base` (e.g. `http://127.0.0.1:8080/tap`). */
export const capabilities = (base: string, limits: Limits): string => {
  const outputFormats = Format.formats
    .map((format) => {
      const ivoId =
        format.mime === "application/x-votable+xml"
          ? ' ivo-id="ivo://ivoa.net/std/TAPRegExt#output-votable-td"'
          : ""
      return `    <outputFormat${ivoId}>\n      <mime>${format.mime}</mime>\n      <alias>${format.aliases[0]}</alias>\n    </outputFormat>`
    })
    .join("\n")
  return `${Xml.declaration}<vosi:capabilities xmlns:vosi="http://www.ivoa.net/xml/VOSICapabilities/v1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:vr="http://www.ivoa.net/xml/VOResource/v1.0" xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1" xmlns:tr="http://www.ivoa.net/xml/TAPRegExt/v1.0">
  <capability standardID="ivo://ivoa.net/std/TAP" xsi:type="tr:TableAccess">
    <interface xsi:type="vs:ParamHTTP" role="std" version="1.1">
      <accessURL use="base">${Xml.text(base)}</accessURL>
    </interface>
    <language>
      <name>ADQL</name>
      <version ivo-id="ivo://ivoa.net/std/ADQL#v2.0">2.0</version>
      <description>ADQL 2.0: SELECT [TOP n] from one table, WHERE with comparisons, BETWEEN, IN, LIKE, IS NULL, CONTAINS and DISTANCE, ORDER BY</description>
      <languageFeatures type="ivo://ivoa.net/std/TAPRegExt#features-adqlgeo">
        <feature><form>POINT</form></feature>
        <feature><form>CIRCLE</form></feature>
        <feature><form>CONTAINS</form></feature>
        <feature><form>DISTANCE</form></feature>
      </languageFeatures>
    </language>
${outputFormats}
    <uploadMethod ivo-id="ivo://ivoa.net/std/TAPRegExt#upload-inline"/>
    <retentionPeriod>
      <default>${limits.retention}</default>
      <hard>${limits.retention}</hard>
    </retentionPeriod>
    <executionDuration>
      <default>${limits.executionDuration}</default>
      <hard>${limits.executionDuration}</hard>
    </executionDuration>
    <outputLimit>
      <default unit="row">${limits.maxrec}</default>
      <hard unit="row">${limits.hardLimit}</hard>
    </outputLimit>
  </capability>
${endpoint("ivo://ivoa.net/std/VOSI#capabilities", `${base}/capabilities`)}
${endpoint("ivo://ivoa.net/std/VOSI#availability", `${base}/availability`)}
${endpoint("ivo://ivoa.net/std/VOSI#tables-1.1", `${base}/tables`)}
</vosi:capabilities>
`
}

/** The availability document: up, with a note. */
export const availability = (): string =>
  `${Xml.declaration}<vosi:availability xmlns:vosi="http://www.ivoa.net/xml/VOSIAvailability/v1.0">
  <vosi:available>true</vosi:available>
  <vosi:note>The simulated TAP service is accepting queries</vosi:note>
</vosi:availability>
`

const optional = (name: string, value: string | undefined): ReadonlyArray<string> =>
  value === undefined ? [] : [`<${name}>${Xml.text(value)}</${name}>`]

const columnElement = (column: Table.Column): string =>
  [
    "<column>",
    `<name>${Xml.text(column.name)}</name>`,
    `<description>${Xml.text(column.description)}</description>`,
    ...optional("unit", column.unit),
    ...optional("ucd", column.ucd),
    `<dataType xsi:type="vs:VOTableType"${column.arraysize === undefined ? "" : ` arraysize="${column.arraysize}"`}${column.xtype === undefined ? "" : ` extendedType="${column.xtype}"`}>${column.datatype}</dataType>`,
    ...(column.indexed === true ? ["<flag>indexed</flag>"] : []),
    "</column>"
  ].join("")

const keyElement = (key: Table.Key): string =>
  `<foreignKey><targetTable>${Xml.text(key.target)}</targetTable>${key.columns
    .map(
      (pair) =>
        `<fkColumn><fromColumn>${Xml.text(pair.from)}</fromColumn><targetColumn>${Xml.text(pair.target)}</targetColumn></fkColumn>`
    )
    .join("")}<description>${Xml.text(key.description)}</description></foreignKey>`

const tableBody = (table: Table.Table, keys: ReadonlyArray<Table.Key>): string =>
  [
    `<name>${Xml.text(table.name)}</name>`,
    `<description>${Xml.text(table.description)}</description>`,
    ...table.columns.map(columnElement),
    ...keys.filter((key) => key.from === table.name).map(keyElement)
  ].join("\n      ")

/** The tableset document: every schema, table and column, with foreign keys. */
export const tableset = (
  schemas: ReadonlyArray<Table.SchemaInfo>,
  keys: ReadonlyArray<Table.Key>
): string => {
  const schemaElements = schemas.map(
    (schema) =>
      `  <schema>\n    <name>${Xml.text(schema.name)}</name>\n    <description>${Xml.text(schema.description)}</description>\n${schema.tables
        .map((table) => `    <table type="table">\n      ${tableBody(table, keys)}\n    </table>`)
        .join("\n")}\n  </schema>`
  )
  return `${Xml.declaration}<vosi:tableset xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0" xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n${schemaElements.join("\n")}\n</vosi:tableset>\n`
}

/** One table's document (VOSI 1.1 `/tables/<name>`). */
export const table = (one: Table.Table, keys: ReadonlyArray<Table.Key>): string =>
  `${Xml.declaration}<vosi:table xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0" xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" type="table">\n      ${tableBody(one, keys)}\n</vosi:table>\n`
