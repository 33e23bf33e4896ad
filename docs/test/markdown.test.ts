import { describe, expect, it } from "@effect/vitest"
import { read } from "./support/guides.js"
import { runExample } from "./support/runExample.js"

describe("the Markdown page", () => {
  it("prints the failed pipeline's report, exactly as the page shows it", async () => {
    const logged = await runExample("markdown.ts")
    expect(logged).toHaveLength(1)
    const report = String(logged[0]![0])
    expect(report).toContain("**Error:** Not enough data to run astrosource")
    expect(report).toContain(
      "```text\nCopying 1 files to a temporary directory\nRunning astrosource on 1 files\n```"
    )
    expect(read("packages/markdown.md")).toContain(`\`\`\`\`markdown\n${report}\n\`\`\`\``)
  })
})
