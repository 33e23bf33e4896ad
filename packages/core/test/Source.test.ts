import { describe, expect, it } from "@effect/vitest"
import { Job, KnownSources, Lifecycle, Source, Tom, Too, TooRest, Ukssdc } from "@jobscope/core"

const uwsLifecycle = Lifecycle.make("UWS job", [
  ["queued", "running"],
  ["running", "waiting"],
  ["waiting", "running"],
  ["running", "succeeded"]
])

describe("Source.make", () => {
  it("fills every field it is not given with a default", () => {
    const uws = Source.make({ id: "uws", name: "UWS", lifecycle: uwsLifecycle })
    expect(uws.polling).toEqual(Source.defaultPolling)
    expect(uws.polling).toEqual({
      floor: 5_000,
      politeFloor: 1_000,
      ceiling: 60_000,
      backoff: 1.5,
      jitter: 0.1,
      etaFraction: 0.3
    })
    expect(uws.moved).toBe(Source.milestones)
    expect(uws.lifecycle).toBe(uwsLifecycle)
    expect(uws.describeJob("j-17")).toBe("UWS job j-17")
  })

  it("names a job with its noun, or its own function", () => {
    const noun = Source.make({ id: "uws", name: "UWS", lifecycle: uwsLifecycle, jobNoun: "TAP query" })
    expect(noun.describeJob("j-17")).toBe("TAP query j-17")
    const own = Source.make({
      id: "uws",
      name: "UWS",
      lifecycle: uwsLifecycle,
      jobNoun: "TAP query",
      describeJob: (jobId) => `query ${jobId.toUpperCase()}`
    })
    expect(own.describeJob("j-17")).toBe("query J-17")
  })

  it("merges the polling it is given over the defaults, and raises a floor under the polite floor", () => {
    const uws = Source.make({
      id: "uws",
      name: "UWS",
      lifecycle: uwsLifecycle,
      polling: { politeFloor: 30_000, ceiling: 600_000 }
    })
    expect(uws.polling).toMatchObject({ floor: 30_000, politeFloor: 30_000, ceiling: 600_000, backoff: 1.5 })
    const low = Source.make({ id: "uws", name: "UWS", lifecycle: uwsLifecycle, polling: { floor: 10 } })
    expect([low.polling.floor, low.polling.politeFloor]).toEqual([1_000, 1_000])
  })

  it.each([
    [{ politeFloor: 0 }, /^uws: politeFloor must be a positive number of milliseconds$/],
    [{ politeFloor: Number.NaN }, /^uws: politeFloor /],
    [{ politeFloor: Number.POSITIVE_INFINITY }, /^uws: politeFloor /],
    [{ ceiling: 2_000 }, /^uws: the ceiling must be finite and not under the floor \(5000 ms\)$/],
    [{ ceiling: Number.POSITIVE_INFINITY }, /^uws: the ceiling /],
    [{ backoff: 0.9 }, /^uws: backoff must be at least 1$/],
    [{ jitter: 1.1 }, /^uws: jitter must be from 0 to 1$/],
    [{ jitter: -0.1 }, /^uws: jitter /],
    [{ etaFraction: 0 }, /^uws: etaFraction must be above 0 and at most 1$/],
    [{ etaFraction: 1.5 }, /^uws: etaFraction /]
  ] satisfies ReadonlyArray<readonly [Partial<Source.Polling>, RegExp]>)(
    "refuses polling %o with a RangeError naming the Source",
    (polling, message) => {
      const make = () => Source.make({ id: "uws", name: "UWS", lifecycle: uwsLifecycle, polling })
      expect(make).toThrow(RangeError)
      expect(make).toThrow(message)
    }
  )
})

describe("what counts as movement", () => {
  const added = Job.TaskAdded.make({ taskId: "lc", phase: "queued" })
  const sameWord = Job.PhaseChanged.make({
    taskId: "lc",
    from: "running",
    to: "running",
    code: 3,
    text: "Fitting"
  })
  const log = Job.LogAppended.make({ taskId: "lc", text: "line\n" })

  it("is a milestone by default: a task added, a change of phase, an anomaly or a new output", () => {
    expect(Source.milestones([added])).toBe(true)
    expect(Source.milestones([log, sameWord])).toBe(false)
    expect(Source.milestones([])).toBe(false)
  })

  it("is any event at all for an API whose only progress is text", () => {
    expect(Source.anyEvent([log])).toBe(true)
    expect(Source.anyEvent([sameWord])).toBe(true)
    expect(Source.anyEvent([])).toBe(false)
  })
})

describe("the built-in Sources", () => {
  it("carry each API's id, name, lifecycle and polling", () => {
    const summary = (source: Source.Source) => [
      source.id,
      source.name,
      source.lifecycle.name,
      source.polling.politeFloor,
      source.polling.floor,
      source.polling.ceiling
    ]
    expect(summary(Ukssdc.source)).toEqual(["ukssdc", "UKSSDC", "UKSSDC product", 10_000, 10_000, 120_000])
    expect(summary(Too.source)).toEqual(["too", "Swift TOO", "Swift TOO job", 1_000, 1_000, 15_000])
    expect(summary(Tom.source)).toEqual(["tom", "TOM", "TOM process", 1_000, 1_000, 60_000])
    expect([Ukssdc.source.moved, Too.source.moved, Tom.source.moved]).toEqual([
      Source.milestones,
      Source.milestones,
      Source.anyEvent
    ])
  })

  it("name their jobs for people", () => {
    expect(Ukssdc.source.describeJob("14")).toBe("UKSSDC job 14")
    expect(Too.source.describeJob("1187")).toBe("Swift TOO job 1187")
    expect(Tom.source.describeJob("target/7")).toBe("TOM target 7")
    expect(Tom.source.describeJob("pipeline/7")).toBe("TOM pipeline 7")
  })
})

describe("Source.registry", () => {
  it("finds the built-in Sources by id, in KnownSources", () => {
    expect(KnownSources.registry.get("ukssdc")).toBe(Ukssdc.source)
    expect(KnownSources.registry.get("too")).toBe(Too.source)
    expect(KnownSources.registry.get("tom")).toBe(Tom.source)
    expect(KnownSources.registry.get("too-request")).toBe(TooRest.source)
    expect(KnownSources.registry.sources).toEqual([Ukssdc.source, Too.source, TooRest.source, Tom.source])
  })

  it("gives an id it does not know the unknown Source, the same one each time", () => {
    const uws = KnownSources.registry.get("uws")
    expect([uws.id, uws.name, uws.describeJob("j-17")]).toEqual(["uws", "uws", "uws job j-17"])
    expect(uws.lifecycle).toBe(Lifecycle.generic)
    expect(uws.polling).toEqual(Source.defaultPolling)
    expect(KnownSources.registry.get("uws")).toBe(uws)
    expect(Source.unknown("uws").describeJob("j-17")).toBe("uws job j-17")
  })

  it("registers a third party's Source, replacing one of the same id and leaving the base as it was", () => {
    const uws = Source.make({ id: "uws", name: "UWS", lifecycle: uwsLifecycle })
    const mine = Source.register(KnownSources.registry, uws)
    expect(mine.get("uws")).toBe(uws)
    expect(mine.get("ukssdc")).toBe(Ukssdc.source)
    expect(KnownSources.registry.get("uws")).not.toBe(uws)
    const slowUkssdc = Source.make({
      id: "ukssdc",
      name: "UKSSDC (mirror)",
      lifecycle: Ukssdc.lifecycle,
      polling: { politeFloor: 60_000, ceiling: 600_000 }
    })
    const replaced = Source.register(mine, slowUkssdc)
    expect(replaced.get("ukssdc")).toBe(slowUkssdc)
    expect(replaced.sources.map((source) => source.id)).toEqual([
      "ukssdc",
      "too",
      "too-request",
      "tom",
      "uws"
    ])
    expect(
      Source.registry([uws, Source.make({ id: "uws", name: "UWS 2", lifecycle: uwsLifecycle })]).get("uws")
        .name
    ).toBe("UWS 2")
  })
})
