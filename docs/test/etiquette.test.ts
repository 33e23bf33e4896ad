import { existsSync, readFileSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import { Lifecycle, Poll, Source, Tom, Too, Ukssdc } from "@jobscope/core"
import * as Duration from "effect/Duration"
import { read } from "./support/guides.js"
import { runExample } from "./support/runExample.js"

const page = read("polling-etiquette.md")

/** A duration as the page writes it: "10 s", "2 min". */
const millisOf = (text: string): number => {
  const match = /^([\d.]+) (s|min)$/.exec(text.trim())
  if (match === null) throw new Error(`not a duration: ${text}`)
  return Number(match[1]) * (match[2] === "s" ? 1_000 : 60_000)
}

/** The rows of the page's table of defaults, as cells. */
const defaultsTable = (): ReadonlyArray<ReadonlyArray<string>> => {
  const start = page.indexOf("| Source (`Poll.make(…)`)")
  const rows = page.slice(start).split("\n\n")[0]!.split("\n").slice(2)
  return rows.map((row) =>
    row
      .split("|")
      .slice(1, -1)
      .map((cell) => cell.trim())
  )
}

/** The Source each row names; the last row is what a Source that says nothing of its polling gets. */
const sources: Readonly<Record<string, Source.Source>> = {
  "`Ukssdc.source`": Ukssdc.source,
  "`Too.source`": Too.source,
  "`Tom.source`": Tom.source,
  "any other Source": Source.make({ id: "uws", name: "UWS", lifecycle: Lifecycle.generic })
}

describe("the polling etiquette page", () => {
  it("states each Source's defaults as Poll.make has them", () => {
    const rows = defaultsTable()
    expect(rows.map((row) => row[0])).toEqual(Object.keys(sources))
    for (const [name, polite, floor, ceiling, backoff, jitter, etaFraction] of rows) {
      const source = sources[name!]!
      const policy = Poll.make(source)
      expect(Duration.toMillis(Poll.politeFloor(source)), `${source.id} polite floor`).toBe(millisOf(polite!))
      expect(Duration.toMillis(policy.floor), `${source.id} floor`).toBe(millisOf(floor!))
      expect(Duration.toMillis(policy.ceiling), `${source.id} ceiling`).toBe(millisOf(ceiling!))
      expect([policy.backoff, policy.jitter, policy.etaFraction]).toEqual(
        [backoff, jitter, etaFraction].map(Number)
      )
    }
    // The Source of an id no registry knows polls as one that says nothing.
    expect(Source.unknown("another-observatory").polling).toEqual(sources["any other Source"]!.polling)
  })

  it("runs its example, which prints the waits the page lists", async () => {
    const logged = await runExample("etiquette.ts")
    expect(logged.slice(0, 4)).toEqual([
      ["10 s to 120 s"],
      ["10 s to 120 s"],
      ["0.17 s to 2 s"],
      ["0.1 s to 1 s"]
    ])
    const waits = logged.slice(4, 12)
    expect(waits.map(([poll, reason]) => [poll, reason])).toEqual(
      Array.from({ length: 8 }, (_, index) => [index + 1, "backoff"])
    )
    const listed = waits.map(([, , wait]) => String(wait)).join(", ")
    expect(listed).toBe("15 s, 22.5 s, 33.75 s, 50.63 s, 75.94 s, 113.91 s, 120 s, 120 s")
    expect(page.replace(/\s+/g, " ")).toContain(listed)
    expect(logged[12]).toEqual(["retry-after", "300 s"])
    expect(page).toContain("`retry-after 300 s`")
  })

  it("quotes the bench as the core's own documentation does", () => {
    const core = read("../packages/core/README.md").replace(/\s+/g, " ")
    expect(core).toContain("used under a quarter of the requests of polling every 10 s")
    expect(core).toContain("a median 8 s after it did")
    const prose = page.replace(/\s+/g, " ")
    expect(prose).toContain("under a quarter (0.23×) of the requests of polling every 10 s")
    expect(prose).toContain("a median 8 s after it ended")
  })

  const results = new URL("../../bench/results/watch.json", import.meta.url)

  // The bench's results are not in the repository; where `pnpm bench` has stored a run, the page must match it.
  it.runIf(existsSync(results))("quotes the stored bench run's figures", () => {
    const { figures } = JSON.parse(readFileSync(results, "utf8")) as {
      readonly figures: {
        readonly requestRatio: number
        readonly policies: Readonly<
          Record<
            string,
            {
              readonly requestsPerJob: number
              readonly medianDelaySeconds: number
              readonly p90DelaySeconds: number
              readonly maxDelaySeconds: number
            }
          >
        >
      }
    }
    expect(figures.requestRatio.toFixed(2)).toBe("0.23")
    const rows = {
      "every 10 s (the floor)": "fixed 10 s",
      "every 60 s": "fixed 60 s",
      "jobscope's default": "jobscope default"
    }
    for (const [label, key] of Object.entries(rows)) {
      const run = figures.policies[key]!
      const cells = [
        run.requestsPerJob,
        run.medianDelaySeconds,
        run.p90DelaySeconds,
        run.maxDelaySeconds
      ].map((value, index) => (index === 0 ? value.toFixed(1) : `${value.toFixed(1)} s`))
      expect(page).toMatch(
        new RegExp(`\\| ${label.replace(/[()]/g, "\\$&")} +\\| ${cells.join(" +\\| ")} +\\|`)
      )
    }
  })
})
