import { describe, expect, it } from "@effect/vitest"
import { Ukssdc } from "@jobscope/core"
import { everything, post, served, user } from "./served.js"

const all = "lc,spec,enh,psf,xastrom,image"

/** One fixed sequence of requests; every reply's text (archives as base64), with the server's URL masked. */
const script = async (seed: number): Promise<ReadonlyArray<string>> => {
  const sim = await served({ failureProbability: 0.3 }, seed)
  const texts: Array<string> = []
  const send = async (path: string, body: unknown, schema: Parameters<typeof post>[3]) =>
    texts.push((await post(sim, path, body, schema)).text.replaceAll(sim.url, "<url>"))
  await send("run_userobject.php", everything, Ukssdc.SubmitResponse)
  await send(
    "run_userobject.php",
    { ...everything, name: "Mrk 421", getCoords: 1, getTargs: 1 },
    Ukssdc.SubmitResponse
  )
  for (let minute = 0; minute < 32; minute += 1.5) {
    await send(
      "checkProductStatus.php",
      { UserID: user, JobID: 1, what: all, whatProg: all },
      Ukssdc.StatusResponse
    )
    await send(
      "checkProductStatus.php",
      { UserID: user, JobID: 2, what: all, whatProg: "spec" },
      Ukssdc.StatusResponse
    )
    if (minute === 6)
      await send("canceljob.php", { UserID: user, JobID: 2, what: "image" }, Ukssdc.CancelResponse)
    sim.advance("90 seconds")
  }
  await send("tprods/getPSFPos.php", { UserID: user, JobID: 1 }, Ukssdc.PositionResponse)
  await send("listOldJobs.php", { UserID: user }, Ukssdc.ListOldJobsResponse)
  const archive = await fetch(`${sim.url}/user_objects/tprods/USERPROD_1/all.tar.gz`)
  texts.push(`${archive.status} ${Buffer.from(await archive.arrayBuffer()).toString("base64")}`)
  return texts
}

describe("determinism", () => {
  it("gives byte-identical replies for the same seed and requests", async () => {
    const first = await script(7)
    const second = await script(7)
    expect(second).toEqual(first)
    expect(first.some((text) => text.includes('"statusCode":-3'))).toBe(true)
    expect(first.at(-1)).toMatch(/^200 H4sI/)
  })

  it("gives other replies for another seed", async () => {
    const [a, b] = [await script(7), await script(8)]
    const differing = a.filter((text, i) => text !== b[i])
    expect(differing.length).toBeGreaterThan(a.length / 2)
  })

  it("does not let one job's polling change another job", async () => {
    const quiet = await served({}, 3)
    const busy = await served({}, 3)
    for (const sim of [quiet, busy]) {
      await post(sim, "run_userobject.php", everything, Ukssdc.SubmitResponse)
      await post(sim, "run_userobject.php", everything, Ukssdc.SubmitResponse)
    }
    for (let i = 0; i < 20; i++) {
      await post(
        busy,
        "checkProductStatus.php",
        { UserID: user, JobID: 1, what: all, whatProg: all },
        Ukssdc.StatusResponse
      )
      busy.advance("10 seconds")
    }
    quiet.advance("200 seconds")
    const ask = { UserID: user, JobID: 2, what: all, whatProg: all }
    const [a, b] = [
      await post(quiet, "checkProductStatus.php", ask, Ukssdc.StatusResponse),
      await post(busy, "checkProductStatus.php", ask, Ukssdc.StatusResponse)
    ]
    expect(b.text).toBe(a.text)
  })
})
