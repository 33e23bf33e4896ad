import { describe, expect, it } from "@effect/vitest"
import { Ukssdc } from "@jobscope/core"
import { everything, fixture, post, type Served, served, user } from "./served.js"

const submitted = async (body: unknown = everything) => {
  const sim = await served()
  const { reply } = await post(sim, "run_userobject.php", body, Ukssdc.SubmitResponse)
  if (reply.OK !== 1) throw new Error(reply.ERROR)
  return sim
}

const cancel = async (sim: Served, what: string, UserID = user) =>
  (await post(sim, "canceljob.php", { UserID, JobID: 1, what }, Ukssdc.CancelResponse)).reply

const status = async (sim: Served, what: string) => {
  const { reply } = await post(
    sim,
    "checkProductStatus.php",
    { UserID: user, JobID: 1, what },
    Ukssdc.StatusResponse
  )
  if (reply.OK !== 1) throw new Error(reply.ERROR)
  return reply.products
}

describe("canceljob.php", () => {
  it("cancels every product asked about (OK 1); from then on they answer -4", async () => {
    const sim = await submitted()
    sim.advance("3 minutes")
    const reply = await cancel(sim, "lc,spec")
    expect(reply).toEqual({
      OK: 1,
      JobID: 1,
      APIVersion: 0.1,
      status: { lc: "Job cancelled OK", spec: "Job cancelled OK" },
      statusCodes: { lc: 0, spec: 0 }
    })
    sim.advance("10 seconds")
    const products = await status(sim, "lc,spec,psf")
    expect(products.lc).toEqual({
      statusCode: -4,
      statusText: "Cancelled at your request",
      progress: { GotProgress: 0 }
    })
    expect(products.spec?.statusCode).toBe(-4)
    expect(products.psf?.statusCode).not.toBe(-4)
    expect(sim.ukssdc.job(1)?.products.find((product) => product.product === "lc")).toMatchObject({
      outcome: -4,
      endsAt: new Date(sim.now().getTime() - 10_000)
    })
  })

  it("answers OK 2 with per-product codes when some have already finished, as the api-facts example", async () => {
    const sim = await submitted({ ...everything, dopsf: 0, doenh: 0, doxastrom: 0, image: 0 })
    const [first, second] = [...sim.ukssdc.job(1)!.products].sort(
      (a, b) => a.endsAt.getTime() - b.endsAt.getTime()
    )
    sim.advance(first!.endsAt.getTime() - sim.now().getTime())
    const reply = await cancel(sim, "lc,spec")
    const example = fixture("cancel-some") as unknown as Ukssdc.CancelDone
    expect(reply).toEqual({
      ...example,
      status: { [first!.product]: example.status.lc, [second!.product]: example.status.spec },
      statusCodes: { [first!.product]: 1, [second!.product]: 0 }
    })
    const products = await status(sim, `${first!.product},${second!.product}`)
    expect(Object.values(products).map((product) => product.statusCode)).toEqual([4, -4])
  })

  it("answers OK 2 with a code per product when nothing could be cancelled (finished, already cancelled, or not in the job), as CancelJob.md documents", async () => {
    const sim = await submitted({ ...everything, image: 0 })
    sim.advance("1 minute")
    expect((await cancel(sim, "spec")).OK).toBe(1)
    sim.advance("40 minutes")
    const reply = await cancel(sim, "lc,spec,image")
    expect(reply).toEqual({
      OK: 2,
      JobID: 1,
      APIVersion: 0.1,
      status: {
        lc: "Job could not be cancelled - has it already finished?",
        spec: "Job could not be cancelled - has it already finished?",
        image: "There is no record of this product in the job"
      },
      statusCodes: { lc: 1, spec: 1, image: 2 }
    })
    expect((await status(sim, "spec")).spec?.statusCode).toBe(-4)
  })

  it("gives code 2 to a product the job does not have, beside one it cancels", async () => {
    const sim = await submitted({ ...everything, image: 0 })
    const reply = await cancel(sim, "image,lc")
    expect(reply).toMatchObject({ OK: 2, statusCodes: { image: 2, lc: 0 } })
  })

  it("refuses another user's job, as the seed's fixture shows", async () => {
    const sim = await submitted()
    const reply = await cancel(sim, "lc", "someone@example.org")
    expect(reply).toEqual({ OK: 0, ERROR: "Job 1 is not owned by user someone@example.org", APIVersion: 0.1 })
    expect((await status(sim, "lc")).lc?.statusCode).toBe(1)
  })

  it("cancels a product while it is still queued", async () => {
    const sim = await submitted()
    expect((await status(sim, "image")).image?.statusCode).toBe(1)
    expect((await cancel(sim, "image")).OK).toBe(1)
    expect((await status(sim, "image")).image?.statusCode).toBe(-4)
  })

  it("fails the astrometry waiting on a PSF position that was cancelled", async () => {
    const sim = await submitted()
    const psf = sim.ukssdc.job(1)!.products.find((product) => product.product === "psf")!
    sim.advance(psf.startedAt.getTime() - sim.now().getTime())
    expect((await status(sim, "xastrom")).xastrom?.statusCode).toBe(5)
    expect((await cancel(sim, "psf")).OK).toBe(1)
    const products = await status(sim, "psf,xastrom")
    expect([products.psf?.statusCode, products.xastrom?.statusCode]).toEqual([-4, -3])
  })
})
