import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "@effect/vitest"
import { runReadmeExample } from "../../../test-support/readmeExample.js"

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8")

/** Runs the first ```ts block under a `## heading` of the README, returning what it logged. */
const runSection = async (heading: string): Promise<ReadonlyArray<ReadonlyArray<unknown>>> => {
  const section = readme.slice(readme.indexOf(`\n## ${heading}\n`))
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1]
  if (code === undefined) throw new Error(`no example under "## ${heading}"`)
  const scratch = fileURLToPath(new URL("../.readme-example/", import.meta.url))
  mkdirSync(scratch, { recursive: true })
  const file = `${scratch}${heading.replace(/\W+/g, "-")}-${process.pid}.ts`
  writeFileSync(file, code)
  const logged: Array<ReadonlyArray<unknown>> = []
  const log = console.log
  console.log = (...args: Array<unknown>) => {
    logged.push(args)
  }
  try {
    await import(file)
  } finally {
    console.log = log
    rmSync(scratch, { recursive: true, force: true })
  }
  return logged
}

describe("README", () => {
  it("starts with an example that runs and prints what its comments say", async () => {
    const { logged } = await runReadmeExample(new URL("../", import.meta.url))
    expect(logged).toEqual([["Spectrum", "running", { current: 14, total: 156 }], [false]])
  })

  it("makes a Source of another API that judges its moves and sets its polling, as the comments say", async () => {
    expect(await runSection("Sources")).toEqual([
      ["UWS job j-17", ["PhaseChanged"]],
      ["Anomaly"],
      ["2s", "UKSSDC"]
    ])
  })

  it("decides what the polling example's comment says", async () => {
    expect(await runSection("Polling policy")).toEqual([["eta", "3m 20s", "1m"]])
  })
})
