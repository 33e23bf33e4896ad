/**
 * Runs a parsed ADQL query over the service's tables: the WHERE condition in
 * SQL's three-valued logic (a comparison with NULL is unknown), cone searches
 * on the sphere, ORDER BY, and the row limit, which is TOP or MAXREC,
 * whichever is smaller; the result overflows when MAXREC cut it short.
 */
import * as Adql from "./Adql.js"
import type * as Table from "./Table.js"

/** What a query gives: its columns, its rows, and whether MAXREC cut them short. */
export interface Result {
  readonly columns: ReadonlyArray<Table.Column>
  readonly rows: ReadonlyArray<ReadonlyArray<Table.Value>>
  readonly overflow: boolean
}

const fail = (message: string): never => {
  throw new Adql.AdqlError({ message, position: 0 })
}

const radians = (degrees: number) => (degrees * Math.PI) / 180

/** The angle between two positions, degrees (haversine, exact for small and large angles alike). */
export const separation = (ra1: number, dec1: number, ra2: number, dec2: number): number => {
  const dDec = radians(dec2 - dec1)
  const dRa = radians(ra2 - ra1)
  const h =
    Math.sin(dDec / 2) ** 2 + Math.cos(radians(dec1)) * Math.cos(radians(dec2)) * Math.sin(dRa / 2) ** 2
  return (2 * Math.asin(Math.min(1, Math.sqrt(h))) * 180) / Math.PI
}

/** Whether `op` holds between two values that compare as `order` (-1, 0, 1). */
const holds = (op: Adql.Comparison, order: number): boolean =>
  op === "="
    ? order === 0
    : op === "<>"
      ? order !== 0
      : op === "<"
        ? order < 0
        : op === "<="
          ? order <= 0
          : op === ">"
            ? order > 0
            : order >= 0

/** A value as a sentence names it. */
const shown = (value: Table.Value): string => (typeof value === "string" ? `'${value}'` : String(value))

/** The rows, columns and the table's names a query may use for it. */
const resolver = (table: Table.Table, alias: string | undefined) => {
  const short = table.name.split(".").at(-1)!.toLowerCase()
  const names = new Set([
    table.name.toLowerCase(),
    short,
    ...(alias === undefined ? [] : [alias.toLowerCase()])
  ])
  return (ref: Adql.ColumnRef): number => {
    if (ref.qualifier !== undefined && !names.has(ref.qualifier.toLowerCase()))
      fail(
        `${ref.qualifier}.${ref.name}: ${ref.qualifier} names no table in this query (the table is ${table.name}${alias === undefined ? "" : ` AS ${alias}`})`
      )
    const index = table.columns.findIndex((column) => column.name.toLowerCase() === ref.name.toLowerCase())
    if (index === -1)
      fail(
        `column ${ref.name} is not in ${table.name}; its columns are ${table.columns.map((column) => column.name).join(", ")}`
      )
    return index
  }
}

/** Runs `select` over the table `lookup` finds, at most `maxrec` rows. */
export const run = (
  select: Adql.Select,
  lookup: (name: string) => Table.Table | undefined,
  maxrec: number
): Result => {
  const table =
    lookup(select.table.name) ?? fail(`table ${select.table.name} is not in this service; see its /tables`)
  const columnIndex = resolver(table, select.table.alias)

  const numberOf = (value: Table.Value, what: string): number | null => {
    if (value === null) return null
    if (typeof value !== "number") return fail(`${what} must be a number, not ${shown(value)}`)
    return value
  }

  const value = (operand: Adql.Operand, row: ReadonlyArray<Table.Value>): Table.Value => {
    switch (operand.kind) {
      case "column":
        return row[columnIndex(operand)] ?? null
      case "number":
      case "string":
        return operand.value
      case "distance": {
        const [a, b, c, d] = [operand.from.ra, operand.from.dec, operand.to.ra, operand.to.dec].map((part) =>
          numberOf(value(part, row), "a POINT coordinate")
        )
        return a == null || b == null || c == null || d == null ? null : separation(a, b, c, d)
      }
      case "contains": {
        const [a, b, c, d, r] = [
          operand.point.ra,
          operand.point.dec,
          operand.circle.ra,
          operand.circle.dec,
          operand.circle.radius
        ].map((part) => numberOf(value(part, row), "a POINT or CIRCLE coordinate"))
        return a == null || b == null || c == null || d == null || r == null
          ? null
          : separation(a, b, c, d) <= r
            ? 1
            : 0
      }
    }
  }

  const compare = (left: Table.Value, right: Table.Value): number | null => {
    if (left === null || right === null) return null
    if (typeof left !== typeof right)
      return fail(`cannot compare ${shown(left)} with ${shown(right)}: one is a number, the other a string`)
    return left < right ? -1 : left > right ? 1 : 0
  }

  const like = (pattern: string): RegExp =>
    new RegExp(
      `^${pattern
        .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
        .replace(/%/g, ".*")
        .replace(/_/g, ".")}$`,
      "s"
    )

  /** true, false or null (unknown). */
  const test = (condition: Adql.Condition, row: ReadonlyArray<Table.Value>): boolean | null => {
    switch (condition.kind) {
      case "and": {
        const left = test(condition.left, row)
        if (left === false) return false
        const right = test(condition.right, row)
        return right === false ? false : left === null || right === null ? null : true
      }
      case "or": {
        const left = test(condition.left, row)
        if (left === true) return true
        const right = test(condition.right, row)
        return right === true ? true : left === null || right === null ? null : false
      }
      case "not": {
        const inner = test(condition.condition, row)
        return inner === null ? null : !inner
      }
      case "compare": {
        const order = compare(value(condition.left, row), value(condition.right, row))
        return order === null ? null : holds(condition.op, order)
      }
      case "between": {
        const subject = value(condition.operand, row)
        const low = compare(subject, value(condition.low, row))
        const high = compare(subject, value(condition.high, row))
        if (low === null || high === null) return null
        return (low >= 0 && high <= 0) !== condition.negated
      }
      case "in": {
        const subject = value(condition.operand, row)
        if (subject === null) return null
        const found = condition.values.some((candidate) => compare(subject, value(candidate, row)) === 0)
        return found !== condition.negated
      }
      case "like": {
        const subject = value(condition.operand, row)
        if (subject === null) return null
        if (typeof subject !== "string") return fail(`LIKE needs a string, not ${shown(subject)}`)
        return like(condition.pattern).test(subject) !== condition.negated
      }
      case "isNull":
        return (value(condition.operand, row) === null) !== condition.negated
    }
  }

  const matched =
    select.where === undefined
      ? [...table.rows]
      : table.rows.filter((row) => test(select.where!, row) === true)

  if (select.items !== "*" && select.items.some((item) => item.kind === "countAll")) {
    if (select.items.length !== 1)
      fail("COUNT(*) cannot be selected with other columns: this service has no GROUP BY")
    const [item] = select.items
    return {
      columns: [
        {
          name: item!.alias ?? "count",
          datatype: "long",
          ucd: "meta.number",
          description: "the number of rows"
        }
      ],
      rows: [[matched.length]],
      overflow: false
    }
  }

  const items =
    select.items === "*"
      ? table.columns.map((column) => ({
          column,
          value: { kind: "column", qualifier: undefined, name: column.name } as Adql.Operand
        }))
      : select.items.map((item, index) => {
          if (item.kind === "countAll") return fail("COUNT(*) cannot be selected with other columns")
          const operand = item.value
          const base: Table.Column =
            operand.kind === "column"
              ? table.columns[columnIndex(operand)]!
              : operand.kind === "distance"
                ? {
                    name: "distance",
                    datatype: "double",
                    unit: "deg",
                    ucd: "pos.angDistance",
                    description: "angular distance"
                  }
                : operand.kind === "contains"
                  ? { name: "contains", datatype: "int", description: "1 when the point is in the circle" }
                  : operand.kind === "number"
                    ? { name: `col${index + 1}`, datatype: "double", description: "a constant" }
                    : { name: `col${index + 1}`, datatype: "char", arraysize: "*", description: "a constant" }
          return { column: item.alias === undefined ? base : { ...base, name: item.alias }, value: operand }
        })

  const keyOf = (order: Adql.OrderKey): ((row: ReadonlyArray<Table.Value>) => Table.Value) => {
    if (typeof order.key === "number") {
      const item =
        items[order.key - 1] ?? fail(`ORDER BY ${order.key}: the select list has ${items.length} columns`)
      return (row) => value(item.value, row)
    }
    const ref = order.key
    const aliased =
      ref.qualifier === undefined
        ? items.find((item) => item.column.name.toLowerCase() === ref.name.toLowerCase())
        : undefined
    if (aliased !== undefined) return (row) => value(aliased.value, row)
    const index = columnIndex(ref)
    return (row) => row[index] ?? null
  }
  const keys = select.orderBy.map((order) => ({ get: keyOf(order), descending: order.descending }))
  if (keys.length > 0)
    matched.sort((a, b) => {
      for (const key of keys) {
        const left = key.get(a)
        const right = key.get(b)
        // NULLs last when ascending, first when descending, as PostgreSQL sorts them.
        const order =
          left === null ? (right === null ? 0 : 1) : right === null ? -1 : (compare(left, right) ?? 0)
        if (order !== 0) return key.descending ? -order : order
      }
      return 0
    })

  const limit = Math.min(select.top ?? Number.POSITIVE_INFINITY, maxrec)
  const kept = matched.slice(0, limit)
  return {
    columns: items.map((item) => item.column),
    rows: kept.map((row) => items.map((item) => value(item.value, row))),
    overflow: matched.length > kept.length && (select.top === undefined || select.top > maxrec)
  }
}
