/**
 * `jobscope sim`: the simulator of all three APIs on 127.0.0.1, optionally
 * with the live status page, a registered TOO user and TOM pipelines, until
 * Ctrl-C.
 */

import { Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Flags from "../Flags.js"
import * as Output from "../Output.js"
import * as Problem from "../Problem.js"
import * as Simulator from "../Simulator.js"
import * as WebPage from "../WebPage.js"
import { summary } from "./Summary.js"
import { utcTime } from "./too/UtcTime.js"

/** `jobscope sim`. */
export const command = Command.make(
  "sim",
  {
    port: Flag.Int("port").pipe(
      Flag.withDescription("The port on 127.0.0.1 (default: any free one)"),
      Flag.optional
    ),
    speed: Flags.clockSpeed("Simulated seconds per real second; 0 stops the clock", 1, true),
    seed: Flag.Int("seed").pipe(Flag.withDescription("Fixes durations and failures"), Flag.withDefault(1)),
    start: utcTime("start").pipe(
      Flag.withDescription(
        "The simulated time at start, UTC, e.g. 2026-03-15 (default: now); where the Sun is, for TOO requests, depends on it"
      ),
      Flag.optional
    ),
    fault: Flag.String("fault").pipe(
      Flag.withDescription("A fault rule such as ukssdc.status=503x3 or '*=reset@0.05' (repeatable)"),
      Flag.atLeast(0)
    ),
    web: Flag.Boolean("web").pipe(
      Flag.withDescription("Also serve the live status page at /"),
      Flag.withDefault(false)
    ),
    tooUser: Flag.String("too-user").pipe(
      Flag.withDescription(
        "A TOO user who may send TOO requests, signing them with the secret of --too-secret (default: only anonymous)"
      ),
      Flag.optional
    ),
    tooSecret: Flags.tooSecret("too-secret", "The --too-user's shared secret, never shown"),
    tooSecretFile: Flags.secretFile("too-secret-file", "the --too-user's shared secret"),
    tomPipeline: Flag.Int("tom-pipeline").pipe(
      Flag.withDescription("Start a TOM pipeline on this target (its primary key) at once (repeatable)"),
      Flag.atLeast(0)
    )
  },
  (flags) =>
    Effect.gen(function* () {
      const site = flags.web ? WebPage.directory() : undefined
      if (flags.web && site === undefined)
        return yield* Problem.usage("this build of jobscope has no web page (build @jobscope/web first)")
      const tooSecret = yield* Flags.secretOf(
        flags.tooSecret,
        flags.tooSecretFile,
        "--too-secret",
        "--too-secret-file"
      )
      if (Option.isSome(flags.tooUser) && Option.isNone(tooSecret))
        return yield* Problem.usage(
          "--too-user needs a shared secret to check its requests: give --too-secret or set JOBSCOPE_TOO_SECRET"
        )
      const badTarget = flags.tomPipeline.find((target) => target < 1)
      if (badTarget !== undefined)
        return yield* Problem.usage(
          `--tom-pipeline takes a target's primary key, 1 or more, not ${badTarget}`
        )
      const tooUser = Option.getOrUndefined(flags.tooUser)
      const sim = yield* Simulator.start({
        ...Option.match(flags.port, { onNone: () => ({}), onSome: (port) => ({ port }) }),
        speed: flags.speed,
        seed: flags.seed,
        ...Option.match(flags.start, { onNone: () => ({}), onSome: (start) => ({ start }) }),
        faults: flags.fault,
        ...(tooUser === undefined || Option.isNone(tooSecret)
          ? {}
          : { too: { users: { [tooUser]: Redacted.value(tooSecret.value) } } }),
        ...(site === undefined ? {} : { site })
      })
      const pipelines = flags.tomPipeline.map((target) => ({
        target,
        pk: sim.tom.addProcess(target, { kind: "pipeline", outcome: "created" }).pk
      }))
      yield* Output.line(
        Simulator.banner(sim, {
          web: site !== undefined,
          ...(tooUser === undefined ? {} : { tooUser }),
          pipelines
        })
      )
      return yield* Effect.never
    }).pipe(Effect.scoped)
).pipe(
  Command.withDescription(summary.sim),
  Command.withExamples([
    {
      command: "jobscope sim --web",
      description: "The simulator and the live status page; open the URL it prints"
    },
    {
      command: "jobscope sim --port 8080 --speed 60 --fault ukssdc.status=503x3",
      description: "A fast clock, and three failures for the first status requests"
    },
    {
      command: "jobscope sim --speed 60 --too-user alice --tom-pipeline 7",
      description:
        "A TOO user alice (her secret from $JOBSCOPE_TOO_SECRET) who may send TOO requests, and a pipeline running on TOM target 7"
    }
  ])
)
