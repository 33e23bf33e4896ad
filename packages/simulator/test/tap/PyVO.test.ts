/**
 * The Must-show: a standard TAP client, PyVO (Debian's python3-pyvo, which
 * `.ci/run` installs), runs its whole async flow against the simulated TAP
 * service unchanged: submit, run, wait, fetch the VOTable, delete; plus a
 * sync query, a cone search, errors, the tables and the capabilities.
 */
import { execFile } from "node:child_process"
import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { describe, expect, it } from "@effect/vitest"
import { started } from "../support/simulator.js"

/** The Python with pyvo: `PYVO_PYTHON` if set, else Debian's, where `apt-get install python3-pyvo` puts it. */
const python = process.env.PYVO_PYTHON ?? "/usr/bin/python3"
const script = fileURLToPath(new URL("./pyvo_flow.py", import.meta.url))

interface Seen {
  readonly created_phase: string
  readonly uws_version: string
  readonly final_phase: string
  readonly async_columns: ReadonlyArray<string>
  readonly async_rows: ReadonlyArray<readonly [number, string]>
  readonly deleted_url: string
  readonly sync_rows: number
  readonly sync_status: string
  readonly cone_rows: number
  readonly sync_error: string | null
  readonly async_error: string | null
  readonly async_error_phase: string
  readonly tables: ReadonlyArray<string>
  readonly xrt_columns: ReadonlyArray<string>
  readonly languages: ReadonlyArray<string>
  readonly output_formats: ReadonlyArray<string>
  readonly upload_rows: ReadonlyArray<readonly [string, number]>
  readonly upload_methods: ReadonlyArray<string>
  readonly maxrec: number
  readonly hardlimit: number
  readonly available: boolean
}

describe("PyVO against the simulated TAP service", () => {
  it("submits, runs, waits for, fetches and deletes an async query, and reads the service's metadata", async () => {
    expect(existsSync(python), `${python} is missing: install Debian's python3-pyvo (see .ci/run)`).toBe(true)
    // A scaled clock, as pyvo waits in real time: the first query queues 20 s and runs 5 minutes
    // (3.2 s of real time), and a WAIT may hold for up to an hour.
    const sim = await started({ speed: 100, tap: { maxWait: 3_600 } })
    sim.tap.scriptNext({ queue: 20, execution: 300, outcome: { phase: "COMPLETED" } })
    const { stdout } = await promisify(execFile)(python, [script, `${sim.url}/tap`], {
      encoding: "utf8",
      timeout: 120_000
    })
    const seen = JSON.parse(stdout) as Seen

    expect(seen.created_phase).toBe("PENDING")
    expect(seen.uws_version).toBe("1.1")
    expect(seen.final_phase).toBe("COMPLETED")
    expect(seen.async_columns).toEqual(["source_id", "name", "ra", "dec", "flux"])
    const expected = sim.tap.query(
      "SELECT TOP 5 source_id, name FROM swift.xrt_sources WHERE rate > 0.01 ORDER BY rate DESC"
    )
    expect(seen.async_rows).toEqual(expected.rows)
    expect(seen.async_rows).toHaveLength(5)
    const id = seen.deleted_url.split("/").at(-1)!
    expect(sim.tap.job(id)).toBeUndefined()
    expect((await fetch(seen.deleted_url)).status).toBe(404)
    // pyvo waited with WAIT=-1, one request per phase change (QUEUED → EXECUTING → COMPLETED)
    // over the 320 s, where polling every second would have sent hundreds. The job's URL was
    // asked 9 times in all: the 303 of the creation followed and the read of the new job,
    // .phase, .uws_version, the 303 of run() followed, the two WAITs, .phase, and the delete.
    expect(sim.requests.log({ job: `tap/${id}`, route: "tap.job" })).toHaveLength(9)

    expect(seen.sync_rows).toBe(3)
    expect(seen.sync_status).toBe("OVERFLOW")
    expect(seen.cone_rows).toBe(
      sim.tap.query(
        "SELECT obsid FROM swift.observations WHERE 1 = CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 180, 0, 30))"
      ).rows.length
    )
    expect(seen.cone_rows).toBeGreaterThan(0)
    expect(seen.sync_error).toContain("joins are not supported by this service")
    expect(seen.async_error).not.toBeNull()
    expect(seen.async_error_phase).toBe("ERROR")

    expect(seen.tables).toEqual([
      "TAP_SCHEMA.columns",
      "TAP_SCHEMA.key_columns",
      "TAP_SCHEMA.keys",
      "TAP_SCHEMA.schemas",
      "TAP_SCHEMA.tables",
      "swift.observations",
      "swift.xrt_sources"
    ])
    expect(seen.xrt_columns).toEqual(["source_id", "name", "ra", "dec", "err90", "rate", "flux", "obsid"])
    expect(seen.languages).toEqual(["ADQL"])
    expect(seen.output_formats).toEqual([
      "application/x-votable+xml",
      "text/csv",
      "text/tab-separated-values"
    ])
    expect(seen.upload_rows).toEqual([
      ["a", 180.5],
      ["c", 300]
    ])
    expect(seen.upload_methods).toEqual(["ivo://ivoa.net/std/TAPRegExt#upload-inline"])
    expect([seen.maxrec, seen.hardlimit]).toEqual([1000, 100_000])
    expect(seen.available).toBe(true)
  }, 180_000)
})
