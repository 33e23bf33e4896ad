import { describe, expect, it } from "@effect/vitest"
import { started } from "../support/simulator.js"
import * as Xml from "../support/xml.js"

const create = async (url: string) => {
  const response = await fetch(`${url}/uws/jobs`, { method: "POST", body: "", redirect: "manual" })
  return response.headers.get("location")!
}

describe("faults on the UWS and TAP services", () => {
  it("serves an HTML error page with status 200, or the job document cut short, as a hostile server does", async () => {
    const sim = await started({ faults: ["uws.job=htmlx1", "uws.job=malformedx1"] })
    const url = await create(sim.url)
    const html = await fetch(url)
    expect(html.status).toBe(200)
    expect(html.headers.get("content-type")).toMatch(/^text\/html/)
    expect(await html.text()).toContain("<title>500 Internal Server Error</title>")
    const cut = await (await fetch(url)).text()
    expect(cut.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<uws:job')).toBe(true)
    expect(() => Xml.parse(cut)).toThrow()
    expect(Xml.parse(await (await fetch(url)).text()).name).toBe("job")
    expect(sim.requests.perRoute()["uws.job"]).toBe(3)
  })

  it("answers 503, or 429 with Retry-After, on a whole family of routes", async () => {
    const sim = await started({ faults: ["uws10.*=429:retry-after=7x2", "tap.sync=503x1"] })
    const limited = await fetch(`${sim.url}/uws10/jobs`)
    expect(limited.status).toBe(429)
    expect(limited.headers.get("retry-after")).toBe("7")
    expect((await fetch(`${sim.url}/uws10/jobs`, { method: "POST", body: "" })).status).toBe(429)
    expect((await fetch(`${sim.url}/uws10/jobs`)).status).toBe(200)
    const adql = new URLSearchParams({ LANG: "ADQL", QUERY: "SELECT TOP 1 obsid FROM swift.observations" })
    expect((await fetch(`${sim.url}/tap/sync?${adql}`)).status).toBe(503)
    expect((await fetch(`${sim.url}/tap/sync?${adql}`)).status).toBe(200)
    // Both rules are spent, and retired.
    expect(sim.faults.list()).toEqual([])
  })
})
