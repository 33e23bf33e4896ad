import { describe, expect, it } from "@effect/vitest"
import { runReadmeExample } from "../../../test-support/readmeExample.js"

describe("README", () => {
  it("starts with an example that runs and prints the report shown after it", async () => {
    const { readme, logged } = await runReadmeExample(new URL("../", import.meta.url))
    const report = /^# [^\n]+\n\n```ts\n[\s\S]*?```\n\n[^\n]*\n\n```text\n([\s\S]*?)```/.exec(readme)?.[1]
    expect(report, "the README must show the Markdown its example prints, after it").toBeDefined()
    expect(logged).toEqual([[report!.trimEnd()]])
  })
})
