/**
 * The `jobscope too` command itself: the flags every subcommand shares (which
 * API, where it is, who asks), and the clients a subcommand makes from them:
 * the REST API's (the default, for `submit`, `requests`, `follow`,
 * `calendar` and `observations`) and API 1.2's (`visibility`, `request`,
 * `status`, `watch`, `resolve`, `afst`).
 */
import { SessionFile } from "@jobscope/fetch/node"
import * as Config from "effect/Config"
import { Argument, Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Clients from "../../Clients.js"
import * as Flags from "../../Flags.js"
import * as Problem from "../../Problem.js"
import { summary } from "../Summary.js"

const realService = "https://www.swift.psu.edu"

/** The flags every `too` command shares. */
export const too = Command.make("too").pipe(
  Command.withSharedFlags({
    api: Flag.Literals("api", ["rest", "1.2"]).pipe(
      Flag.withDescription(
        "Which API: rest (default; the API of swift_too 2.0, for submit, requests, follow, calendar and observations) or 1.2 (the JWT API of visibility, request, status, watch, resolve and afst)"
      ),
      Flag.withDefault("rest")
    ),
    sessionFile: Flag.String("session-file").pipe(
      Flag.withDescription(
        "REST API: keep the login session in this file (made owner-only) so later runs need not log in again (default: in memory, for this run only)"
      ),
      Flag.optional
    ),
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
  Command.withDescription(summary.too),
  Command.withExamples([
    {
      command: "jobscope too visibility --ra 219.2875 --dec -60.8333",
      description: "When Swift can see a position over the next days (no account needed)"
    },
    {
      command: "jobscope too submit --data request.json --username you --watch",
      description:
        "Submit a TOO request (REST API, logging in with $JOBSCOPE_TOO_SECRET) and follow it to its data"
    },
    {
      command: "jobscope too follow 22680",
      description: "Follow a TOO request: decision, calendar, each visit, data in the archive"
    },
    {
      command: "jobscope too --api 1.2 request --data request.json --username you --watch",
      description: "Send a TOO request through API 1.2 (signed JWT) and follow its job in the API's queue"
    }
  ])
)

/** Who asks: a registered user with their shared secret, or anonymous (undefined) when neither is given. */
const credentials = Effect.gen(function* () {
  const flags = yield* too
  const { username } = flags
  const secret = yield* Flags.secretOf(flags.secret, flags.secretFile, "--secret", "--secret-file")
  if (Option.isSome(username) && Option.isSome(secret))
    return { username: username.value, secret: secret.value }
  if (Option.isNone(username) && Option.isNone(secret)) return undefined
  return yield* Problem.usage(
    Option.isSome(username)
      ? "--username needs the shared secret that goes with it: give --secret or set JOBSCOPE_TOO_SECRET (or give neither, to be anonymous)"
      : "--secret needs the username it belongs to: give --username or set JOBSCOPE_TOO_USERNAME (or give neither, to be anonymous)"
  )
})

/** The API 1.2 client: a registered user with their shared secret, or anonymous when neither is given. */
export const client = Effect.gen(function* () {
  const { baseUrl } = yield* too
  const who = yield* credentials
  return Clients.too(who === undefined ? { baseUrl } : { baseUrl, ...who })
})

/**
 * The REST API client of a REST command (`command` names it in the message
 * when `--api 1.2` was asked for), at `<url>/api/v2`, its session kept in
 * `--session-file` when given.
 */
export const restClient = (command: string) =>
  Effect.gen(function* () {
    const flags = yield* too
    if (flags.api === "1.2")
      return yield* Problem.usage(
        `jobscope too ${command} speaks the REST API; API 1.2 has visibility, request, status, watch, resolve and afst (drop --api 1.2)`
      )
    const who = yield* credentials
    const sessions = Option.isSome(flags.sessionFile)
      ? yield* SessionFile.make(flags.sessionFile.value)
      : undefined
    return Clients.tooRest({
      apiUrl: `${flags.baseUrl.replace(/\/+$/, "")}/api/v2`,
      ...(who ?? {}),
      ...(sessions === undefined ? {} : { sessions })
    })
  })

/** A job's number, as a positional argument. */
export const jobNumber = Argument.Int("jobnumber").pipe(
  Argument.withDescription("The job's number, as visibility or request printed it")
)
