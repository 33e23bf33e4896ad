/**
 * Tables as a TAP service holds them: columns with the metadata TAP_SCHEMA,
 * VOSI and VOTable publish (VOTable datatype, unit, UCD, description), and
 * rows of plain values.
 */

/** A VOTable datatype of a column this service has. */
export type Datatype = "double" | "long" | "int" | "char"

/** One value of a row: a number, a string, or null. */
export type Value = number | string | null

/** A column and what is published about it. */
export interface Column {
  /** Lower case, as ADQL reads an unquoted name. */
  readonly name: string
  readonly datatype: Datatype
  /** `*` for a variable-length string. */
  readonly arraysize?: string
  /** `timestamp` for an ISO 8601 date-time string. */
  readonly xtype?: string
  readonly unit?: string
  readonly ucd?: string
  readonly description: string
  /** Whether the column is indexed (worth constraining on). */
  readonly indexed?: boolean
  /** Whether it is one of the columns a person wants first. */
  readonly principal?: boolean
}

/** A foreign key: columns of one table naming rows of another. */
export interface Key {
  readonly id: string
  readonly from: string
  readonly target: string
  readonly columns: ReadonlyArray<{ readonly from: string; readonly target: string }>
  readonly description: string
}

/** A table: its schema, its qualified name (`swift.xrt_sources`), its columns and rows. */
export interface Table {
  readonly schema: string
  readonly name: string
  readonly description: string
  readonly columns: ReadonlyArray<Column>
  readonly rows: ReadonlyArray<ReadonlyArray<Value>>
}

/** A schema: its name, description and tables. */
export interface SchemaInfo {
  readonly name: string
  readonly description: string
  readonly tables: ReadonlyArray<Table>
}
