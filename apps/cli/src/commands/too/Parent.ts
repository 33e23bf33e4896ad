/**
 * The `jobscope too` command itself: the flags every subcommand shares (where
 * the API is, who signs), and the client a subcommand makes from them.
 */
import * as Config from "effect/Config"
import { Argument, Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Clients from "../../Clients.js"
import * as Flags from "../../Flags.js"
import * as Problem from "../../Problem.js"

const realService = "https://www.swift.psu.edu"

/** The flags every `too` command shares. */
export const too = Command.make("too").pipe(
  Command.withSharedFlags({
    baseUrl: Flags.baseUrl("JOBSCOPE_TOO_URL", realService),
    username: Flag.String("username").pipe(
      Flag.withDescription(
        "The username you registered at the Swift TOO site; also $JOBSCOPE_TOO_USERNAME (default: anonymous, which may do all but send a TOO request)"
      ),
      Flag.withFallbackConfig(Config.String("JOBSCOPE_TOO_USERNAME")),
      Flag.optional
    ),
    secret: Flags.tooSecret(
      "secret",
      "Your shared secret, which signs each request and is never sent or shown"
    ),
    secretFile: Flags.secretFile("secret-file", "your shared secret")
  }),
  Command.withDescription(
    "The Swift Target-of-Opportunity API: visibility, TOO requests, and following its jobs"
  ),
  Command.withExamples([
    {
      command: "jobscope too visibility --ra 219.2875 --dec -60.8333",
      description: "When Swift can see a position over the next days (no account needed)"
    },
    {
      command: "jobscope too request --data request.json --username you --watch",
      description: "Send a TOO request, signed with $JOBSCOPE_TOO_SECRET, and follow it"
    }
  ])
)

/** The client: a registered user with their shared secret, or anonymous when neither is given. */
export const client = Effect.gen(function* () {
  const flags = yield* too
  const { baseUrl, username } = flags
  const secret = yield* Flags.secretOf(flags.secret, flags.secretFile, "--secret", "--secret-file")
  if (Option.isSome(username) && Option.isSome(secret))
    return Clients.too({ baseUrl, username: username.value, secret: secret.value })
  if (Option.isNone(username) && Option.isNone(secret)) return Clients.too({ baseUrl })
  return yield* Problem.usage(
    Option.isSome(username)
      ? "--username needs the shared secret that goes with it: give --secret or set JOBSCOPE_TOO_SECRET (or give neither, to be anonymous)"
      : "--secret needs the username it belongs to: give --username or set JOBSCOPE_TOO_USERNAME (or give neither, to be anonymous)"
  )
})

/** A job's number, as a positional argument. */
export const jobNumber = Argument.Int("jobnumber").pipe(
  Argument.withDescription("The job's number, as visibility or request printed it")
)
