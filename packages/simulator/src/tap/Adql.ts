/**
 * A parser for the subset of ADQL 2.0 the simulated TAP service runs:
 *
 * ```text
 * SELECT [TOP n] * | COUNT(*) | column [[AS] alias], …
 * FROM table [[AS] alias]
 * [WHERE condition]            -- AND, OR, NOT, ( ), = != <> < <= > >=, BETWEEN, IN, LIKE,
 *                              -- IS [NOT] NULL, CONTAINS(POINT, CIRCLE) = 1, DISTANCE(POINT, POINT)
 * [ORDER BY column | n [ASC | DESC], …]
 * ```
 *
 * Anything else (joins, GROUP BY, subqueries, arithmetic…) is an
 * {@link AdqlError} that says what, and where, as a TAP service reports it.
 */
import * as Schema from "effect/Schema"

/** A query this service cannot run: not ADQL, or ADQL beyond its subset. */
export class AdqlError extends Schema.TaggedError<AdqlError>()("AdqlError", {
  message: Schema.String,
  /** Where in the query, from 1; 0 when the query as a whole is at fault. */
  position: Schema.Number
}) {}

/** A column as a query names it: optionally qualified (`s.ra`), lower-cased unless quoted. */
export interface ColumnRef {
  readonly kind: "column"
  readonly qualifier: string | undefined
  readonly name: string
}

/** A value in a condition or a select list. */
export type Operand =
  | ColumnRef
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "distance"; readonly from: Point; readonly to: Point }
  | { readonly kind: "contains"; readonly point: Point; readonly circle: Circle }

/** `POINT('ICRS', ra, dec)`. */
export interface Point {
  readonly ra: Operand
  readonly dec: Operand
}

/** `CIRCLE('ICRS', ra, dec, radius)`, all in degrees. */
export interface Circle extends Point {
  readonly radius: Operand
}

/** A comparison operator. */
export type Comparison = "=" | "<>" | "<" | "<=" | ">" | ">="

/** A WHERE condition. */
export type Condition =
  | { readonly kind: "and" | "or"; readonly left: Condition; readonly right: Condition }
  | { readonly kind: "not"; readonly condition: Condition }
  | { readonly kind: "compare"; readonly op: Comparison; readonly left: Operand; readonly right: Operand }
  | {
      readonly kind: "between"
      readonly operand: Operand
      readonly low: Operand
      readonly high: Operand
      readonly negated: boolean
    }
  | {
      readonly kind: "in"
      readonly operand: Operand
      readonly values: ReadonlyArray<Operand>
      readonly negated: boolean
    }
  | { readonly kind: "like"; readonly operand: Operand; readonly pattern: string; readonly negated: boolean }
  | { readonly kind: "isNull"; readonly operand: Operand; readonly negated: boolean }

/** One item of the select list. */
export type SelectItem =
  | { readonly kind: "value"; readonly value: Operand; readonly alias: string | undefined }
  | { readonly kind: "countAll"; readonly alias: string | undefined }

/** One ORDER BY key: a column (or alias), or a 1-based position in the select list. */
export interface OrderKey {
  readonly key: ColumnRef | number
  readonly descending: boolean
}

/** A parsed query. */
export interface Select {
  readonly top: number | undefined
  /** `*`, or the items in order. */
  readonly items: "*" | ReadonlyArray<SelectItem>
  /** The table as written, e.g. `swift.xrt_sources`, and its alias. */
  readonly table: { readonly name: string; readonly alias: string | undefined }
  readonly where: Condition | undefined
  readonly orderBy: ReadonlyArray<OrderKey>
}

type Token =
  | { readonly kind: "word"; readonly text: string; readonly upper: string; readonly at: number }
  | { readonly kind: "quoted"; readonly text: string; readonly at: number }
  | { readonly kind: "string"; readonly text: string; readonly at: number }
  | { readonly kind: "number"; readonly value: number; readonly text: string; readonly at: number }
  | { readonly kind: "symbol"; readonly text: string; readonly at: number }
  | { readonly kind: "end"; readonly at: number }

/** The longest query read, in characters. */
export const maxLength = 100_000

/** The deepest nesting of parentheses and functions read: deeper is refused, not a stack overflow. */
export const maxDepth = 64

const symbols = ["<=", ">=", "<>", "!=", "=", "<", ">", "(", ")", ",", "*", ".", "+", "-", "/", "||", ";"]

const tokenize = (query: string): ReadonlyArray<Token> => {
  const tokens: Array<Token> = []
  let index = 0
  const fail = (message: string, at: number): never => {
    throw new AdqlError({ message, position: at + 1 })
  }
  while (index < query.length) {
    const char = query[index]!
    if (/\s/.test(char)) {
      index++
      continue
    }
    if (query.startsWith("--", index)) {
      const end = query.indexOf("\n", index)
      index = end === -1 ? query.length : end + 1
      continue
    }
    const at = index
    if (/[A-Za-z_]/.test(char)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(query.slice(index))!
      index += match[0].length
      tokens.push({ kind: "word", text: match[0], upper: match[0].toUpperCase(), at })
    } else if (/[0-9]/.test(char) || (char === "." && /[0-9]/.test(query[index + 1] ?? ""))) {
      const match = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(query.slice(index))!
      index += match[0].length
      tokens.push({ kind: "number", value: Number(match[0]), text: match[0], at })
    } else if (char === "'" || char === '"') {
      let text = ""
      index++
      for (;;) {
        if (index >= query.length)
          fail(
            char === "'"
              ? "a string is not closed: a ' is missing"
              : 'a quoted name is not closed: a " is missing',
            at
          )
        if (query[index] === char) {
          if (query[index + 1] === char) {
            text += char
            index += 2
            continue
          }
          index++
          break
        }
        text += query[index]
        index++
      }
      tokens.push(char === "'" ? { kind: "string", text, at } : { kind: "quoted", text, at })
    } else {
      const symbol = symbols.find((candidate) => query.startsWith(candidate, index))
      if (symbol === undefined) fail(`unexpected character ${JSON.stringify(char)}`, at)
      index += symbol!.length
      tokens.push({ kind: "symbol", text: symbol!, at })
    }
  }
  tokens.push({ kind: "end", at: query.length })
  return tokens
}

/** Words this service reads as ADQL it does not support, with what to say. */
const unsupported: Record<string, string> = {
  JOIN: "joins are not supported by this service; query one table",
  NATURAL: "joins are not supported by this service; query one table",
  INNER: "joins are not supported by this service; query one table",
  LEFT: "joins are not supported by this service; query one table",
  GROUP: "GROUP BY is not supported by this service",
  HAVING: "HAVING is not supported by this service",
  UNION: "UNION is not supported by this service",
  INTERSECT: "INTERSECT is not supported by this service",
  EXCEPT: "EXCEPT is not supported by this service",
  DISTINCT: "SELECT DISTINCT is not supported by this service",
  OFFSET: "OFFSET is not supported by this service",
  LIMIT: "LIMIT is not ADQL: use SELECT TOP n",
  WITH: "WITH (common table expressions) is not supported by this service"
}

const reserved = new Set([
  "SELECT",
  "TOP",
  "FROM",
  "WHERE",
  "ORDER",
  "BY",
  "AND",
  "OR",
  "NOT",
  "AS",
  "ASC",
  "DESC",
  "BETWEEN",
  "IN",
  "LIKE",
  "IS",
  "NULL",
  ...Object.keys(unsupported)
])

/** Parses an ADQL query of the supported subset; throws an {@link AdqlError}. */
export const parse = (query: string): Select => {
  if (query.length > maxLength)
    throw new AdqlError({ message: `the query is longer than ${maxLength} characters`, position: 0 })
  if (query.trim() === "") throw new AdqlError({ message: "the query is empty", position: 0 })
  const tokens = tokenize(query)
  let index = 0
  const peek = (): Token => tokens[index]!
  const next = (): Token => tokens[index++]!
  const describe = (token: Token): string =>
    token.kind === "end"
      ? "the end of the query"
      : token.kind === "string"
        ? `'${token.text}'`
        : `"${token.kind === "number" ? token.text : token.text}"`
  const fail = (message: string, token: Token = peek()): never => {
    if (token.kind === "word" && unsupported[token.upper] !== undefined)
      throw new AdqlError({
        message: `${unsupported[token.upper]} (at character ${token.at + 1})`,
        position: token.at + 1
      })
    throw new AdqlError({
      message: `${message}, found ${describe(token)} at character ${token.at + 1}`,
      position: token.at + 1
    })
  }
  const isWord = (upper: string, token: Token = peek()) => token.kind === "word" && token.upper === upper
  const isSymbol = (text: string, token: Token = peek()) => token.kind === "symbol" && token.text === text
  const word = (upper: string) => (isWord(upper) ? next() : fail(`expected ${upper}`))
  const symbol = (text: string) => (isSymbol(text) ? next() : fail(`expected "${text}"`))
  const acceptWord = (upper: string): boolean => {
    if (!isWord(upper)) return false
    next()
    return true
  }
  const acceptSymbol = (text: string): boolean => {
    if (!isSymbol(text)) return false
    next()
    return true
  }

  /** A name: a plain word (lower-cased; ADQL is case-insensitive) or a quoted one (as written). */
  const name = (what: string): string => {
    const token = peek()
    if (token.kind === "quoted" || (token.kind === "word" && !reserved.has(token.upper))) {
      next()
      return token.kind === "quoted" ? token.text : token.text.toLowerCase()
    }
    return fail(`expected ${what}`)
  }

  const number = (): number => {
    const negative = acceptSymbol("-") || (acceptSymbol("+") && false)
    const token = peek()
    if (token.kind !== "number") return fail("expected a number")
    next()
    return negative ? -token.value : token.value
  }

  /** The arguments every geometry starts with: `'ICRS', ra, dec`. */
  const position = (): Point => {
    frame()
    const ra = operand()
    symbol(",")
    return { ra, dec: operand() }
  }

  const point = (): Point => {
    word("POINT")
    symbol("(")
    const at = position()
    symbol(")")
    return at
  }

  /** The coordinate system argument: ICRS (or empty, the ADQL 2.1 way of saying the default). */
  const frame = () => {
    const token = peek()
    if (token.kind !== "string") return
    next()
    symbol(",")
    const system = token.text.trim().toUpperCase()
    if (system !== "" && system !== "ICRS" && system !== "J2000")
      throw new AdqlError({
        message: `coordinate system '${token.text}' is not supported: use ICRS`,
        position: token.at + 1
      })
  }

  let depth = 0
  /** Runs a rule one level deeper, refusing queries nested beyond {@link maxDepth}. */
  const nested = <A>(rule: () => A): A => {
    if (depth >= maxDepth) {
      const token = peek()
      throw new AdqlError({
        message: `the query nests parentheses or functions more than ${maxDepth} deep (at character ${token.at + 1})`,
        position: token.at + 1
      })
    }
    depth++
    try {
      return rule()
    } finally {
      depth--
    }
  }

  const operand = (): Operand => nested(operandAtDepth)

  const operandAtDepth = (): Operand => {
    const token = peek()
    if (token.kind === "number" || isSymbol("-") || isSymbol("+")) return { kind: "number", value: number() }
    if (token.kind === "string") {
      next()
      return { kind: "string", value: token.text }
    }
    if (isWord("DISTANCE")) {
      next()
      symbol("(")
      const from = point()
      symbol(",")
      const to = point()
      symbol(")")
      return { kind: "distance", from, to }
    }
    if (isWord("CONTAINS")) {
      next()
      symbol("(")
      const at = point()
      symbol(",")
      word("CIRCLE")
      symbol("(")
      const center = position()
      symbol(",")
      const radius = operand()
      symbol(")")
      symbol(")")
      return { kind: "contains", point: at, circle: { ...center, radius } }
    }
    if (token.kind === "word" && isSymbol("(", tokens[index + 1]!))
      return fail(
        `the function ${token.upper} is not supported by this service (only CONTAINS, POINT, CIRCLE and DISTANCE)`
      )
    return column()
  }

  const column = (): ColumnRef => {
    const first = name("a column name")
    if (!isSymbol(".")) return { kind: "column", qualifier: undefined, name: first }
    next()
    return { kind: "column", qualifier: first, name: name("a column name") }
  }

  const comparisons: ReadonlyArray<string> = ["=", "<>", "!=", "<", "<=", ">", ">="]

  const predicate = (): Condition => {
    const left = operand()
    const negated = acceptWord("NOT")
    if (acceptWord("BETWEEN")) {
      const low = operand()
      word("AND")
      return { kind: "between", operand: left, low, high: operand(), negated }
    }
    if (acceptWord("IN")) {
      symbol("(")
      if (isWord("SELECT")) fail("subqueries are not supported by this service")
      const values = [operand()]
      while (acceptSymbol(",")) values.push(operand())
      symbol(")")
      return { kind: "in", operand: left, values, negated }
    }
    if (acceptWord("LIKE")) {
      const token = peek()
      if (token.kind !== "string") return fail("expected a quoted pattern after LIKE")
      next()
      return { kind: "like", operand: left, pattern: token.text, negated }
    }
    if (negated) return fail("expected BETWEEN, IN or LIKE after NOT")
    if (acceptWord("IS")) {
      const not = acceptWord("NOT")
      word("NULL")
      return { kind: "isNull", operand: left, negated: not }
    }
    const token = peek()
    if (token.kind !== "symbol" || !comparisons.includes(token.text))
      return fail("expected a comparison such as = or <")
    next()
    const op = (token.text === "!=" ? "<>" : token.text) as Comparison
    return { kind: "compare", op, left, right: operand() }
  }

  const primary = (): Condition => nested(primaryAtDepth)

  const primaryAtDepth = (): Condition => {
    if (acceptWord("NOT")) return { kind: "not", condition: primary() }
    if (isSymbol("(")) {
      next()
      const inner = condition()
      symbol(")")
      return inner
    }
    return predicate()
  }

  const conjunction = (): Condition => {
    let left = primary()
    while (acceptWord("AND")) left = { kind: "and", left, right: primary() }
    return left
  }

  const condition = (): Condition => {
    let left = conjunction()
    while (acceptWord("OR")) left = { kind: "or", left, right: conjunction() }
    return left
  }

  const alias = (): string | undefined => {
    if (acceptWord("AS")) return name("an alias")
    const token = peek()
    return token.kind === "quoted" || (token.kind === "word" && !reserved.has(token.upper))
      ? name("an alias")
      : undefined
  }

  const item = (): SelectItem => {
    if (isWord("COUNT") && isSymbol("(", tokens[index + 1]!)) {
      next()
      next()
      symbol("*")
      symbol(")")
      return { kind: "countAll", alias: alias() }
    }
    return { kind: "value", value: operand(), alias: alias() }
  }

  word("SELECT")
  let top: number | undefined
  if (acceptWord("TOP")) {
    const token = peek()
    if (token.kind !== "number" || !Number.isInteger(token.value) || token.value < 0)
      return fail("expected a whole number after TOP")
    next()
    top = token.value
  }
  let items: Select["items"]
  if (isSymbol("*")) {
    next()
    items = "*"
  } else {
    const list = [item()]
    while (acceptSymbol(",")) list.push(item())
    items = list
  }
  word("FROM")
  if (isSymbol("(")) fail("subqueries are not supported by this service")
  let table = name("a table name")
  if (isSymbol(".")) {
    next()
    table = `${table}.${name("a table name")}`
  }
  if (isSymbol(",")) fail("joins are not supported by this service; query one table")
  const tableAlias = alias()
  const where = acceptWord("WHERE") ? condition() : undefined
  const orderBy: Array<OrderKey> = []
  if (acceptWord("ORDER")) {
    word("BY")
    do {
      const token = peek()
      if (token.kind === "number") next()
      const key = token.kind === "number" ? token.value : column()
      const descending = acceptWord("DESC") || (acceptWord("ASC") && false)
      orderBy.push({ key, descending })
    } while (acceptSymbol(","))
  }
  if (isSymbol(";")) next()
  if (peek().kind !== "end") fail("expected the end of the query")
  return { top, items, table: { name: table, alias: tableAlias }, where, orderBy }
}
