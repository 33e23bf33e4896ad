import { describe, expect, it } from "@effect/vitest"
import type { Simulator } from "../../src/Simulator.js"
import { started } from "../support/simulator.js"
import * as Xml from "../support/xml.js"

const votableNamespace = "http://www.ivoa.net/xml/VOTable/v1.3"

const sync = (sim: Simulator, entries: Record<string, string>, method: "GET" | "POST" = "GET") =>
  method === "GET"
    ? fetch(`${sim.url}/tap/sync?${new URLSearchParams(entries)}`)
    : fetch(`${sim.url}/tap/sync`, { method: "POST", body: new URLSearchParams(entries) })

const query = (adql: string, extra: Record<string, string> = {}) => ({
  REQUEST: "doQuery",
  LANG: "ADQL",
  QUERY: adql,
  ...extra
})

/** A VOTable's status INFOs, fields and rows, read with a real XML parser. */
const readVoTable = (text: string) => {
  const root = Xml.parse(text)
  expect(root.uri).toBe(votableNamespace)
  expect(root.name).toBe("VOTABLE")
  expect(root.attributes.version).toBe("1.4")
  const resource = Xml.one(root, "RESOURCE")
  expect(resource.attributes.type).toBe("results")
  const statuses = Xml.all(resource, "INFO")
    .filter((info) => info.attributes.name === "QUERY_STATUS")
    .map((info) => ({ value: info.attributes.value, text: info.text }))
  const table = resource.children.find((child) => child.name === "TABLE")
  const fields = table === undefined ? [] : Xml.all(table, "FIELD").map((field) => field.attributes)
  const rows =
    table === undefined
      ? []
      : Xml.descendants(table, "TR").map((tr) => Xml.all(tr, "TD").map((td) => td.text))
  // The status before the table is the first child; OVERFLOW, when there, comes after the table.
  return { resource, statuses, fields, rows }
}

describe("the TAP service's /sync", () => {
  it("answers a VOTable 1.4 whose rows are the query's, one TD per FIELD", async () => {
    const sim = await started()
    const adql =
      "SELECT TOP 10 source_id, name, ra, dec, flux FROM swift.xrt_sources WHERE dec > 0 ORDER BY ra"
    const response = await sync(sim, query(adql))
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toBe("application/x-votable+xml")
    const { resource, statuses, fields, rows } = readVoTable(await response.text())
    expect(resource.children[0]?.attributes).toMatchObject({ name: "QUERY_STATUS", value: "OK" })
    expect(statuses).toEqual([{ value: "OK", text: "" }])
    expect(fields.map((field) => [field.name, field.datatype])).toEqual([
      ["source_id", "long"],
      ["name", "char"],
      ["ra", "double"],
      ["dec", "double"],
      ["flux", "double"]
    ])
    expect(fields[2]).toMatchObject({ unit: "deg", ucd: "pos.eq.ra;meta.main" })
    expect(fields[1]?.arraysize).toBe("*")
    const expected = sim.tap.query(adql).rows
    expect(rows).toHaveLength(10)
    expect(rows).toEqual(expected.map((row) => row.map((value) => (value === null ? "" : String(value)))))
    const ras = rows.map((row) => Number(row[2]))
    expect([...ras].sort((a, b) => a - b)).toEqual(ras)
    expect(rows.every((row) => Number(row[3]) > 0)).toBe(true)
  })

  it("marks an overflow after the table when MAXREC cut the rows, not when TOP did", async () => {
    const sim = await started()
    const cut = readVoTable(
      await (await sync(sim, query("SELECT ra FROM swift.observations", { MAXREC: "4" }))).text()
    )
    expect(cut.rows).toHaveLength(4)
    expect(cut.statuses.map((status) => status.value)).toEqual(["OK", "OVERFLOW"])
    expect(cut.resource.children.at(-1)?.attributes).toMatchObject({
      name: "QUERY_STATUS",
      value: "OVERFLOW"
    })
    const top = readVoTable(
      await (await sync(sim, query("SELECT TOP 4 ra FROM swift.observations", { MAXREC: "10" }))).text()
    )
    expect(top.rows).toHaveLength(4)
    expect(top.statuses.map((status) => status.value)).toEqual(["OK"])
    const none = readVoTable(
      await (await sync(sim, query("SELECT ra, dec FROM swift.observations", { MAXREC: "0" }))).text()
    )
    expect(none.rows).toEqual([])
    expect(none.fields.map((field) => field.name)).toEqual(["ra", "dec"])
    const all = readVoTable(await (await sync(sim, query("SELECT obsid FROM swift.observations"))).text())
    expect(all.rows).toHaveLength(200)
  })

  it("answers CSV and TSV when RESPONSEFORMAT (or FORMAT) asks, by name or MIME type", async () => {
    const sim = await started()
    const adql =
      "SELECT column_name, description FROM TAP_SCHEMA.columns WHERE table_name = 'TAP_SCHEMA.columns' AND column_name = 'principal'"
    for (const format of ["csv", "text/csv"]) {
      const response = await sync(sim, query(adql, { RESPONSEFORMAT: format }), "POST")
      expect(response.headers.get("content-type")).toBe("text/csv; charset=UTF-8")
      // The description has a comma, so RFC 4180 quotes it.
      expect(await response.text()).toBe(
        'column_name,description\r\nprincipal,"a principal column; 1 means 1, 0 means 0"\r\n'
      )
    }
    const tsv = await sync(
      sim,
      query("SELECT TOP 2 obsid, exposure FROM swift.observations ORDER BY obsid", { FORMAT: "tsv" })
    )
    expect(tsv.headers.get("content-type")).toBe("text/tab-separated-values; charset=UTF-8")
    const lines = (await tsv.text()).split("\n")
    expect(lines[0]).toBe("obsid\texposure")
    expect(lines.slice(1, 3).map((line) => line.split("\t").length)).toEqual([2, 2])
    const votable = await sync(
      sim,
      query("SELECT TOP 1 obsid FROM swift.observations", {
        RESPONSEFORMAT: "application/x-votable+xml;serialization=tabledata"
      })
    )
    expect(readVoTable(await votable.text()).rows).toHaveLength(1)
  })

  it("answers a VOTable error document (400) for what it cannot run, well-formed whatever the query held", async () => {
    const sim = await started()
    const cases: ReadonlyArray<readonly [Record<string, string>, string]> = [
      [{ QUERY: "SELECT * FROM swift.observations" }, "LANG is missing"],
      [query("SELECT * FROM swift.observations", { LANG: "PQL" }), "LANG PQL is not offered"],
      [query("SELECT * FROM swift.observations", { REQUEST: "getCapabilities" }), "REQUEST must be doQuery"],
      [{ LANG: "ADQL" }, "QUERY is missing"],
      [query("SELECT * FROM swift.observations", { MAXREC: "many" }), "MAXREC must be a whole number"],
      [
        query("SELECT * FROM swift.observations", { RESPONSEFORMAT: "fits" }),
        "RESPONSEFORMAT fits is not offered"
      ],
      [
        query("SELECT * FROM swift.observations", { UPLOAD: "t,param:t" }),
        "UPLOAD t: the request has no multipart field t"
      ],
      [
        query("SELECT * FROM swift.observations", { UPLOAD: "t,http://example.org/t.xml" }),
        "only inline uploads (param:field) are supported"
      ],
      [query("SELECT * FROM swift.missing"), "table swift.missing is not in this service"],
      // The control character is named, escaped, and the document stays well-formed.
      [query("SELECT <script>alert(1)</script>\u0001 FROM x"), 'Invalid ADQL: unexpected character "\\u0001"']
    ]
    for (const [entries, words] of cases) {
      const response = await sync(sim, entries)
      expect(response.status, words).toBe(400)
      expect(response.headers.get("content-type")).toBe("application/x-votable+xml")
      const { statuses, rows } = readVoTable(await response.text())
      expect(statuses).toHaveLength(1)
      expect(statuses[0]?.value).toBe("ERROR")
      expect(statuses[0]?.text, words).toContain(words)
      expect(rows).toEqual([])
    }
    const hostile = await sync(
      sim,
      query("SELECT name FROM swift.xrt_sources WHERE name = '<b>&amp;\u0002</b>'")
    )
    expect(readVoTable(await hostile.text()).rows).toEqual([])
  })

  it("queries an inline UPLOAD as TAP_UPLOAD.<name>, and refuses a hostile one with a sentence", async () => {
    const sim = await started()
    const votable = (data: string) => `<?xml version="1.0"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE>
<FIELD name="Label" datatype="char" arraysize="*"/><FIELD name="ra" datatype="double" unit="deg"/>
<DATA>${data}</DATA></TABLE></RESOURCE></VOTABLE>`
    const upload = (
      document: string,
      adql = "SELECT label, ra FROM TAP_UPLOAD.mine WHERE ra > 100 ORDER BY ra DESC"
    ) => {
      const body = new FormData()
      for (const [name, value] of Object.entries(query(adql, { UPLOAD: "mine,param:table1" })))
        body.append(name, value)
      body.append("table1", new Blob([document], { type: "application/x-votable+xml" }), "table1.xml")
      return fetch(`${sim.url}/tap/sync`, { method: "POST", body })
    }
    const good = await upload(
      votable(
        "<TABLEDATA><TR><TD>a &amp; b</TD><TD>120.5</TD></TR><TR><TD>c</TD><TD>20</TD></TR><TR><TD/><TD>300</TD></TR></TABLEDATA>"
      )
    )
    expect(good.status).toBe(200)
    expect(readVoTable(await good.text()).rows).toEqual([
      ["", "300"],
      ["a & b", "120.5"]
    ])
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><VOTABLE><RESOURCE><TABLE><FIELD name="x" datatype="char"/><DATA><TABLEDATA><TR><TD>&lol2;</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`
    const cases: ReadonlyArray<readonly [string, string]> = [
      [laughs, "UPLOAD mine cannot be read"],
      [
        votable('<BINARY><STREAM encoding="base64">AAAA</STREAM></BINARY>'),
        "its data is BINARY; upload it as TABLEDATA"
      ],
      [votable("<TABLEDATA><TR><TD>only one</TD></TR></TABLEDATA>"), "row 1 has 1 cells for 2 fields"],
      [`${"<a>".repeat(100)}${"</a>".repeat(100)}`, "more than 32 deep"],
      ["<VOTABLE><RESOURCE>", "it is not well-formed XML"]
    ]
    for (const [document, words] of cases) {
      const refused = await upload(document)
      expect(refused.status, words).toBe(400)
      expect(readVoTable(await refused.text()).statuses[0]?.text, words).toContain(words)
    }
  })

  it("serves TAP_SCHEMA: its schemas, tables, columns and keys, itself included", async () => {
    const sim = await started()
    const rowsOf = async (adql: string) => readVoTable(await (await sync(sim, query(adql))).text()).rows
    expect(await rowsOf("SELECT schema_name FROM TAP_SCHEMA.schemas ORDER BY schema_name")).toEqual([
      ["TAP_SCHEMA"],
      ["swift"]
    ])
    expect((await rowsOf("SELECT table_name FROM TAP_SCHEMA.tables")).flat()).toEqual([
      "TAP_SCHEMA.schemas",
      "TAP_SCHEMA.tables",
      "TAP_SCHEMA.columns",
      "TAP_SCHEMA.keys",
      "TAP_SCHEMA.key_columns",
      "swift.observations",
      "swift.xrt_sources"
    ])
    expect(
      await rowsOf(
        "SELECT column_name, datatype, unit, indexed FROM tap_schema.columns WHERE table_name = 'swift.xrt_sources' AND column_name IN ('ra', 'flux')"
      )
    ).toEqual([
      ["ra", "double", "deg", "1"],
      ["flux", "double", "mW/m**2", "0"]
    ])
    expect(
      await rowsOf("SELECT from_table, target_table FROM TAP_SCHEMA.keys WHERE key_id = 'xrt_sources_obsid'")
    ).toEqual([["swift.xrt_sources", "swift.observations"]])
    expect(
      await rowsOf(
        "SELECT from_column, target_column FROM TAP_SCHEMA.key_columns WHERE key_id = 'xrt_sources_obsid'"
      )
    ).toEqual([["obsid", "obsid"]])
  })

  it("draws the same catalogue from the same seed, and another from another", async () => {
    const adql = query("SELECT TOP 5 name, ra, dec, flux FROM swift.xrt_sources ORDER BY source_id")
    const body = async (seed: number) => await (await sync(await started({ seed }), adql)).text()
    expect(await body(7)).toBe(await body(7))
    expect(await body(7)).not.toBe(await body(8))
  })
})

describe("the TAP service's /async", () => {
  it("queues and executes a query on the simulated clock, then offers its VOTable as results/result", async () => {
    const sim = await started()
    sim.tap.scriptNext({ queue: 3, execution: 12, outcome: { phase: "COMPLETED" } })
    const adql = "SELECT obsid, target_name FROM swift.observations WHERE exposure > 10000 ORDER BY obsid"
    const created = await fetch(`${sim.url}/tap/async`, {
      method: "POST",
      body: new URLSearchParams(query(adql, { PHASE: "RUN" })),
      redirect: "manual"
    })
    expect(created.status).toBe(303)
    const url = created.headers.get("location")!
    expect(url).toMatch(new RegExp(`^${sim.url}/tap/async/[a-z0-9]{10}$`))
    const phase = async () => Xml.one(Xml.parse(await (await fetch(url)).text()), "phase").text
    expect(await phase()).toBe("QUEUED")
    sim.advance("3 seconds")
    expect(await phase()).toBe("EXECUTING")
    sim.advance("12 seconds")
    const job = Xml.parse(await (await fetch(url)).text())
    expect(Xml.one(job, "phase").text).toBe("COMPLETED")
    expect(Xml.all(Xml.one(job, "parameters"), "parameter").map((p) => [p.attributes.id, p.text])).toEqual([
      ["REQUEST", "doQuery"],
      ["LANG", "ADQL"],
      ["QUERY", adql]
    ])
    const [result] = Xml.all(Xml.one(job, "results"), "result")
    expect(result?.attributes).toMatchObject({
      id: "result",
      "xlink:href": `${url}/results/result`,
      "mime-type": "application/x-votable+xml"
    })
    const file = await fetch(result!.attributes["xlink:href"]!)
    const text = await file.text()
    expect(Number(result!.attributes.size)).toBe(Buffer.byteLength(text))
    const { rows } = readVoTable(text)
    expect(rows).toEqual(sim.tap.query(adql).rows.map((row) => row.map(String)))
    expect(rows.length).toBeGreaterThan(0)
    const list = Xml.parse(await (await fetch(`${sim.url}/tap/async?PHASE=COMPLETED`)).text())
    expect(Xml.all(list, "jobref").map((ref) => ref.attributes["xlink:href"])).toEqual([url])
  })

  it("fails a query it cannot run in ERROR, with the VOTable error document at /error", async () => {
    const sim = await started()
    const created = await fetch(`${sim.url}/tap/async`, {
      method: "POST",
      body: new URLSearchParams(query("SELECT ra FROM swift.xrt_sources GROUP BY ra", { PHASE: "RUN" })),
      redirect: "manual"
    })
    const url = created.headers.get("location")!
    sim.advance("30 seconds")
    const job = Xml.parse(await (await fetch(url)).text())
    expect(Xml.one(job, "phase").text).toBe("ERROR")
    const summary = Xml.one(job, "errorSummary")
    expect(summary.attributes).toMatchObject({ type: "fatal", hasDetail: "true" })
    expect(Xml.one(summary, "message").text).toContain("GROUP BY is not supported by this service")
    const detail = await fetch(`${url}/error`)
    expect(detail.headers.get("content-type")).toBe("application/x-votable+xml")
    const { statuses } = readVoTable(await detail.text())
    expect(statuses[0]?.value).toBe("ERROR")
    expect(statuses[0]?.text).toContain("GROUP BY is not supported")
    expect((await fetch(`${url}/results/result`)).status).toBe(404)
  })
})

describe("the TAP service's VOSI documents", () => {
  it("advertises ADQL, the formats and the limits in tr:TableAccess, and its VOSI endpoints", async () => {
    const sim = await started({ tap: { maxrec: 500, hardLimit: 5000 } })
    const response = await fetch(`${sim.url}/tap/capabilities`)
    expect(response.headers.get("content-type")).toBe("text/xml; charset=UTF-8")
    const root = Xml.parse(await response.text())
    expect(root.uri).toBe("http://www.ivoa.net/xml/VOSICapabilities/v1.0")
    const capabilities = Xml.all(root, "capability")
    const tap = capabilities.find(
      (capability) => capability.attributes.standardID === "ivo://ivoa.net/std/TAP"
    )!
    expect(tap.attributes["xsi:type"]).toBe("tr:TableAccess")
    expect(root.attributes["xmlns:tr"]).toBe("http://www.ivoa.net/xml/TAPRegExt/v1.0")
    const accessUrl = Xml.one(Xml.one(tap, "interface"), "accessURL")
    expect(accessUrl.text).toBe(`${sim.url}/tap`)
    expect(Xml.one(Xml.one(tap, "language"), "name").text).toBe("ADQL")
    expect(Xml.one(tap, "uploadMethod").attributes["ivo-id"]).toBe(
      "ivo://ivoa.net/std/TAPRegExt#upload-inline"
    )
    expect(Xml.all(tap, "outputFormat").map((format) => Xml.one(format, "mime").text)).toEqual([
      "application/x-votable+xml",
      "text/csv",
      "text/tab-separated-values"
    ])
    const limit = Xml.one(tap, "outputLimit")
    expect([Xml.one(limit, "default").text, Xml.one(limit, "hard").text]).toEqual(["500", "5000"])
    expect(Xml.one(Xml.one(tap, "executionDuration"), "default").text).toBe("3600")
    const endpoints = capabilities
      .filter((capability) => capability !== tap)
      .map((capability) => Xml.one(Xml.one(capability, "interface"), "accessURL").text)
    expect(endpoints).toEqual([
      `${sim.url}/tap/capabilities`,
      `${sim.url}/tap/availability`,
      `${sim.url}/tap/tables`
    ])
    for (const endpoint of endpoints) expect((await fetch(endpoint)).status).toBe(200)
    const availability = Xml.parse(await (await fetch(`${sim.url}/tap/availability`)).text())
    expect(Xml.one(availability, "available").text).toBe("true")
  })

  it("describes every schema, table, column and foreign key in the tableset, and one table at its own path", async () => {
    const sim = await started()
    const tableset = Xml.parse(await (await fetch(`${sim.url}/tap/tables`)).text())
    expect(tableset.uri).toBe("http://www.ivoa.net/xml/VOSITables/v1.0")
    const schemas = Xml.all(tableset, "schema")
    expect(schemas.map((schema) => Xml.one(schema, "name").text)).toEqual(["TAP_SCHEMA", "swift"])
    const sources = Xml.all(schemas[1]!, "table").find(
      (table) => Xml.one(table, "name").text === "swift.xrt_sources"
    )!
    const columns = Xml.all(sources, "column")
    expect(columns.map((column) => Xml.one(column, "name").text)).toEqual([
      "source_id",
      "name",
      "ra",
      "dec",
      "err90",
      "rate",
      "flux",
      "obsid"
    ])
    const ra = columns[2]!
    expect(Xml.one(ra, "dataType").attributes["xsi:type"]).toBe("vs:VOTableType")
    expect(Xml.one(ra, "dataType").text).toBe("double")
    expect(Xml.one(ra, "unit").text).toBe("deg")
    expect(Xml.all(ra, "flag").map((flag) => flag.text)).toEqual(["indexed"])
    expect(Xml.one(Xml.one(sources, "foreignKey"), "targetTable").text).toBe("swift.observations")
    const one = await fetch(`${sim.url}/tap/tables/swift.xrt_sources`)
    expect(Xml.all(Xml.parse(await one.text()), "column")).toHaveLength(8)
    const missing = await fetch(`${sim.url}/tap/tables/swift.nothing`)
    expect(missing.status).toBe(404)
  })
})
