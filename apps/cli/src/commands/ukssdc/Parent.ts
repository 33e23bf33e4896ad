/**
 * The `jobscope ukssdc` command itself: the flags every subcommand shares
 * (where the product builder is, who asks), and the client a subcommand makes
 * from them.
 */
import * as Config from "effect/Config"
import { Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Clients from "../../Clients.js"
import * as Flags from "../../Flags.js"
import * as Problem from "../../Problem.js"
import { summary } from "../Summary.js"

/** The product builder itself, where `--base-url` points unless told otherwise. */
export const realService = "https://www.swift.ac.uk"

/** The flags every `ukssdc` command shares. */
export const ukssdc = Command.make("ukssdc").pipe(
  Command.withSharedFlags({
    baseUrl: Flags.baseUrl("JOBSCOPE_UKSSDC_URL", realService),
    userId: Flag.Redacted("user-id").pipe(
      Flag.withDescription("The e-mail address you registered with the UKSSDC; also $JOBSCOPE_UKSSDC_USER"),
      Flag.withFallbackConfig(Config.Redacted("JOBSCOPE_UKSSDC_USER")),
      Flag.optional
    )
  }),
  Command.withDescription(summary.ukssdc),
  Command.withExamples([
    {
      command:
        'jobscope ukssdc submit --name "GRB 200101A" --target 00081637 --ra 219.2875 --dec -60.8333 --user-id you@example.org --watch',
      description: "Build all six products for a GRB and follow them live"
    },
    {
      command: "jobscope ukssdc watch 14 --base-url http://127.0.0.1:8080",
      description: "Follow job 14 on a simulator (jobscope sim) instead of the real service"
    }
  ])
)

/** The client, once the user's registered e-mail is known. */
export const client = Effect.gen(function* () {
  const { baseUrl, userId } = yield* ukssdc
  if (Option.isNone(userId))
    return yield* Problem.usage(
      "the UKSSDC needs the e-mail address you registered with it: give --user-id or set JOBSCOPE_UKSSDC_USER"
    )
  return Clients.ukssdc({ baseUrl, userId: userId.value })
})
