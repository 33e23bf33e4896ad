import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it, vi } from "@effect/vitest"

const readme = readFileSync(fileURLToPath(new URL("../README.md", import.meta.url)), "utf8")
const scratch = fileURLToPath(new URL("../.readme-example/", import.meta.url))

describe("README", () => {
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))

  it("starts with an example that uses no Effect, runs, and prints what its comments say", async () => {
    const example = /^# [^\n]+\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1]
    expect(example, "the README must open with a ts example").toBeDefined()
    expect(example).not.toMatch(/from "effect/)
    const commented = [...example!.matchAll(/console\.log\(.*\) \/\/ (.*)$/gm)].map((match) => match[1])
    expect(commented).toEqual([
      "00:20:40",
      "Spectrum running { current: 14, total: 156 }",
      "[ 'spec.statusCode', 'spec.statusText' ]"
    ])
    mkdirSync(scratch, { recursive: true })
    writeFileSync(`${scratch}example.ts`, example!)
    const log = vi.spyOn(console, "log").mockImplementation(() => {})
    try {
      await import(`${scratch}example.ts`)
      expect(log.mock.calls).toEqual([
        ["00:20:40"],
        ["Spectrum", "running", { current: 14, total: 156 }],
        [["spec.statusCode", "spec.statusText"]]
      ])
    } finally {
      log.mockRestore()
    }
  })
})
