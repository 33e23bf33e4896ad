import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it, vi } from "@effect/vitest"

const readme = readFileSync(fileURLToPath(new URL("../README.md", import.meta.url)), "utf8")
const scratch = fileURLToPath(new URL("../.readme-example/", import.meta.url))

describe("README", () => {
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))

  it("starts with an example that runs and prints what its comment says", async () => {
    const example = /^# [^\n]+\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1]
    expect(example, "the README must open with a ts example").toBeDefined()
    const printed = /^\/\/ (.*)$/m.exec(example!)?.[1]
    expect(printed, "the example must say what it prints").toBeDefined()
    mkdirSync(scratch, { recursive: true })
    writeFileSync(`${scratch}example.ts`, example!)
    const log = vi.spyOn(console, "log").mockImplementation(() => {})
    try {
      await import(`${scratch}example.ts`)
      // The legacy markup ends a progress report with a newline, which a comment cannot show.
      expect(log.mock.calls.map(([line]) => String(line).trimEnd())).toEqual([printed])
    } finally {
      log.mockRestore()
    }
  })
})
