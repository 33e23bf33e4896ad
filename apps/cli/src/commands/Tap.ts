/**
 * `jobscope tap query`: an ADQL query to a TAP service's `/async` endpoint,
 * followed (with `--watch`) and its result saved to a file (`-o`). Built on
 * `@jobscope/uws`'s `Tap`.
 */
import { Tap, type UwsJob } from "@jobscope/uws"
import { saveResult } from "@jobscope/uws/node"
import { Argument, Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Clients from "../Clients.js"
import * as Flags from "../Flags.js"
import * as Follow from "../Follow.js"
import * as Output from "../Output.js"
import { summary } from "./Summary.js"
import { checkedUrl } from "./Uws.js"

/** A screen that shows nothing: a query followed without --watch. */
const quiet = { isTTY: false, color: false, columns: () => 80, write: () => {} }

const query = Command.make(
  "query",
  {
    service: Argument.String("service-url").pipe(
      Argument.withDescription(
        "The TAP service's base URL (its /async is where queries go), e.g. https://tap.example.org/tap"
      )
    ),
    adql: Argument.String("adql").pipe(Argument.withDescription("The ADQL query, quoted")),
    format: Flag.String("format").pipe(
      Flag.withDescription(
        "The result's format: votable (the service's default), csv, or another the service offers"
      ),
      Flag.optional
    ),
    output: Flag.String("output").pipe(
      Flag.withAlias("o"),
      Flag.withDescription("Save the result to this file once the query is done (waits for it)"),
      Flag.optional
    ),
    maxrec: Flag.Int("maxrec").pipe(
      Flag.withDescription("The most rows the service may return"),
      Flag.optional
    ),
    watch: Flags.thenWatch,
    deadline: Flags.deadline,
    speed: Flags.speed
  },
  (flags) =>
    Effect.gen(function* () {
      const service = yield* checkedUrl(flags.service, "the TAP service's URL")
      const transport = Clients.transport(service)
      const submitted = yield* Tap.submitQuery(service, flags.adql, {
        userAgent: Clients.userAgent,
        ...(Option.isSome(flags.format) ? { format: flags.format.value } : {}),
        ...(Option.isSome(flags.maxrec) ? { maxrec: flags.maxrec.value } : {})
      }).pipe(Effect.provide(transport))
      if (!flags.watch && Option.isNone(flags.output))
        return yield* Output.line(
          `Submitted: ${submitted.url}\nFollow it with: jobscope uws watch ${submitted.url}`
        )
      // The job as the last poll read it: its results say where the rows are.
      let done: UwsJob.Reply | undefined
      const followed = yield* Follow.run([submitted.job], {
        format: "text",
        deadline: flags.deadline,
        speed: flags.speed,
        // Without --watch, nothing is shown while the query runs.
        ...(flags.watch ? {} : { screen: quiet }),
        onObserved: (_, observed) => {
          done = observed.reply as UwsJob.Reply
        }
      }).pipe(Effect.provide(transport))
      if (followed.failure !== undefined) return yield* Effect.fail(followed.failure)
      if (done === undefined) return
      if (Option.isNone(flags.output))
        return yield* Output.line(`Result: ${yield* Tap.resultUrl(done.job, submitted.url)}`)
      const saved = yield* saveResult(done.job, submitted.url, flags.output.value).pipe(
        Effect.provide(transport)
      )
      yield* Output.line(`Saved ${saved.bytes} bytes to ${saved.path}`)
    })
).pipe(
  Command.withDescription("Run an ADQL query on a TAP service's /async endpoint; follow it, save its result"),
  Command.withExamples([
    {
      command: 'jobscope tap query https://tap.example.org/tap "SELECT TOP 100 * FROM ivoa.obscore" --watch',
      description: "Submit, follow live, and print where the result is"
    },
    {
      command: 'jobscope tap query https://… "SELECT …" --format csv -o rows.csv',
      description: "Wait for it quietly and save the rows as CSV"
    },
    { command: 'jobscope tap query https://… "SELECT …"', description: "Submit only: print the job's URL" }
  ])
)

/** `jobscope tap`. */
export const command = Command.make("tap").pipe(
  Command.withDescription(summary.tap),
  Command.withSubcommands([query])
)
