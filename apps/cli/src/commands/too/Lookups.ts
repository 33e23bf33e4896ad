/**
 * `jobscope too resolve` and `jobscope too afst`: what swift_too's `Resolve`
 * and `AFST` (observations already taken) do. Each asks, waits for the
 * server's answer, and prints it as text for people or JSON for programs.
 */
import { DecodeError, type Too } from "@jobscope/core"
import { Follow, JobRef, TooClient } from "@jobscope/fetch"
import { Argument, Command, Flag } from "effect/cli"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as ExitCode from "../../ExitCode.js"
import * as Flags from "../../Flags.js"
import * as Output from "../../Output.js"
import * as Problem from "../../Problem.js"
import * as Style from "../../Style.js"
import { client } from "./Parent.js"
import * as Table from "./Table.js"
import { utcTime } from "./UtcTime.js"

const format = Flag.Literals("format", ["text", "json"]).pipe(
  Flag.withDescription("Output: text for people (default), json for programs"),
  Flag.withDefault("text")
)

const shown = (value: unknown): string => Style.sanitize(String(value), { singleLine: true })

const swiftTime = (date: Date | null | undefined): string =>
  date === null || date === undefined ? "" : date.toISOString().slice(0, 19).replace("T", " ")

/** Sends a request, waits for its job to finish, and answers its result of `apiName`; a rejection is exit 1. */
const answerOf = <A extends Too.Envelope>(
  apiName: A["api_name"],
  ask: (too: TooClient.Shape) => Effect.Effect<Too.Status, unknown>,
  flags: { readonly deadline: Option.Option<Duration.Duration>; readonly speed: number }
) =>
  Effect.gen(function* () {
    const layer = yield* client
    const done = yield* Effect.gen(function* () {
      const tooClient = yield* TooClient.TooClient
      const first = yield* ask(tooClient)
      return yield* Follow.waitFor(JobRef.fromToo(first), {
        policy: { speed: flags.speed },
        ...(Option.isSome(flags.deadline) ? { deadline: flags.deadline.value } : {})
      })
    }).pipe(Effect.provide(layer))
    const data = done.reply.api_data
    const job = data.jobnumber ?? 0
    if (data.status === "Rejected")
      return yield* Effect.fail(
        new ExitCode.JobsUnsuccessful({
          jobs: [`Swift TOO job ${job}: rejected`],
          message: `Swift TOO job ${job} was rejected: ${shown((data.errors ?? []).join(" ")) || "the server did not say why"}`
        })
      )
    const result = data.result
    if (result?.api_name !== apiName)
      return yield* Effect.fail(
        DecodeError.make(`Swift TOO job ${job}`, [
          {
            path: "api_data.result",
            message: `the finished job's result is ${result ? `a ${result.api_name}` : "missing"}, not the ${apiName} asked for`
          }
        ])
      )
    return { job, result: result as A, warnings: data.warnings ?? [] }
  })

/** `jobscope too resolve`. */
export const resolve = Command.make(
  "resolve",
  {
    name: Argument.String("name").pipe(Argument.withDescription("A source's name, e.g. Crab or GRB 200101A")),
    format,
    deadline: Flags.deadline,
    speed: Flags.speed
  },
  (flags) =>
    Effect.gen(function* () {
      const { job, result } = yield* answerOf<Too.Resolve>(
        "Swift_Resolve",
        (too) => too.resolve(flags.name),
        flags
      )
      const { name, ra, dec, resolver } = result.api_data
      yield* Output.line(
        flags.format === "json"
          ? JSON.stringify({ job, name, ra: ra ?? null, dec: dec ?? null, resolver: resolver ?? null })
          : `${shown(name)}: RA ${ra ?? "?"}, Dec ${dec ?? "?"} (J2000), by ${shown(resolver ?? "an unnamed resolver")}`
      )
    })
).pipe(
  Command.withDescription("The position of a source by name (Swift_Resolve)"),
  Command.withExamples([{ command: 'jobscope too resolve "Crab"', description: "The Crab's RA and Dec" }])
)

/** `jobscope too afst`. */
export const afst = Command.make(
  "afst",
  {
    begin: utcTime("begin").pipe(Flag.withDescription("From, UTC, e.g. 2026-03-01"), Flag.optional),
    end: utcTime("end").pipe(Flag.withDescription("Until, UTC"), Flag.optional),
    ra: Flags.rightAscension("; near it, with --dec").pipe(Flag.optional),
    dec: Flags.declination("; near it, with --ra").pipe(Flag.optional),
    radius: Flag.Finite("radius").pipe(Flag.withDescription("How near, degrees"), Flag.optional),
    targetId: Flag.Int("target-id").pipe(Flag.withDescription("Only this Swift target ID"), Flag.optional),
    obsnum: Flag.String("obsnum").pipe(
      Flag.withDescription("Only this observation, e.g. 00091094012"),
      Flag.optional
    ),
    format,
    deadline: Flags.deadline,
    speed: Flags.speed
  },
  (flags) =>
    Effect.gen(function* () {
      if (Option.isSome(flags.ra) !== Option.isSome(flags.dec))
        return yield* Problem.usage("give both --ra and --dec, or neither")
      const query: TooClient.AsFlownQuery = {
        ...(Option.isSome(flags.begin) ? { begin: flags.begin.value } : {}),
        ...(Option.isSome(flags.end) ? { end: flags.end.value } : {}),
        ...(Option.isSome(flags.ra) ? { ra: flags.ra.value } : {}),
        ...(Option.isSome(flags.dec) ? { dec: flags.dec.value } : {}),
        ...(Option.isSome(flags.radius) ? { radius: flags.radius.value } : {}),
        ...(Option.isSome(flags.targetId) ? { targetid: flags.targetId.value } : {}),
        ...(Option.isSome(flags.obsnum) ? { obsnum: flags.obsnum.value } : {})
      }
      const { job, result, warnings } = yield* answerOf<Too.AFST>(
        "Swift_AFST",
        (too) => too.asFlown(query),
        flags
      )
      const entries = (result.api_data.entries ?? []).map((entry) => entry.api_data)
      if (flags.format === "json")
        return yield* Output.line(
          JSON.stringify({
            job,
            entries: entries.map((entry) => ({
              ...entry,
              begin: entry.begin?.toISOString() ?? null,
              settle: entry.settle?.toISOString() ?? null,
              end: entry.end?.toISOString() ?? null
            })),
            warnings
          })
        )
      const rows = [
        ["Begin (UTC)", "End (UTC)", "Target", "ID", "Seg", "RA", "Dec", "XRT", "UVOT"],
        ...entries.map((entry) => [
          swiftTime(entry.begin),
          swiftTime(entry.end),
          shown(entry.targname ?? ""),
          String(entry.targetid ?? ""),
          String(entry.seg ?? ""),
          entry.ra === null || entry.ra === undefined ? "" : entry.ra.toFixed(4),
          entry.dec === null || entry.dec === undefined ? "" : entry.dec.toFixed(4),
          String(entry.xrt ?? ""),
          String(entry.uvot ?? "")
        ])
      ]
      yield* Output.line(
        [
          `Swift TOO job ${job}: ${entries.length} pointing${entries.length === 1 ? "" : "s"} as flown`,
          ...(entries.length === 0 ? [] : Table.lines(rows)),
          ...warnings.map((warning) => `Warning: ${shown(warning)}`)
        ].join("\n")
      )
    })
).pipe(
  Command.withDescription(
    "What Swift has already observed, by time, position, target or observation (Swift_AFST)"
  ),
  Command.withExamples([
    {
      command: "jobscope too afst --ra 266.4168 --dec -29.0078 --begin 2026-03-01 --end 2026-03-08",
      description: "Pointings near Sgr A* in a week"
    },
    {
      command: "jobscope too afst --target-id 91094",
      description: "Every pointing at one target in the last 30 days"
    }
  ])
)
