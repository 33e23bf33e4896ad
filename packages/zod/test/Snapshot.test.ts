import { describe, expect, it } from "@effect/vitest"
import { Tom as CoreTom, Too as CoreToo, Ukssdc as CoreUkssdc, DecodeError } from "@jobscope/core"
import * as Schema from "effect/Schema"
import { Snapshot, Tom, Too, Ukssdc } from "../src/index.js"
import { fixture, fixtureNames } from "./fixtures.js"

const observedAt = new Date("2021-03-16T12:00:00.000Z")
const examples = (prefix: string) => fixtureNames.filter((name) => name.startsWith(prefix))

describe("Snapshot.fromUkssdc", () => {
  for (const name of examples("ukssdc/status-").filter((name) => !/request|not-owner/.test(name))) {
    it(`maps ${name} exactly as the core maps it`, () => {
      const reply = Ukssdc.StatusResponse.parse(fixture(name))
      const core = Schema.decodeUnknownSync(CoreUkssdc.StatusResponse)(fixture(name))
      if (reply.OK !== 1 || core.OK !== 1) throw new Error("not OK")
      const options = {
        observedAt,
        url: "https://www.swift.ac.uk/user_objects/tprods/USERPROD_1",
        label: "GRB"
      }
      expect(Snapshot.fromUkssdc(reply, options)).toEqual(CoreUkssdc.toSnapshot(core, options))
    })
  }

  it("gives tasks a zod-only caller can read: one per product, in the order sent, with labels and steps", () => {
    const reply = Ukssdc.StatusResponse.parse(fixture("ukssdc/status-full"))
    if (reply.OK !== 1) throw new Error("not OK")
    const snapshot = Snapshot.fromUkssdc(reply, { observedAt })
    expect(snapshot.tasks.map((task) => task.id)).toEqual(Object.keys(Ukssdc.productsOf(reply)))
    const spec = snapshot.tasks.find((task) => task.id === "spec")
    expect([spec?.label, spec?.phase, spec?.steps?.[1]?.counter]).toEqual([
      "Spectrum",
      "running",
      { current: 14, total: 156 }
    ])
  })

  it("throws the core's DecodeError, naming the problem, for a reply zod never checked", () => {
    const unchecked: Ukssdc.StatusOk = { OK: 1, JobID: 1, lc: { statusCode: 9, statusText: "?" } }
    expect(() => Snapshot.fromUkssdc(unchecked, { observedAt })).toThrow(DecodeError.DecodeError)
    expect(() => Snapshot.fromUkssdc(unchecked, { observedAt })).toThrow(
      /^UKSSDC status reply: at lc\.statusCode: /
    )
  })
})

describe("Snapshot.fromToo", () => {
  for (const name of examples("too/").filter((name) => name !== "too/too-request")) {
    it(`maps ${name} exactly as the core maps it`, () => {
      const core = CoreToo.toSnapshot(Schema.decodeUnknownSync(CoreToo.Envelope)(fixture(name)), {
        observedAt
      })
      expect(Snapshot.fromToo(Too.Envelope.parse(fixture(name)), { observedAt })).toEqual(core)
    })
  }

  it("names a bare status after the request that was sent, as the core does", () => {
    const request = Too.Envelope.parse(fixture("too/visquery-request"))
    const snapshot = Snapshot.fromToo(Too.Envelope.parse(fixture("too/status-queued")), {
      observedAt,
      request
    })
    expect([snapshot.label, snapshot.tasks[0]?.phase]).toEqual(["Visibility query", "queued"])
    expect(snapshot).toEqual(
      CoreToo.toSnapshot(Schema.decodeUnknownSync(CoreToo.Envelope)(fixture("too/status-queued")), {
        observedAt,
        request: Schema.decodeUnknownSync(CoreToo.Envelope)(fixture("too/visquery-request"))
      })
    )
  })

  it("throws the core's DecodeError for an envelope zod never checked", () => {
    const unchecked: Too.Envelope = {
      api_name: "Swift_Clock",
      api_version: "1.2",
      api_data: { met: Number.NaN }
    }
    expect(() => Snapshot.fromToo(unchecked, { observedAt })).toThrow(DecodeError.DecodeError)
  })
})

describe("Snapshot.fromTom and fromTomLogs", () => {
  for (const name of examples("tom/status-")) {
    it(`maps ${name} exactly as the core maps it`, () => {
      const options = { target: 7, observedAt, label: "M13" }
      const core = CoreTom.toSnapshot(
        Schema.decodeUnknownSync(CoreTom.AsyncStatusResponse)(fixture(name)),
        options
      )
      expect(Snapshot.fromTom(Tom.AsyncStatusResponse.parse(fixture(name)), options)).toEqual(core)
    })
  }

  for (const name of examples("tom/pipeline-")) {
    it(`maps ${name} exactly as the core maps it`, () => {
      const options = { pipeline: 45, observedAt }
      const core = CoreTom.logsToSnapshot(
        Schema.decodeUnknownSync(CoreTom.PipelineLogs)(fixture(name)),
        options
      )
      expect(Snapshot.fromTomLogs(Tom.PipelineLogs.parse(fixture(name)), options)).toEqual(core)
    })
  }

  it("reads a null log as empty, as the core does", () => {
    const logs = Tom.PipelineLogs.parse({ ...(fixture("tom/pipeline-running-early") as object), logs: null })
    expect(Snapshot.fromTomLogs(logs, { pipeline: 1, observedAt }).tasks[0]?.logs).toBe("")
  })
})
