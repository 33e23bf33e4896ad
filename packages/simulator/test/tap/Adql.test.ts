import { describe, expect, it } from "@effect/vitest"
import * as Adql from "../../src/tap/Adql.js"
import * as Query from "../../src/tap/Query.js"
import type * as Table from "../../src/tap/Table.js"

const stars: Table.Table = {
  schema: "sky",
  name: "sky.stars",
  description: "a few stars",
  columns: [
    { name: "id", datatype: "long", description: "id" },
    { name: "name", datatype: "char", arraysize: "*", description: "name" },
    { name: "ra", datatype: "double", unit: "deg", description: "ra" },
    { name: "dec", datatype: "double", unit: "deg", description: "dec" },
    { name: "mag", datatype: "double", description: "magnitude, null when unknown" }
  ],
  rows: [
    [1, "Vega", 279.2347, 38.7837, 0.03],
    [2, "Deneb", 310.358, 45.2803, 1.25],
    [3, "Altair", 297.6958, 8.8683, 0.77],
    [4, "Polaris", 37.9545, 89.2641, null],
    [5, "Sirius", 101.2872, -16.7161, -1.46]
  ]
}

const lookup = (name: string) => (name.toLowerCase() === "sky.stars" ? stars : undefined)
const run = (adql: string, maxrec = 1000) => Query.run(Adql.parse(adql), lookup, maxrec)
const names = (adql: string, maxrec?: number) => run(adql, maxrec).rows.map((row) => row[1])

const refusal = (adql: string): Adql.AdqlError => {
  try {
    run(adql)
  } catch (error) {
    expect(error).toBeInstanceOf(Adql.AdqlError)
    return error as Adql.AdqlError
  }
  throw new Error(`the query was accepted: ${adql}`)
}

describe("Adql.parse", () => {
  it("reads the select list, TOP, the table and its alias, WHERE and ORDER BY, in any case", () => {
    const select = Adql.parse(
      'select top 3 s.ra, "dec" as d, COUNT(*) FROM sky.stars AS s where mag < 1 and not (dec > 40) order by 2 desc, name'
    )
    expect(select.top).toBe(3)
    expect(select.table).toEqual({ name: "sky.stars", alias: "s" })
    expect(select.items).toEqual([
      { kind: "value", value: { kind: "column", qualifier: "s", name: "ra" }, alias: undefined },
      { kind: "value", value: { kind: "column", qualifier: undefined, name: "dec" }, alias: "d" },
      { kind: "countAll", alias: undefined }
    ])
    expect(select.orderBy).toEqual([
      { key: 2, descending: true },
      { key: { kind: "column", qualifier: undefined, name: "name" }, descending: false }
    ])
    expect(select.where?.kind).toBe("and")
  })

  it("names what it does not support, and where", () => {
    const cases: ReadonlyArray<readonly [string, string]> = [
      ["SELECT * FROM sky.stars JOIN sky.other ON 1 = 1", "joins are not supported by this service"],
      ["SELECT * FROM sky.stars, sky.other", "joins are not supported"],
      ["SELECT name FROM sky.stars GROUP BY name", "GROUP BY is not supported"],
      ["SELECT DISTINCT name FROM sky.stars", "SELECT DISTINCT is not supported"],
      ["SELECT * FROM (SELECT * FROM sky.stars) AS t", "subqueries are not supported"],
      ["SELECT * FROM sky.stars WHERE id IN (SELECT id FROM sky.stars)", "subqueries are not supported"],
      ["SELECT AVG(mag) FROM sky.stars", "the function AVG is not supported"],
      ["SELECT * FROM sky.stars WHERE mag + 1 < 2", 'expected a comparison such as = or <, found "+"'],
      ["SELECT * FROM sky.stars WHERE name = 'Vega", "a string is not closed"],
      [
        "SELECT * FROM sky.stars WHERE 1 = CONTAINS(POINT('GALACTIC', ra, dec), CIRCLE('ICRS', 0, 0, 1))",
        "coordinate system 'GALACTIC' is not supported"
      ],
      ["SELECT * FROM sky.stars LIMIT 5", "LIMIT is not ADQL: use SELECT TOP n (at character 25)"],
      [
        "SELECT * FROM sky.stars WHERE mag < 1 ORDER",
        "expected BY, found the end of the query at character 44"
      ],
      ["DELETE FROM sky.stars", 'expected SELECT, found "DELETE" at character 1'],
      ["   ", "the query is empty"]
    ]
    for (const [query, words] of cases) {
      let thrown: unknown
      try {
        Adql.parse(query)
      } catch (error) {
        thrown = error
      }
      expect(thrown, query).toBeInstanceOf(Adql.AdqlError)
      expect((thrown as Adql.AdqlError).message, query).toContain(words)
    }
  })

  it("refuses nesting deeper than its limit with an error, not a stack overflow", () => {
    const deep = `SELECT * FROM sky.stars WHERE ${"(".repeat(40_000)}1 = 1${")".repeat(40_000)}`
    expect(() => Adql.parse(deep)).toThrow(Adql.AdqlError)
    expect(() => Adql.parse(deep)).toThrow(`more than ${Adql.maxDepth} deep`)
    const nested = `SELECT * FROM sky.stars WHERE ${"(".repeat(20)}mag < 1${")".repeat(20)}`
    expect(Adql.parse(nested).where?.kind).toBe("compare")
    expect(() => Adql.parse(`SELECT * FROM sky.stars WHERE ${"x".repeat(Adql.maxLength)}`)).toThrow(
      "longer than"
    )
  })
})

describe("Query.run", () => {
  it("filters with comparisons, BETWEEN, IN, LIKE and IS NULL, and orders", () => {
    expect(names("SELECT * FROM sky.stars WHERE mag < 1 ORDER BY mag")).toEqual(["Sirius", "Vega", "Altair"])
    expect(names("SELECT * FROM sky.stars WHERE dec BETWEEN 0 AND 40 ORDER BY id")).toEqual([
      "Vega",
      "Altair"
    ])
    expect(names("SELECT * FROM sky.stars WHERE name IN ('Vega', 'Sirius', 'Rigel')")).toEqual([
      "Vega",
      "Sirius"
    ])
    expect(names("SELECT * FROM sky.stars WHERE name LIKE '%e%'")).toEqual(["Vega", "Deneb"])
    expect(names("SELECT * FROM sky.stars WHERE name NOT LIKE '_e%'")).toEqual([
      "Altair",
      "Polaris",
      "Sirius"
    ])
    expect(names("SELECT * FROM sky.stars WHERE mag IS NULL")).toEqual(["Polaris"])
    expect(names("SELECT * FROM sky.stars ORDER BY mag DESC")).toEqual([
      "Polaris",
      "Deneb",
      "Altair",
      "Vega",
      "Sirius"
    ])
    expect(names("SELECT * FROM sky.stars ORDER BY mag")).toEqual([
      "Sirius",
      "Vega",
      "Altair",
      "Deneb",
      "Polaris"
    ])
  })

  it("treats a comparison with NULL as unknown: neither it nor its negation matches", () => {
    expect(names("SELECT * FROM sky.stars WHERE mag > 0")).not.toContain("Polaris")
    expect(names("SELECT * FROM sky.stars WHERE NOT (mag > 0)")).toEqual(["Sirius"])
    expect(names("SELECT * FROM sky.stars WHERE mag > 0 OR dec > 80")).toContain("Polaris")
  })

  it("cone-searches with CONTAINS and measures with DISTANCE on the sphere, across RA 0/360", () => {
    // Vega and Deneb are 23.8° apart on the sky, though 31° apart in RA.
    expect(
      names(
        "SELECT * FROM sky.stars WHERE 1 = CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 279.2347, 38.7837, 24))"
      )
    ).toEqual(["Vega", "Deneb"])
    expect(
      names(
        "SELECT * FROM sky.stars WHERE CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 279.2347, 38.7837, 23)) = 1"
      )
    ).toEqual(["Vega"])
    expect(
      names("SELECT * FROM sky.stars WHERE CONTAINS(POINT('', ra, dec), CIRCLE('', 0, 90, 1)) = 1")
    ).toEqual(["Polaris"])
    const [[distance]] = run(
      "SELECT DISTANCE(POINT('ICRS', ra, dec), POINT('ICRS', 359.5, 0)) AS d FROM sky.stars WHERE id = 5"
    ).rows as [[number]]
    expect(distance).toBeCloseTo(Query.separation(101.2872, -16.7161, -0.5, 0), 9)
    expect(Query.separation(359.9, 0, 0.1, 0)).toBeCloseTo(0.2, 9)
  })

  it("cuts at TOP or MAXREC, and marks overflow only when MAXREC did it", () => {
    expect(run("SELECT TOP 2 * FROM sky.stars", 10)).toMatchObject({ overflow: false })
    expect(run("SELECT TOP 2 * FROM sky.stars", 10).rows).toHaveLength(2)
    expect(run("SELECT * FROM sky.stars", 3)).toMatchObject({ overflow: true })
    expect(run("SELECT * FROM sky.stars", 3).rows).toHaveLength(3)
    expect(run("SELECT TOP 4 * FROM sky.stars", 3).overflow).toBe(true)
    expect(run("SELECT * FROM sky.stars", 5).overflow).toBe(false)
    expect(run("SELECT * FROM sky.stars", 0)).toMatchObject({ rows: [], overflow: true })
    expect(run("SELECT COUNT(*) AS n FROM sky.stars WHERE mag < 1", 0).rows).toEqual([[3]])
  })

  it("names the columns of the result after the table, an alias or the function", () => {
    const result = run(
      "SELECT name AS star, s.mag, DISTANCE(POINT('ICRS', ra, dec), POINT('ICRS', 0, 0)) FROM sky.stars s"
    )
    expect(result.columns.map((column) => column.name)).toEqual(["star", "mag", "distance"])
    expect(result.columns[2]).toMatchObject({ datatype: "double", unit: "deg" })
  })

  it("says which table, column or comparison is wrong", () => {
    expect(refusal("SELECT * FROM sky.planets").message).toBe(
      "table sky.planets is not in this service; see its /tables"
    )
    expect(refusal("SELECT colour FROM sky.stars").message).toContain(
      "column colour is not in sky.stars; its columns are id, name"
    )
    expect(refusal("SELECT t.ra FROM sky.stars AS s").message).toContain("t names no table in this query")
    expect(refusal("SELECT * FROM sky.stars WHERE name > 3").message).toContain(
      "cannot compare 'Vega' with 3"
    )
    expect(refusal("SELECT name, COUNT(*) FROM sky.stars").message).toContain(
      "COUNT(*) cannot be selected with other columns"
    )
    expect(refusal("SELECT * FROM sky.stars ORDER BY 9").message).toContain("the select list has 5 columns")
  })
})
