import { readFileSync } from "node:fs"
import { assert, describe, expect, it } from "@effect/vitest"
import { Tom, Too, Ukssdc } from "@jobscope/core"
import { JobRef } from "@jobscope/fetch"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"

/** The accepted submit reply of the core's fixture: job 14, asking for a light curve and a spectrum. */
const accepted = (): Ukssdc.SubmitAccepted => {
  const reply = Schema.decodeUnknownSync(Ukssdc.SubmitResponse)(
    JSON.parse(
      readFileSync(new URL("../../core/test/fixtures/ukssdc/submit-accepted.json", import.meta.url), "utf8")
    )
  )
  assert(reply.OK === 1)
  return reply
}

const JobRefJson = Schema.toCodecJson(JobRef.JobRef)

describe("JobRef", () => {
  it("makes each kind of job from what a user has at hand", () => {
    expect(JobRef.ukssdc(14).ref).toEqual({ _tag: "UkssdcJob", jobId: "14" })
    expect(JobRef.ukssdc("14", { products: ["lc"], label: "GRB", positions: true }).ref).toEqual({
      _tag: "UkssdcJob",
      jobId: "14",
      products: ["lc"],
      label: "GRB",
      positions: true
    })
    expect(JobRef.too(1001).ref).toEqual({ _tag: "TooJob", jobnumber: 1001 })
    expect(JobRef.too(1001, "Crab").ref).toEqual({ _tag: "TooJob", jobnumber: 1001, label: "Crab" })
    expect(JobRef.tomTarget(7).ref).toEqual({ _tag: "TomTarget", target: "7" })
    expect(JobRef.tomPipeline(12, "astrosource").ref).toEqual({
      _tag: "TomPipeline",
      pipeline: "12",
      label: "astrosource"
    })
  })

  it("reads the job number of a Swift TOO reply, keeps the reply as the first answer, and refuses a reply that names none", () => {
    const fixture = (name: string) =>
      Schema.decodeUnknownSync(Too.Status)(
        JSON.parse(
          readFileSync(new URL(`../../core/test/fixtures/too/${name}.json`, import.meta.url), "utf8")
        )
      )
    const queued = fixture("status-queued")
    const job = JobRef.fromToo(queued, "Crab")
    expect(job.ref).toEqual({
      _tag: "TooJob",
      jobnumber: queued.api_data.jobnumber,
      label: "Crab"
    })
    // The reply in hand is the first poll's answer.
    expect(job.first).toBe(queued)
    expect(JobRef.too(queued.api_data.jobnumber!).first).toBeUndefined()
    const { jobnumber: _, ...unnumbered } = queued.api_data
    expect(() => JobRef.fromToo({ ...queued, api_data: unnumbered })).toThrow("names no job number")
  })

  it("reads a submit reply: the job's ID, page, name and the products its flags ask for", () => {
    expect(JobRef.fromSubmit(accepted()).ref).toEqual({
      _tag: "UkssdcJob",
      jobId: "14",
      url: "https://www.swift.ac.uk/user_objects/tprods/USERPROD_14",
      products: ["lc", "spec"],
      label: "GRB 200101A"
    })
    expect(JobRef.fromSubmit(accepted(), "my burst").ref.label).toBe("my burst")
    expect(JobRef.fromSubmit(accepted(), undefined, { positions: true }).ref.positions).toBe(true)
  })

  it("counts a flag as set however the server echoes it, and asks for all six when none is", () => {
    const reply = accepted()
    const flags = { lc: 1, spec: "1", dopsf: true, doenh: 0, doxastrom: "0", image: false }
    expect(JobRef.fromSubmit({ ...reply, jobPars: { ...reply.jobPars, ...flags } }).ref.products).toEqual([
      "lc",
      "spec",
      "psf"
    ])
    const { lc: _lc, spec: _spec, name: _name, ...none } = reply.jobPars
    const bare = JobRef.fromSubmit({ ...reply, jobPars: none }).ref
    expect(bare).toEqual({ _tag: "UkssdcJob", jobId: "14", url: reply.URL })
    expect("products" in bare).toBe(false)
  })

  it("names the job for people, keys it, and carries its API's Source for the polling policy", () => {
    const jobs = [JobRef.ukssdc(14), JobRef.too(1001), JobRef.tomTarget("M13"), JobRef.tomPipeline(7)]
    expect(jobs.map((job) => job.name)).toEqual([
      "UKSSDC job 14",
      "Swift TOO job 1001",
      "TOM target M13",
      "TOM pipeline 7"
    ])
    expect(jobs.map((job) => job.key)).toEqual(["ukssdc:14", "too:1001", "tom:target/M13", "tom:pipeline/7"])
    expect(jobs.map((job) => job.source)).toEqual([Ukssdc.source, Too.source, Tom.source, Tom.source])
  })

  it("goes to JSON and back unchanged, and is followed again from it", () => {
    const jobs: ReadonlyArray<JobRef.Any> = [
      JobRef.fromSubmit(accepted(), undefined, { positions: true }),
      JobRef.ukssdc(15),
      JobRef.too(1001, "Crab"),
      JobRef.tomTarget(7, "M13"),
      JobRef.tomPipeline(12)
    ]
    for (const job of jobs) {
      const json = JSON.stringify(Schema.encodeSync(JobRefJson)(job.ref))
      const ref = Schema.decodeUnknownSync(JobRefJson)(JSON.parse(json))
      expect(ref).toEqual(job.ref)
      // Followed again from its data, it is the same job: same key, name, Source and data.
      const again = JobRef.follow(ref)
      expect({ key: again.key, name: again.name, source: again.source, ref: again.ref }).toEqual({
        key: job.key,
        name: job.name,
        source: job.source,
        ref: job.ref
      })
    }
  })

  it("refuses JSON that is no job, saying where", () => {
    const decode = Schema.decodeUnknownResult(JobRefJson)
    for (const bad of [
      { _tag: "TooJob", jobnumber: 10.5 },
      { _tag: "UkssdcJob" },
      { _tag: "Elsewhere", jobId: "1" },
      { _tag: "TomTarget", target: 7 }
    ]) {
      const result = decode(bad)
      assert(Result.isFailure(result), `${JSON.stringify(bad)} should not decode`)
    }
    const missing = decode({ _tag: "UkssdcJob" })
    assert(Result.isFailure(missing))
    expect(missing.failure.message).toContain("jobId")
  })
})
