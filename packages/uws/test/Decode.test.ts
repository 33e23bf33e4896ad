import { readFileSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import { Uws } from "@jobscope/uws"
import * as Result from "effect/Result"

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8")

/** The job a document decodes to, or the test fails with the decode error's message. */
const job = (text: string): Uws.JobDocument => {
  const decoded = Uws.decodeJob(text)
  if (Result.isFailure(decoded)) throw new Error(decoded.failure.message)
  return decoded.success
}

/** The decode error's message for a document that must not decode. */
const failure = (
  text: string,
  decode: (text: string) => Result.Result<unknown, { message: string }> = Uws.decodeJob
) => {
  const decoded = decode(text)
  if (Result.isSuccess(decoded)) throw new Error("decoded, but should not have")
  expect(decoded.failure).toMatchObject({ _tag: "DecodeError" })
  return decoded.failure.message
}

describe("Uws.decodeJob", () => {
  it("reads every element of a UWS 1.1 job document", () => {
    const decoded = job(fixture("job-1.1-completed.xml"))
    expect(decoded).toMatchObject({
      version: "1.1",
      jobId: "q7f3k2",
      runId: "bright-stars",
      ownerId: "CN=Ada Lovelace",
      phase: "COMPLETED",
      quote: new Date("2026-12-07T18:05:00Z"),
      creationTime: new Date("2026-12-07T18:00:00.125Z"),
      startTime: new Date("2026-12-07T18:00:02Z"),
      endTime: new Date("2026-12-07T18:04:31Z"),
      executionDuration: 3600,
      destruction: new Date("2026-12-14T18:00:00Z")
    })
    expect(decoded.parameters).toEqual([
      { id: "LANG", value: "ADQL" },
      {
        id: "QUERY",
        value: "SELECT TOP 10 ra, dec FROM gaia.source WHERE phot_g_mean_mag < 5",
        isPost: true
      },
      { id: "UPLOAD", value: "http://example.org/mytable.xml", byReference: true }
    ])
    expect(decoded.results).toEqual([
      {
        id: "result",
        href: "http://tap.example.org/async/q7f3k2/results/result",
        size: 2048,
        mimeType: "application/x-votable+xml"
      },
      { id: "log", href: "results/log" }
    ])
    expect(decoded.errorSummary).toBeUndefined()
  })

  it("keeps jobInfo as a neutral tree: elements of any namespace, nested, with attributes and text", () => {
    const info = job(fixture("job-1.1-completed.xml")).jobInfo
    expect(info?.map((element) => element.name)).toEqual(["queue", "usage"])
    expect(info?.[0]).toMatchObject({ namespace: "urn:example:tap", text: "long", children: [] })
    const usage = info?.[1]
    expect(usage?.children.map((element) => [element.name, element.text, element.attributes])).toEqual([
      ["rows", "10", {}],
      ["cpu", "1.5", { unit: "s" }]
    ])
  })

  it("keeps a typed jobInfo value's xsi:type, and takes the UWS phase over a vendor's element of the same name", () => {
    const decoded = job(fixture("job-other-prefix.xml"))
    expect(decoded.phase).toBe("ERROR")
    expect(decoded.jobInfo?.[0]).toMatchObject({
      name: "estimate",
      namespace: "urn:vendor",
      text: "PT5M",
      attributes: { "{http://www.w3.org/2001/XMLSchema-instance}type": "xs:duration" }
    })
  })

  it("reads any prefix bound to the UWS namespace, CDATA, and an error summary with detail", () => {
    expect(job(fixture("job-other-prefix.xml"))).toMatchObject({
      jobId: "pfx-9",
      errorSummary: { type: "fatal", hasDetail: true, message: 'Query failed: column "foo" not found' }
    })
  })

  it("reads UWS 1.0 (no version attribute) with xsi:nil values as absent, and zone-less times as UTC", () => {
    const decoded = job(fixture("job-1.0-nil.xml"))
    expect(decoded).toEqual({
      version: "1.0",
      jobId: "1418912",
      phase: "EXECUTING",
      startTime: new Date("2026-12-07T18:00:02.500Z"),
      executionDuration: 0,
      destruction: new Date("2026-12-14T17:00:00Z"),
      parameters: [{ id: "request", value: "doQuery" }],
      results: []
    })
  })

  it("reads the default namespace, a phase with spaces around it, and empty parameters, results and jobInfo", () => {
    const decoded = job(fixture("job-default-namespace.xml"))
    expect(decoded).toMatchObject({ jobId: "dflt-1", phase: "QUEUED", parameters: [], jobInfo: [] })
    expect(decoded.results).toEqual([
      { id: "a", href: "https://example.org/a.csv", mimeType: "text/csv" },
      { id: "b", href: "https://example.org/b.csv" }
    ])
  })

  it("reads a document without namespaces, as some services write it", () => {
    expect(job(fixture("job-no-namespace.xml"))).toMatchObject({
      version: "1.0",
      jobId: "plain",
      phase: "HELD",
      errorSummary: { type: "transient", hasDetail: false, message: "over quota" }
    })
  })

  it("names every problem of a document of the wrong shape, with its path", () => {
    const message = failure(
      `<job xmlns="${Uws.namespace}"><phase>RUNNING</phase><quote>tomorrow</quote><executionDuration>-5</executionDuration><results><result id="r" size="big"/></results></job>`
    )
    expect(message).toContain("UWS job document: at jobId: missing")
    expect(message).toContain("at phase: expected")
    expect(message).toContain('"RUNNING"')
    expect(message).toContain("at quote: an xs:dateTime such as 2026-12-07T18:58:15Z")
    expect(message).toContain("at executionDuration: a whole number ≥ 0")
    expect(message).toContain("at results[0].size: a whole number ≥ 0")
  })

  it("says what came instead: an HTML error page, JSON, an empty body, a VOTable error, text that is not XML", () => {
    expect(
      failure("<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>")
    ).toBe('UWS job document: an HTML page came instead of XML: "502 Bad Gateway nginx"')
    expect(failure('{"phase":"COMPLETED"}')).toBe(
      'UWS job document: JSON came instead of XML: "{\\"phase\\":\\"COMPLETED\\"}"'
    )
    expect(failure("  ")).toBe("UWS job document: the body was empty, not XML")
    expect(
      failure(
        '<VOTABLE xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results"><INFO name="QUERY_STATUS" value="ERROR">no such job</INFO></RESOURCE></VOTABLE>'
      )
    ).toContain(
      "not a UWS job document: its root element is <VOTABLE> in http://www.ivoa.net/xml/VOTable/v1.3"
    )
    expect(failure("<job><jobId>x</jobId>")).toContain("UWS job document: not valid XML (")
    expect(failure("<job><jobId>a &unknown; b</jobId></job>")).toContain("not valid XML (")
  })
})

describe("Uws.decodeJobList", () => {
  it("reads a UWS 1.1 job list with each entry's phase, run id, owner and creation time", () => {
    const decoded = Uws.decodeJobList(fixture("jobs-1.1.xml"))
    expect(Result.getOrThrow(decoded)).toEqual({
      version: "1.1",
      jobs: [
        {
          id: "a1",
          href: "http://tap.example.org/async/a1",
          phase: "EXECUTING",
          runId: "first",
          ownerId: "ada",
          creationTime: new Date("2026-12-07T18:00:00Z")
        },
        { id: "a2", href: "http://tap.example.org/async/a2", phase: "ARCHIVED" }
      ]
    })
  })

  it("reads an empty UWS 1.0 list, and refuses a job document where a list was expected", () => {
    expect(Result.getOrThrow(Uws.decodeJobList(fixture("jobs-1.0-empty.xml")))).toEqual({
      version: "1.0",
      jobs: []
    })
    expect(failure(fixture("job-no-namespace.xml"), Uws.decodeJobList)).toContain(
      "not a UWS jobs document: its root element is <job>"
    )
  })
})
