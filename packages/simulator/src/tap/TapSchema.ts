/**
 * `TAP_SCHEMA` (TAP 1.1, "Metadata: TAP_SCHEMA"): the service describing its own schemas, tables,
 * columns and foreign keys as tables a client can query with ADQL, itself
 * included.
 */
import type * as Table from "./Table.js"

const text = (name: string, description: string, principal = true): Table.Column => ({
  name,
  datatype: "char",
  arraysize: "*",
  description,
  principal
})

const integer = (name: string, description: string): Table.Column => ({ name, datatype: "int", description })

const columnsOf = {
  schemas: [
    text("schema_name", "schema name for reference to TAP_SCHEMA.schemas"),
    text("utype", "lists the utypes of schemas in the tableset", false),
    text("description", "describes schemas in the tableset"),
    integer("schema_index", "recommended sort order when listing schemas")
  ],
  tables: [
    text("schema_name", "the schema this table belongs to"),
    text("table_name", "the fully qualified table name"),
    text("table_type", "one of: table view"),
    text("utype", "lists the utype of tables in the tableset", false),
    text("description", "describes tables in the tableset"),
    integer("table_index", "recommended sort order when listing tables")
  ],
  columns: [
    text("table_name", "the table this column belongs to"),
    text("column_name", "the column name"),
    text("utype", "lists the utypes of columns in the tableset", false),
    text("ucd", "the UCD of column values"),
    text("unit", "the unit of column values in VOUnits"),
    text("description", "describes the columns in the tableset"),
    text("datatype", "lists the ADQL datatype of columns in the tableset"),
    text("arraysize", "lists the size of variable-length columns in the tableset"),
    text("xtype", "a DALI or custom extended type annotation"),
    integer("size", "deprecated: use arraysize"),
    integer("principal", "a principal column; 1 means 1, 0 means 0"),
    integer("indexed", "an indexed column; 1 means 1, 0 means 0"),
    integer("std", "a standard column; 1 means 1, 0 means 0"),
    integer("column_index", "recommended sort order when listing columns")
  ],
  keys: [
    text("key_id", "unique key identifier"),
    text("from_table", "fully qualified table name"),
    text("target_table", "fully qualified table name"),
    text("utype", "lists the utype of keys in the tableset", false),
    text("description", "describes keys in the tableset")
  ],
  key_columns: [
    text("key_id", "unique key identifier"),
    text("from_column", "key column name in the from_table"),
    text("target_column", "key column name in the target_table")
  ]
} satisfies Record<string, ReadonlyArray<Table.Column>>

const descriptions: Record<keyof typeof columnsOf, string> = {
  schemas: "description of schemas in this tableset",
  tables: "description of tables in this tableset",
  columns: "description of columns in this tableset",
  keys: "description of foreign keys in this tableset",
  key_columns: "description of foreign key columns in this tableset"
}

const names = Object.keys(columnsOf) as Array<keyof typeof columnsOf>

/** The foreign keys of TAP_SCHEMA itself: each table naming the table or schema it belongs to. */
export const keysOf: ReadonlyArray<Table.Key> = [
  {
    id: "tables_schema",
    from: "TAP_SCHEMA.tables",
    target: "TAP_SCHEMA.schemas",
    columns: [{ from: "schema_name", target: "schema_name" }],
    description: "the schema a table belongs to"
  },
  {
    id: "columns_table",
    from: "TAP_SCHEMA.columns",
    target: "TAP_SCHEMA.tables",
    columns: [{ from: "table_name", target: "table_name" }],
    description: "the table a column belongs to"
  },
  {
    id: "keys_from",
    from: "TAP_SCHEMA.keys",
    target: "TAP_SCHEMA.tables",
    columns: [{ from: "from_table", target: "table_name" }],
    description: "the table a key starts from"
  },
  {
    id: "key_columns_key",
    from: "TAP_SCHEMA.key_columns",
    target: "TAP_SCHEMA.keys",
    columns: [{ from: "key_id", target: "key_id" }],
    description: "the key a column pair belongs to"
  }
]

const schemaDescription = "a description of the tables in this TAP service"

/** TAP_SCHEMA describing `schemas` (and itself), with `keys` (and its own). */
export const make = (
  schemas: ReadonlyArray<Table.SchemaInfo>,
  keys: ReadonlyArray<Table.Key>
): Table.SchemaInfo => {
  const shape = (
    rows: Partial<Record<keyof typeof columnsOf, ReadonlyArray<ReadonlyArray<Table.Value>>>>
  ) => ({
    name: "TAP_SCHEMA",
    description: schemaDescription,
    tables: names.map((name) => ({
      schema: "TAP_SCHEMA",
      name: `TAP_SCHEMA.${name}`,
      description: descriptions[name],
      columns: columnsOf[name],
      rows: rows[name] ?? []
    }))
  })
  const all = [shape({}), ...schemas]
  const allKeys = [...keysOf, ...keys]
  const tables = all.flatMap((schema) => schema.tables)
  return shape({
    schemas: all.map((schema, index) => [schema.name, null, schema.description, index]),
    tables: tables.map((table, index) => [table.schema, table.name, "table", null, table.description, index]),
    columns: tables.flatMap((table) =>
      table.columns.map((column, index) => [
        table.name,
        column.name,
        null,
        column.ucd ?? null,
        column.unit ?? null,
        column.description,
        column.datatype,
        column.arraysize ?? null,
        column.xtype ?? null,
        null,
        column.principal === true ? 1 : 0,
        column.indexed === true ? 1 : 0,
        table.schema === "TAP_SCHEMA" ? 1 : 0,
        index
      ])
    ),
    keys: allKeys.map((key) => [key.id, key.from, key.target, null, key.description]),
    key_columns: allKeys.flatMap((key) => key.columns.map((pair) => [key.id, pair.from, pair.target]))
  })
}
