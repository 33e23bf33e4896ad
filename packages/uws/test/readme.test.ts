import { describe, expect, it } from "@effect/vitest"
import { runReadmeExample } from "../../../test-support/readmeExample.js"

describe("README", () => {
  it("starts with an example that runs and prints what the README says", async () => {
    const { readme, logged } = await runReadmeExample(new URL("../", import.meta.url))
    const printed = /^# [^\n]+\n\n```ts\n[\s\S]*?```\n\nprints\n\n```text\n([\s\S]*?)```/.exec(readme)?.[1]
    expect(printed, "the README must show what its example prints").toBeDefined()
    expect(logged.map((args) => args.join(" "))).toEqual([printed!.trimEnd()])
  })
})
