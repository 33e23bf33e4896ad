import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it, vi } from "@effect/vitest"

const readme = readFileSync(fileURLToPath(new URL("../README.md", import.meta.url)), "utf8")
const scratch = fileURLToPath(new URL("../.readme-example/", import.meta.url))

describe("README", () => {
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))

  it("starts with an example that runs and prints the report shown after it", async () => {
    const [, example, report] =
      /^# [^\n]+\n\n```ts\n([\s\S]*?)```\n\n[^\n]*\n\n```text\n([\s\S]*?)```/.exec(readme) ?? []
    expect(example, "the README must open with a ts example, then the Markdown it prints").toBeDefined()
    mkdirSync(scratch, { recursive: true })
    writeFileSync(`${scratch}example.ts`, example!)
    const log = vi.spyOn(console, "log").mockImplementation(() => {})
    try {
      await import(`${scratch}example.ts`)
      expect(log.mock.calls).toEqual([[report!.trimEnd()]])
    } finally {
      log.mockRestore()
    }
  })
})
