import { describe, expect, it } from "@effect/vitest"
import { Stylesheet } from "@jobscope/html"
import { runExample } from "./support/runExample.js"

describe("the HTML page", () => {
  it("writes a page with the stylesheet and the rejected request, the server's markup escaped", async () => {
    const logged = await runExample("html.ts")
    expect(logged).toHaveLength(1)
    const page = String(logged[0]![0])
    expect(
      page.startsWith(`<!doctype html><title>TOO job 1190</title><style>${Stylesheet.css}</style>`)
    ).toBe(true)
    expect(page).toContain('<h1 class="jobscope-job-title">')
    expect(page).toContain('<span class="jobscope-phase jobscope-phase-failed">failed</span>')
    expect(page).toContain('<code class="jobscope-status-text">Rejected</code>')
    expect(page).toContain('<p class="jobscope-message">Source &lt;b&gt;name&lt;/b&gt; not resolved.</p>')
    expect(page).not.toContain("<b>")
  })
})
