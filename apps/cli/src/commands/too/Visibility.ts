/**
 * `jobscope too visibility`: when Swift can observe a position. The query is
 * a job of the API's queue; the command waits for it and prints the windows.
 */
import { DecodeError, Elapsed, type Too } from "@jobscope/core"
import { Follow, JobRef, TooClient } from "@jobscope/fetch"
import { Command, Flag } from "effect/cli"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as ExitCode from "../../ExitCode.js"
import * as Flags from "../../Flags.js"
import * as JsonText from "../../JsonText.js"
import * as Output from "../../Output.js"
import * as Problem from "../../Problem.js"
import * as Style from "../../Style.js"
import { client } from "./Parent.js"
import { swiftTime, utcTime } from "./UtcTime.js"

/** A window's length for people: "06:48:00", or "45d 06:48:00" past a day. */
const spanOf = (begin: Date, end: Date): string => {
  const seconds = Math.max(0, Math.floor((end.getTime() - begin.getTime()) / 1000))
  const days = Math.floor(seconds / 86400)
  const rest = Elapsed.format(Duration.seconds(seconds % 86400))
  return days > 0 ? `${days}d ${rest}` : rest
}

/** What a finished visibility query found. */
interface Visibility {
  readonly job: number
  readonly query: Too.VisQuery["api_data"]
  readonly warnings: ReadonlyArray<string>
}

const windowsOf = (visibility: Visibility) =>
  (visibility.query.windows ?? []).map((window) => window.api_data)

const visibilityText = (visibility: Visibility): string => {
  const { ra, dec, begin, length } = visibility.query
  const windows = windowsOf(visibility)
  // The server echoes the begin it chose when the query gave none; a reply without one still reads.
  const over = `${length} day${length === 1 ? "" : "s"} from ${begin === undefined ? "when it was asked" : `${swiftTime(begin)} UTC`}`
  const head =
    windows.length === 0
      ? `Swift TOO job ${visibility.job}: Swift cannot observe RA ${ra}, Dec ${dec} in the ${over}`
      : `Swift TOO job ${visibility.job}: Swift can observe RA ${ra}, Dec ${dec} in ${windows.length} window${windows.length === 1 ? "" : "s"} over the ${over}`
  const rows = windows.map((window) => [
    swiftTime(window.begin),
    swiftTime(window.end),
    spanOf(window.begin, window.end)
  ])
  const table = windows.length === 0 ? [] : [["Begin (UTC)", "End (UTC)", "Duration"], ...rows]
  const widths = [0, 1].map((column) => Math.max(...table.map((row) => row[column]!.length)))
  return [
    head,
    ...table.map(
      (row) =>
        `  ${row
          .map((cell, column) => cell.padEnd(widths[column] ?? 0))
          .join("  ")
          .trimEnd()}`
    ),
    ...visibility.warnings.map((warning) => `Warning: ${Style.sanitize(warning, { singleLine: true })}`)
  ].join("\n")
}

const visibilityJson = (visibility: Visibility): string =>
  JsonText.stringify({
    job: visibility.job,
    ra: visibility.query.ra,
    dec: visibility.query.dec,
    begin: visibility.query.begin?.toISOString() ?? null,
    days: visibility.query.length,
    windows: windowsOf(visibility).map((window) => ({
      begin: window.begin.toISOString(),
      end: window.end.toISOString(),
      seconds: Math.round((window.end.getTime() - window.begin.getTime()) / 1000)
    })),
    warnings: visibility.warnings
  })

/** The visibility windows in a finished job's reply; a rejected job is an unsuccessful one (exit 1). */
const visibilityOf = (reply: Too.Status) =>
  Effect.gen(function* () {
    const data = reply.api_data
    const job = data.jobnumber ?? 0
    if (data.status === "Rejected") {
      const why =
        Style.sanitize((data.errors ?? []).join(" "), { singleLine: true }) || "the server did not say why"
      return yield* Effect.fail(
        new ExitCode.JobsUnsuccessful({
          jobs: [`Swift TOO job ${job}: rejected`],
          message: `Swift TOO job ${job} was rejected: ${why}`
        })
      )
    }
    const result = data.result
    if (result?.api_name !== "Swift_VisQuery")
      return yield* Effect.fail(
        DecodeError.make(`Swift TOO job ${job}`, [
          {
            path: "api_data.result",
            message: `the finished job's result is ${result ? `a ${result.api_name}` : "missing"}, not the Swift_VisQuery asked for`
          }
        ])
      )
    return {
      job,
      query: (result as Too.VisQuery).api_data,
      warnings: data.warnings ?? []
    } satisfies Visibility
  })

/** `jobscope too visibility`. */
export const command = Command.make(
  "visibility",
  {
    ra: Flags.required(Flags.rightAscension()),
    dec: Flags.required(Flags.declination()),
    begin: utcTime("begin").pipe(
      Flag.withDescription("The start of the period searched, UTC, e.g. 2026-03-01 (default: now)"),
      Flag.optional
    ),
    days: Flag.Finite("days").pipe(Flag.withDescription("How many days to search"), Flag.withDefault(1)),
    hires: Flag.Boolean("hires").pipe(
      Flag.withDescription("High-resolution windows"),
      Flag.withDefault(false)
    ),
    format: Flag.Literals("format", ["text", "json"]).pipe(
      Flag.withDescription("Output: text, a table for people (default); json, the windows for programs"),
      Flag.withDefault("text")
    ),
    deadline: Flags.deadline,
    speed: Flags.speed
  },
  (parsed) =>
    Effect.gen(function* () {
      const flags = yield* Flags.given(parsed)
      if (flags.days <= 0)
        return yield* Problem.usage(`--days takes a number of days above 0, not ${flags.days}`)
      const layer = yield* client
      const done = yield* Effect.gen(function* () {
        const tooClient = yield* TooClient.TooClient
        const first = yield* tooClient.visibility(flags.ra, flags.dec, {
          length: flags.days,
          ...(Option.isSome(flags.begin) ? { begin: flags.begin.value } : {}),
          ...(flags.hires ? { hires: true } : {})
        })
        return yield* Follow.waitFor(JobRef.fromToo(first), {
          policy: { speed: flags.speed },
          ...(Option.isSome(flags.deadline) ? { deadline: flags.deadline.value } : {})
        })
      }).pipe(Effect.provide(layer))
      const found = yield* visibilityOf(done.reply)
      yield* Output.line(flags.format === "json" ? visibilityJson(found) : visibilityText(found))
    })
).pipe(
  Command.withDescription(
    "When can Swift observe a position? Asks, waits for the answer, and prints the windows"
  ),
  Command.withExamples([
    {
      command: "jobscope too visibility --ra 83.633 --dec 22.0145 --days 7",
      description: "The Crab, over the next week"
    },
    {
      command:
        "jobscope too visibility --ra 195.69856 --dec -63.83573 --begin 2026-03-01 --days 28 --format json",
      description: "Four weeks from 1 March, as JSON"
    }
  ])
)
