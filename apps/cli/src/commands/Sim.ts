/**
 * `jobscope sim`: the simulator of all three APIs on 127.0.0.1, optionally
 * with the live status page, until Ctrl-C.
 */

import { Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Output from "../Output.js"
import * as Problem from "../Problem.js"
import * as Simulator from "../Simulator.js"
import * as WebPage from "../WebPage.js"

/** `jobscope sim`. */
export const command = Command.make(
  "sim",
  {
    port: Flag.Int("port").pipe(
      Flag.withDescription("The port on 127.0.0.1 (default: any free one)"),
      Flag.optional
    ),
    speed: Flag.Finite("speed").pipe(
      Flag.withDescription("Simulated seconds per real second; 0 stops the clock"),
      Flag.withDefault(1)
    ),
    seed: Flag.Int("seed").pipe(Flag.withDescription("Fixes durations and failures"), Flag.withDefault(1)),
    fault: Flag.String("fault").pipe(
      Flag.withDescription("A fault rule such as ukssdc.status=503x3 or '*=reset@0.05' (repeatable)"),
      Flag.atLeast(0)
    ),
    web: Flag.Boolean("web").pipe(
      Flag.withDescription("Also serve the live status page at /"),
      Flag.withDefault(false)
    )
  },
  (flags) =>
    Effect.gen(function* () {
      const site = flags.web ? WebPage.directory() : undefined
      if (flags.web && site === undefined)
        return yield* Problem.usage("this build of jobscope has no web page (build @jobscope/web first)")
      const sim = yield* Simulator.start({
        ...Option.match(flags.port, { onNone: () => ({}), onSome: (port) => ({ port }) }),
        speed: flags.speed,
        seed: flags.seed,
        faults: flags.fault,
        ...(site === undefined ? {} : { site })
      })
      yield* Output.line(Simulator.banner(sim, site !== undefined))
      return yield* Effect.never
    }).pipe(Effect.scoped)
).pipe(
  Command.withDescription(
    "Start the simulator of the UKSSDC, Swift TOO and TOM APIs (for trying jobscope, tests, demos)"
  ),
  Command.withExamples([
    {
      command: "jobscope sim --web",
      description: "The simulator and the live status page; open the URL it prints"
    },
    {
      command: "jobscope sim --port 8080 --speed 60 --fault ukssdc.status=503x3",
      description: "A fast clock, and three failures for the first status requests"
    }
  ])
)
