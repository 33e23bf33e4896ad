import { describe, expect, it } from "@effect/vitest"
import { Job, Progress, Ukssdc } from "@jobscope/core"
import * as Duration from "effect/Duration"
import { everything, fixture, post, type Served, served, user } from "./served.js"

const all = "lc,spec,enh,psf,xastrom,image"

const poll = async (sim: Served, body: unknown = { UserID: user, JobID: 1, what: all, whatProg: all }) =>
  post(sim, "checkProductStatus.php", body, Ukssdc.StatusResponse)

const ok = (reply: Ukssdc.StatusResponse): Ukssdc.StatusOk => {
  if (reply.OK !== 1) throw new Error(reply.ERROR)
  return reply
}

const refused = (reply: Ukssdc.StatusResponse): string => {
  if (reply.OK !== 0) throw new Error(`expected a refusal, got ${JSON.stringify(reply)}`)
  return reply.ERROR
}

const submitted = async (body: unknown = everything, options: Parameters<typeof served>[0] = {}) => {
  const sim = await served(options)
  const { reply } = await post(sim, "run_userobject.php", body, Ukssdc.SubmitResponse)
  if (reply.OK !== 1) throw new Error(reply.ERROR)
  return { sim, submit: reply }
}

/** Every distinct value in order, repeats folded. */
const runs = <A>(values: ReadonlyArray<A>): ReadonlyArray<A> =>
  values.filter((value, i) => i === 0 || values[i - 1] !== value)

describe("checkProductStatus.php", () => {
  it("takes a job through 1 → 2 → 3 → 4 (xastrom through 5), with progress that decodes, maps and diffs", async () => {
    const { sim, submit } = await submitted()
    const plan = sim.ukssdc.job(1)!
    const snapshots: Array<Job.Snapshot> = []
    const replies: Array<{ at: number; reply: Ukssdc.StatusOk }> = []
    while (sim.now().getTime() <= plan.endsAt.getTime() + 5_000) {
      const { status, contentType, reply } = await poll(sim)
      expect(status).toBe(200)
      expect(contentType).toBe("text/html; charset=UTF-8")
      replies.push({ at: sim.now().getTime(), reply: ok(reply) })
      snapshots.push(Ukssdc.toSnapshot(ok(reply), { observedAt: sim.now(), url: submit.URL }))
      sim.advance("5 seconds")
    }
    const codes = (product: string) => runs(replies.map(({ reply }) => reply.products[product]?.statusCode))
    for (const product of ["lc", "spec", "enh", "psf", "image"]) expect(codes(product)).toEqual([1, 2, 3, 4])
    expect(codes("xastrom")).toEqual([1, 2, 5, 3, 4])

    // xastrom starts its own steps at the first poll that sees the PSF position complete
    const firstRunning = replies.find(({ reply }) => reply.products.xastrom?.statusCode === 3)!
    const lastWaiting = [...replies].reverse().find(({ reply }) => reply.products.xastrom?.statusCode === 5)!
    expect(firstRunning.reply.products.psf?.statusCode).toBe(4)
    expect(lastWaiting.reply.products.psf?.statusCode).toBe(3)
    expect(lastWaiting.reply.products.xastrom?.statusText).toBe("Waiting for the PSF position")
    const xastrom = plan.products.find((product) => product.product === "xastrom")!
    const psfEnd = plan.products.find((product) => product.product === "psf")!.endsAt
    expect(xastrom.runningAt).toEqual(psfEnd)
    const xastromTime = firstRunning.reply.products.xastrom?.progress?.TimeRunning
    expect(xastromTime && Duration.toMillis(xastromTime)).toBe(
      Math.floor((firstRunning.at - xastrom.runningAt.getTime()) / 1000) * 1000
    )

    // the job ends at the first poll at or after the moment its plan says
    const finished = replies.find(({ reply }) =>
      Object.values(reply.products).every((p) => p.statusCode === 4)
    )!
    expect(finished.at).toBeGreaterThanOrEqual(plan.endsAt.getTime())
    expect(finished.at - plan.endsAt.getTime()).toBeLessThan(5_000)
    const minutes = (plan.endsAt.getTime() - plan.submittedAt.getTime()) / 60_000
    expect(minutes).toBeGreaterThanOrEqual(10)
    expect(minutes).toBeLessThanOrEqual(30)
    expect(Job.isTerminal(snapshots.at(-1)!)).toBe(true)
    expect(Job.outcome(snapshots.at(-1)!)).toBe("succeeded")

    const events = snapshots
      .slice(1)
      .flatMap((snapshot, i) => Job.diff(snapshots[i]!, snapshot, Ukssdc.source))
    expect(events.filter((event) => event._tag === "Anomaly")).toEqual([])
    for (const product of ["lc", "spec", "enh", "psf", "image"]) {
      const phases = events.filter((event) => event._tag === "PhaseChanged" && event.taskId === product)
      expect(phases.map((event) => (event._tag === "PhaseChanged" ? event.to : ""))).toEqual([
        "queued",
        "running",
        "succeeded"
      ])
    }
    // every step of every product is seen starting or done, with the seed's labels
    const reached = (product: string) =>
      new Set(
        events.flatMap((event) =>
          (event._tag === "StepStarted" || event._tag === "StepDone") && event.taskId === product
            ? [event.at.labels.join(" / ")]
            : []
        )
      )
    expect(reached("spec")).toEqual(
      new Set([
        "Prepare data.",
        "Build spectra.",
        "Build spectra. / Extract data.",
        "Build spectra. / Fit spectrum."
      ])
    )
    expect([...reached("psf")]).toEqual([
      "Collect data.",
      "Sum images and exposure maps.",
      "Perform detection with locally-estimated background",
      "Perform PSF fit."
    ])
    expect(reached("xastrom")).toContain("Searching for sources. / Perform source detection.")
    expect(reached("xastrom").size).toBe(15)
    expect(reached("image")).toEqual(
      new Set(["Collect data.", "Merge event lists.", "Creating images.", "Creating exposure map."])
    )

    // the spectra counter climbs one dataset at a time to its total, naming each observation
    const counters = events.flatMap((event) =>
      event._tag === "CounterAdvanced" && event.taskId === "spec" ? [event.to] : []
    )
    const total = counters[0]!.total
    expect(counters.map((counter) => counter.current)).toEqual(
      counters.map((_, i) => counters[0]!.current + i)
    )
    expect(counters.at(-1)).toEqual({ current: total, total })
    const specExtras = replies.flatMap(({ reply }) =>
      (reply.products.spec?.progress?.ProgressSteps ?? []).flatMap((step) => step.StepExtra ?? [])
    )
    expect(specExtras).toContain(`Working on spectrum: Obs_00081637001 (1/${total})`)
    for (const extra of specExtras)
      expect(extra).toMatch(/^Working on spectrum: Obs_00081637\d{3} \(\d+\/\d+\)$/)
    // sub-steps cycle: each spectrum is extracted, then fitted
    const fits = events.filter(
      (event) =>
        event._tag === "StepStarted" && event.at.labels.join(" / ") === "Build spectra. / Fit spectrum."
    )
    expect(fits.length).toBeGreaterThan(total / 2)

    const xastromExtras = replies.flatMap(({ reply }) =>
      (reply.products.xastrom?.progress?.ProgressSteps ?? []).flatMap((step) => step.StepExtra ?? [])
    )
    expect(xastromExtras.some((extra) => /^Working on observation \d+ \/ \d+$/.test(extra))).toBe(true)
    const preProgress = replies.flatMap(({ reply }) => reply.products.enh?.progress?.PreProgress ?? [])
    expect(preProgress[0]).toBe("Trying using the <em>uvw1,u,b,v,white</em> filters:")

    // TimeRunning counts from when the product began running, not from the request
    const lcStart = plan.products.find((product) => product.product === "lc")!.startedAt.getTime()
    for (const { at, reply } of replies) {
      const lc = reply.products.lc!
      if (lc.statusCode !== 3) continue
      expect(Duration.toSeconds(lc.progress!.TimeRunning!)).toBe(Math.floor((at - lcStart) / 1000))
    }
    const steps = snapshots.flatMap((snapshot) => Job.task(snapshot, "spec")?.steps ?? [])
    expect(Progress.depth(steps)).toBe(2)
  })

  it("reports progress only for the products in whatProg (GotProgress 0 for the others)", async () => {
    const { sim } = await submitted()
    sim.advance("8 minutes")
    const basic = ok((await poll(sim, fixture("status-basic-request"))).reply)
    expect(Object.keys(basic.products)).toEqual(["lc", "spec"])
    expect(basic.products.lc).toEqual({ statusCode: 3, statusText: "Running", progress: { GotProgress: 0 } })
    expect(basic.products.spec?.progress).toEqual({ GotProgress: 0 })
    const complex = ok((await poll(sim, fixture("status-complex-request"))).reply)
    expect(Object.keys(complex.products)).toEqual(["lc", "spec", "psf"])
    expect(complex.products.lc?.progress).toEqual({ GotProgress: 0 })
    expect(complex.products.spec?.progress?.GotProgress).toBe(1)
    expect(complex.products.spec?.progress?.ProgressSteps?.map((step) => step.StepLabel)).toEqual([
      "Prepare data.",
      "Build spectra."
    ])
    expect(complex.products.psf?.progress?.GotProgress).toBe(1)
  })

  it("says a queued product's progress is unavailable (2) and a finished one's is not reported (0)", async () => {
    const { sim } = await submitted()
    const psf = sim.ukssdc.job(1)!.products.find((product) => product.product === "psf")!
    sim.advance(psf.queuedAt.getTime() - sim.now().getTime())
    const queued = ok((await poll(sim)).reply).products.psf
    expect(queued).toEqual({ statusCode: 2, statusText: "Queued", progress: { GotProgress: 2 } })
    sim.advance(psf.endsAt.getTime() - sim.now().getTime())
    const complete = ok((await poll(sim)).reply).products.psf
    expect(complete).toEqual({ statusCode: 4, statusText: "Complete", progress: { GotProgress: 0 } })
  })

  it("answers null / Unknown status for products the job does not have, as the seed's example 4", async () => {
    const { sim } = await submitted({ ...everything, lc: 0, dopsf: 0, doenh: 0, doxastrom: 0, image: 0 })
    sim.advance("5 minutes")
    const { reply } = await poll(sim, fixture("status-full-request"))
    const expected = fixture("status-nonexistent-products") as Record<string, unknown>
    for (const product of ["lc", "enh", "psf", "xastrom", "image"])
      expect(ok(reply).products[product]).toEqual(expected[product])
    expect(ok(reply).products.spec?.statusCode).toBe(3)
    const sourceDet = ok((await poll(sim, { UserID: user, JobID: 1, what: "sourceDet" })).reply)
    expect(sourceDet.products.sourceDet?.statusText).toBe("Unknown status")
  })

  it("accepts the JobID as the submit reply gave it, a string", async () => {
    const { sim } = await submitted()
    const { reply } = await poll(sim, { UserID: user, JobID: "1", what: "lc" })
    expect(ok(reply).JobID).toBe(1)
    expect(ok(reply).products.lc?.statusCode).toBe(1)
  })

  it("refuses another user's job, an unknown job, unknown products and malformed requests with OK 0", async () => {
    const { sim } = await submitted()
    expect(refused((await poll(sim, { UserID: "someone@example.org", JobID: 1, what: "lc" })).reply)).toBe(
      "Job 1 is not owned by user someone@example.org"
    )
    expect(refused((await poll(sim, { UserID: user, JobID: 99, what: "lc" })).reply)).toBe(
      "Job 99 does not exist."
    )
    expect(refused((await poll(sim, { UserID: user, JobID: "fourteen", what: "lc" })).reply)).toBe(
      "Job fourteen does not exist."
    )
    expect(refused((await poll(sim, { UserID: user, JobID: 1, what: "lc,curve" })).reply)).toBe(
      "curve is not a product; the products are lc, spec, enh, psf, xastrom, image, sourceDet."
    )
    expect(
      refused((await poll(sim, { UserID: user, JobID: 1, what: "lc", whatProg: "spec" })).reply)
    ).toContain("whatProg asks for the progress of spec, which what does not ask about")
    expect(refused((await poll(sim, { UserID: user, JobID: 1 })).reply)).toMatch(/^status request: at what: /)
    expect(refused((await poll(sim, "<html>")).reply)).toMatch(/^status request: an HTML page came/)
    const { status } = await poll(sim, "{")
    expect(status).toBe(200)
  })

  it("carries the deprecation warning it is given", async () => {
    const deprecationWarning = { type: "notice", message: "APIVersion 0.1 will be retired." }
    const { sim } = await submitted(everything, { deprecationWarning })
    expect(ok((await poll(sim)).reply).deprecationWarning).toEqual(deprecationWarning)
  })

  it("fails a product scripted in the options halfway through its run (-3), and the xastrom waiting on it", async () => {
    const { sim } = await submitted(everything, { failures: [{ product: "psf", jobId: 1 }] })
    const psf = sim.ukssdc.job(1)!.products.find((product) => product.product === "psf")!
    expect(psf.outcome).toBe(-3)
    sim.advance(psf.endsAt.getTime() - sim.now().getTime() - 1_000)
    expect(ok((await poll(sim)).reply).products.psf?.statusCode).toBe(3)
    expect(ok((await poll(sim)).reply).products.xastrom?.statusCode).toBe(5)
    sim.advance("1 second")
    const after = ok((await poll(sim)).reply)
    expect(after.products.psf).toEqual({
      statusCode: -3,
      statusText: "Failed: the product could not be built",
      progress: { GotProgress: 0 }
    })
    expect(after.products.xastrom?.statusCode).toBe(-3)
    expect(after.products.lc?.statusCode).toBe(3)
    // a second job is not scripted
    await post(sim, "run_userobject.php", everything, Ukssdc.SubmitResponse)
    expect(sim.ukssdc.job(2)!.products.every((product) => product.outcome === 4)).toBe(true)
  })

  it("fails a product from the API's controls at once, and not one that has ended", async () => {
    const { sim } = await submitted()
    sim.advance("5 minutes")
    expect(sim.ukssdc.fail(1, "spec")).toBe(true)
    expect(ok((await poll(sim)).reply).products.spec?.statusCode).toBe(-3)
    expect(sim.ukssdc.fail(1, "spec")).toBe(false)
    expect(sim.ukssdc.fail(99, "spec")).toBe(false)
    sim.advance("30 minutes")
    expect(sim.ukssdc.fail(1, "lc")).toBe(false)
    expect(ok((await poll(sim)).reply).products.lc?.statusCode).toBe(4)
  })

  it("fails products by the seeded failure probability", async () => {
    const { sim } = await submitted(everything, { failureProbability: 1 })
    const job = sim.ukssdc.job(1)!
    expect(job.products.map((product) => product.outcome)).toEqual([-3, -3, -3, -3, -3, -3])
    sim.advance(job.endsAt.getTime() - sim.now().getTime())
    const reply = ok((await poll(sim)).reply)
    expect(Object.values(reply.products).map((product) => product.statusCode)).toEqual([
      -3, -3, -3, -3, -3, -3
    ])
    expect(Job.outcome(Ukssdc.toSnapshot(reply, { observedAt: sim.now() }))).toBe("failed")
  })
})
