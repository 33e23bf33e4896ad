/**
 * Part `service`: durable watches (`@jobscope/service`, one runner on SQLite)
 * against the in-memory fleet (`Follow.watchAll`, the fetch `Scheduler`), both
 * following the same 10,000 UKSSDC jobs of one simulator in a child process,
 * each in a process of its own for the same time: peak RSS and polls per
 * second as ratios to the fleet's, the database's growth per poll, and how
 * late durable polls come after the wait the policy chose.
 *
 * Not measured yet (the multi-runner PostgreSQL deployment is not built):
 * polls per second with 1 and 3 runners on PostgreSQL, and the time from a
 * runner's death to its watches being polled again.
 */
import { execFile } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import type { Options } from "./measure.js"
import { type PartReport, table } from "./report.js"
import type { Durable } from "./service/durable.js"
import { everything } from "./watch/jobs.js"
import type { Many } from "./watch/many.js"
import { childSimulator, compiled } from "./watch.js"

const runChild = async (script: string, args: ReadonlyArray<string>) => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--expose-gc", "--no-warnings", script, ...args],
    {
      maxBuffer: 1 << 20
    }
  )
  // The figures are the one line of JSON; anything else a child printed (a warning) is not.
  const line = stdout
    .split("\n")
    .filter((text) => text.startsWith(`{"jobs":`))
    .at(-1)
  if (line === undefined) throw new Error(`${script} printed no figures:\n${stdout}`)
  return JSON.parse(line) as unknown
}

/** Milliseconds for people; "n/a" when no watch polled twice (JSON writes NaN as null). */
const ms = (value: number | null): string =>
  value === null || Number.isNaN(value) ? "n/a" : `${value.toFixed(0)} ms`

export const run = async (_options: Options): Promise<PartReport> => {
  const jobs = Number(process.env.SERVICE_JOBS ?? 10_000)
  const seconds = Number(process.env.SERVICE_SECONDS ?? 90)
  const sim = await childSimulator(1)
  const dir = mkdtempSync(join(tmpdir(), "jobscope-bench-service-"))
  try {
    let first: unknown
    for (let index = 0; index < jobs; index++) {
      const response = await fetch(`${sim.url}/user_objects/run_userobject.php`, {
        method: "POST",
        body: JSON.stringify({ ...everything, name: `service ${index}` })
      })
      const reply = (await response.json()) as { OK: number; JobID: unknown }
      if (reply.OK !== 1) throw new Error(`submit refused: ${JSON.stringify(reply)}`)
      first ??= reply.JobID
    }
    const fleet = (await runChild(await compiled("watch/many.ts"), [
      sim.url,
      String(first),
      String(jobs),
      String(seconds),
      "node"
    ])) as Many
    const durable = (await runChild(await compiled("service/durable.ts"), [
      sim.url,
      String(first),
      String(jobs),
      String(seconds),
      join(dir, "bench.db")
    ])) as Durable
    const fleetRate = fleet.polls / fleet.seconds
    const durableRate = durable.polls / durable.seconds
    console.log(
      `${jobs} UKSSDC jobs followed for ${seconds} s, each way in a process of its own (default policy, 10 s floor)\n${table(
        ["", "polls", "polls/s", "× fleet", "peak RSS MB", "× fleet"],
        [
          [
            "in-memory fleet (Follow.watchAll)",
            String(fleet.polls),
            fleetRate.toFixed(1),
            "1.00×",
            fleet.peakRssMb.toFixed(0),
            "1.00×"
          ],
          [
            "durable watches (SQLite, 1 runner)",
            String(durable.polls),
            durableRate.toFixed(1),
            `${(durableRate / fleetRate).toFixed(2)}×`,
            durable.peakRssMb.toFixed(0),
            `${(durable.peakRssMb / fleet.peakRssMb).toFixed(2)}×`
          ]
        ]
      )}\n` +
        `creating the ${jobs} watches took ${durable.createSeconds.toFixed(1)} s; database growth ${(durable.bytesPerPoll / 1024).toFixed(2)} KB per poll; ` +
        `requests were sent ${ms(durable.overrunMedianMs)} (median) / ${ms(durable.overrunP95Ms)} (p95) after the wait the policy chose ran out (storage poll 1 s)\n`
    )
    return {
      figures: {
        jobs,
        seconds,
        fleet,
        durable,
        pollsPerSecondVsFleet: durableRate / fleetRate,
        peakRssVsFleet: durable.peakRssMb / fleet.peakRssMb,
        notMeasured: [
          "polls/s with 1 and 3 runners on PostgreSQL",
          "time from a runner's death to its watches being polled again"
        ]
      },
      targets: {},
      pass: {}
    }
  } finally {
    await sim.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
