import { describe, expect, it } from "@effect/vitest"
import { Ukssdc } from "@jobscope/core"
import { everything, post, served } from "./served.js"

describe("the job's page, the URL of the submit reply", () => {
  it("answers a browser's GET with the job's products, linking each archive once it is complete", async () => {
    const sim = await served()
    const { reply } = await post(
      sim,
      "run_userobject.php",
      { ...everything, name: "GRB <b>&amp;</b>" },
      Ukssdc.SubmitResponse
    )
    if (reply.OK !== 1) throw new Error(reply.ERROR)
    const links = (html: string) =>
      [...html.matchAll(/href="([^"]*)"/g)].map((match) => new URL(match[1]!, reply.URL).href)

    const early = await fetch(reply.URL)
    expect(early.status).toBe(200)
    expect(early.headers.get("content-type")).toMatch(/^text\/html/)
    const before = await early.text()
    // The submitter's name is text, never markup.
    expect(before).toContain("XRT products for GRB &lt;b&gt;&amp;amp;&lt;/b&gt;")
    expect(before).toContain("<li>Light curve: ")
    expect(links(before)).toEqual([])

    sim.advance("2 hours")
    const after = await (await fetch(reply.URL)).text()
    const archives = links(after)
    expect(archives).toContain(`${reply.URL}/lc.tar.gz`)
    expect(archives.length).toBeGreaterThan(0)
    for (const archive of archives) expect((await fetch(archive)).status).toBe(200)
  })

  it("is the web server's 404 page for a job that does not exist, and for a GET of an endpoint that only answers POST", async () => {
    const sim = await served()
    const missing = await fetch(`${sim.url}/user_objects/tprods/USERPROD_999`)
    expect(missing.status).toBe(404)
    expect(await missing.text()).toContain("<h1>Not Found</h1>")
    const position = await fetch(`${sim.url}/user_objects/tprods/getPSFPos.php`)
    expect(position.status).toBe(404)
  })
})
