import { mkdtempSync, readdirSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Follow } from "@jobscope/fetch"
import { Lockstep, type Simulator } from "@jobscope/simulator"
import { Tap, UwsClient } from "@jobscope/uws"
import { saveResult } from "@jobscope/uws/node"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { inLockstep, jobs11, simulator } from "./support/simulated.js"

describe("Tap.parameters", () => {
  it("writes a doQuery job's parameters as TAP 1.0 and 1.1 services read them", () => {
    assert.deepStrictEqual(
      Tap.parameters("SELECT TOP 3 * FROM t JOIN TAP_UPLOAD.mine AS m ON t.id = m.id", {
        maxrec: 100,
        format: "csv",
        uploads: {
          mine: "http://example.org/mine.vot",
          inline: { votable: "<VOTABLE/>" },
          other: "https://example.org/o.xml"
        },
        runId: "night-1"
      }),
      {
        REQUEST: "doQuery",
        LANG: "ADQL",
        QUERY: "SELECT TOP 3 * FROM t JOIN TAP_UPLOAD.mine AS m ON t.id = m.id",
        MAXREC: "100",
        RESPONSEFORMAT: "csv",
        FORMAT: "csv",
        UPLOAD: "mine,http://example.org/mine.vot;inline,param:inline;other,https://example.org/o.xml",
        RUNID: "night-1"
      }
    )
    assert.deepStrictEqual(Tap.parameters("SELECT 1"), {
      REQUEST: "doQuery",
      LANG: "ADQL",
      QUERY: "SELECT 1"
    })
  })

  it("refuses an upload name a query cannot use, and a negative maxrec", () => {
    assert.throws(
      () => Tap.parameters("SELECT 1", { uploads: { "my table;x": "http://e.org" } }),
      /upload's name/
    )
    assert.throws(() => Tap.parameters("SELECT 1", { maxrec: -1 }), /maxrec must be a whole number/)
  })

  it.effect("submitQuery refuses bad options with InvalidRequest before sending anything", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const error = yield* inLockstep(sim, Effect.flip(Tap.submitQuery(sim.url, "SELECT 1", { maxrec: 1.5 })))
      assert.strictEqual(error._tag, "InvalidRequest")
      assert.include(error.message, "maxrec must be a whole number")
      assert.strictEqual(sim.requests.log().length, 0)
    })
  )
})

describe("a finished job's result, over HTTP", () => {
  /** A job of the simulated UWS 1.1 service, run to COMPLETED, as its document and URL. */
  const finished = (sim: Simulator) =>
    Effect.gen(function* () {
      const uws = yield* UwsClient.UwsClient
      sim.uws.scriptNext({ queue: 1, execution: 5, outcome: { phase: "COMPLETED" } })
      const { url } = yield* uws.create(jobs11(sim), { QUERY: "SELECT 1" }, { run: true })
      yield* Effect.sleep("10 seconds")
      return { url, job: yield* uws.read(url) }
    })

  it.effect("streams as bytes, and saves to a file through a temporary one, leaving nothing else", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const directory = mkdtempSync(join(tmpdir(), "jobscope-tap-"))
      const path = join(directory, "result.csv")
      const { text, saved, href } = yield* inLockstep(
        sim,
        Effect.gen(function* () {
          const { url, job } = yield* finished(sim)
          const text = yield* Stream.mkString(Stream.decodeText(Tap.result(job, url)))
          const saved = yield* Lockstep.whileBusy(saveResult(job, url, path))
          return { text, saved, href: yield* Tap.resultUrl(job, url) }
        })
      )
      assert.isAbove(text.length, 0)
      assert.strictEqual(readFileSync(path, "utf8"), text)
      assert.deepStrictEqual(saved, { path, bytes: Buffer.byteLength(text) })
      assert.deepStrictEqual(readdirSync(directory), ["result.csv"])
      assert.match(href, /\/results\/result$/)
    })
  )

  it.effect("a result over maxBytes fails with ReplyTooLarge and leaves no file", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const directory = mkdtempSync(join(tmpdir(), "jobscope-tap-"))
      const error = yield* inLockstep(
        sim,
        Effect.gen(function* () {
          const { url, job } = yield* finished(sim)
          return yield* Effect.flip(
            Lockstep.whileBusy(saveResult(job, url, join(directory, "r.csv"), { maxBytes: 10 }))
          )
        })
      )
      assert.strictEqual(error._tag, "ReplyTooLarge")
      assert.deepStrictEqual(readdirSync(directory), [])
    })
  )

  it.effect("a job with no result fails with InvalidReply saying so, before any request", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const error = yield* inLockstep(
        sim,
        Effect.gen(function* () {
          const uws = yield* UwsClient.UwsClient
          const { url, job } = yield* uws.create(jobs11(sim), { QUERY: "SELECT 1" })
          return yield* Effect.flip(Stream.runDrain(Tap.result(job, url)))
        })
      )
      assert.strictEqual(error._tag, "InvalidReply")
      assert.include(error.message, "the job is PENDING and lists no result to fetch")
    })
  )
})

describe("Tap.submitQuery against the simulated TAP 1.1 service", () => {
  const tap = (sim: Simulator) => `${sim.url}/tap`

  it.effect("submits an ADQL query, follows it to COMPLETED, and streams the CSV the service made", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const adql = "SELECT TOP 5 obsid, target_name FROM swift.observations ORDER BY obsid"
      const { submitted, done, csv } = yield* inLockstep(
        sim,
        Effect.gen(function* () {
          // Polled, not blocking: a stepped clock cannot hold a request open.
          const submitted = yield* Tap.submitQuery(tap(sim), adql, {
            format: "csv",
            maxrec: 100,
            blocking: false
          })
          const done = yield* Follow.waitFor(submitted.job)
          const csv = yield* Stream.mkString(Stream.decodeText(Tap.result(done.reply.job, submitted.url)))
          return { submitted, done, csv }
        })
      )
      assert.match(submitted.url, /\/tap\/async\/[^/]+$/)
      assert.deepInclude(
        submitted.document.parameters.map((parameter) => [parameter.id.toUpperCase(), parameter.value]),
        ["QUERY", adql]
      )
      assert.strictEqual(done.snapshot.tasks[0]?.code, "COMPLETED")
      const rows = csv.trim().split(/\r?\n/)
      assert.strictEqual(rows[0], "obsid,target_name")
      assert.strictEqual(rows.length, 6)
    })
  )

  it.effect(
    "uploads a VOTable inline (multipart, UPLOAD=name,param:name) and queries it back as TAP_UPLOAD",
    () =>
      Effect.gen(function* () {
        const sim = yield* simulator()
        const votable = `<?xml version="1.0"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE>
<FIELD name="label" datatype="char" arraysize="*"/><FIELD name="ra" datatype="double" unit="deg"/>
<DATA><TABLEDATA><TR><TD>a &amp; b</TD><TD>120.5</TD></TR><TR><TD>c</TD><TD>20</TD></TR><TR><TD>d</TD><TD>300</TD></TR></TABLEDATA></DATA>
</TABLE></RESOURCE></VOTABLE>`
        const { submitted, done, csv } = yield* inLockstep(
          sim,
          Effect.gen(function* () {
            const submitted = yield* Tap.submitQuery(
              tap(sim),
              "SELECT label, ra FROM TAP_UPLOAD.mine WHERE ra > 100 ORDER BY ra",
              { format: "csv", uploads: { mine: { votable } }, blocking: false }
            )
            const done = yield* Follow.waitFor(submitted.job)
            const csv = yield* Stream.mkString(Stream.decodeText(Tap.result(done.reply.job, submitted.url)))
            return { submitted, done, csv }
          })
        )
        assert.deepInclude(
          submitted.document.parameters.map((parameter) => [parameter.id.toUpperCase(), parameter.value]),
          ["UPLOAD", "mine,param:mine"]
        )
        assert.strictEqual(done.snapshot.tasks[0]?.code, "COMPLETED")
        assert.deepStrictEqual(csv.trim().split(/\r?\n/), ["label,ra", "a & b,120.5", "d,300"])
      })
  )

  it.effect(
    "an inline upload the service cannot read ends the job in ERROR, the service's sentence its message",
    () =>
      Effect.gen(function* () {
        const sim = yield* simulator()
        const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><VOTABLE><RESOURCE><TABLE><FIELD name="x" datatype="char"/><DATA><TABLEDATA><TR><TD>&lol;</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`
        const done = yield* inLockstep(
          sim,
          Effect.gen(function* () {
            const submitted = yield* Tap.submitQuery(tap(sim), "SELECT x FROM TAP_UPLOAD.lol", {
              uploads: { lol: { votable: new Blob([laughs]) } },
              blocking: false
            })
            return yield* Follow.waitFor(submitted.job)
          })
        )
        const task = done.snapshot.tasks[0]!
        assert.strictEqual(task.phase, "failed")
        assert.include(task.message ?? "", "UPLOAD lol cannot be read")
      })
  )

  it.effect("a query the service cannot run ends in ERROR, its message in the snapshot", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const done = yield* inLockstep(
        sim,
        Effect.gen(function* () {
          const submitted = yield* Tap.submitQuery(tap(sim), "SELECT nope FROM swift.nowhere", {
            blocking: false
          })
          return yield* Follow.waitFor(submitted.job)
        })
      )
      const task = done.snapshot.tasks[0]!
      assert.strictEqual(task.phase, "failed")
      assert.include(task.message ?? "", "nowhere")
    })
  )
})
