/**
 * `jobscope serve`: the watch service (`@jobscope/service`) with its HTTP
 * API, until Ctrl-C. With no flags it keeps everything in one SQLite file in
 * the user's data directory (`$XDG_DATA_HOME/jobscope`, else
 * `~/.local/share/jobscope`), sealing credentials with a key kept beside it
 * (made on first run, readable by its owner only) unless `JOBSCOPE_KEY` or
 * `--key-file` gives one. `--mint-token USER` makes an API token and exits.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { homedir } from "node:os"
import { dirname, join } from "node:path"
import * as Config from "effect/Config"
import { Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import { HttpServer } from "effect/http"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Output from "../Output.js"
import * as Problem from "../Problem.js"
import { summary } from "./Summary.js"

/** The directory the service keeps its files in by default. */
export const dataDirectory = (env: NodeJS.ProcessEnv = process.env): string =>
  join(
    env.XDG_DATA_HOME !== undefined && env.XDG_DATA_HOME !== ""
      ? env.XDG_DATA_HOME
      : join(homedir(), ".local", "share"),
    "jobscope"
  )

/** The sealing key from its file, made (32 random bytes, owner-only) when missing. */
const keyFromFile = (path: string, create: boolean): Redacted.Redacted<string> => {
  if (!existsSync(path)) {
    if (!create) throw new Error(`no key file at ${path}`)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, `${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64")}\n`, {
      mode: 0o600
    })
    chmodSync(path, 0o600)
  }
  return Redacted.make(readFileSync(path, "utf8").split("\n")[0]?.trim() ?? "")
}

/** `jobscope serve`. */
export const command = Command.make(
  "serve",
  {
    database: Flag.String("database").pipe(
      Flag.withDescription("The SQLite file to keep watches in (default: service.db in the data directory)"),
      Flag.optional
    ),
    port: Flag.Int("port").pipe(
      Flag.withDescription("The port to serve the API on (0: any free one)"),
      Flag.withDefault(7878)
    ),
    host: Flag.String("host").pipe(
      Flag.withDescription(
        "The address to listen on (put a TLS proxy in front to serve beyond this machine)"
      ),
      Flag.withDefault("127.0.0.1")
    ),
    key: Flag.Redacted("key").pipe(
      Flag.withDescription("The key sealing credentials at rest, 16+ characters; also $JOBSCOPE_KEY"),
      Flag.withFallbackConfig(Config.Redacted("JOBSCOPE_KEY")),
      Flag.optional
    ),
    keyFile: Flag.String("key-file").pipe(
      Flag.withDescription(
        "Read the sealing key from this file (default: key in the data directory, made on first run)"
      ),
      Flag.optional
    ),
    mintToken: Flag.String("mint-token").pipe(
      Flag.withDescription("Make an API token for this user, print it once, and exit"),
      Flag.optional
    ),
    ukssdcUrl: Flag.String("ukssdc-url").pipe(
      Flag.withDescription("The UKSSDC's address (a simulator's, say)"),
      Flag.optional
    ),
    tooUrl: Flag.String("too-url").pipe(Flag.withDescription("The Swift TOO API's address"), Flag.optional),
    tomUrl: Flag.String("tom-url").pipe(
      Flag.withDescription("The TOM's address (without it, no TOM watches)"),
      Flag.optional
    ),
    speed: Flag.Finite("speed").pipe(
      Flag.withDescription(
        "How many times faster than real time the servers' clocks run (a simulator's --speed)"
      ),
      Flag.withDefault(1)
    ),
    pollInterval: Flag.Int("poll-interval").pipe(
      Flag.withDescription(
        "Milliseconds between looks for due timers in the database: the most a wait can overrun"
      ),
      Flag.withDefault(1000)
    )
  },
  (flags) =>
    Effect.gen(function* () {
      const service = yield* Effect.promise(() => import("@jobscope/service"))
      const home = dataDirectory()
      const database = Option.getOrElse(flags.database, () => join(home, "service.db"))
      if (Option.isSome(flags.key) && Option.isSome(flags.keyFile))
        return yield* Problem.usage("give --key (or $JOBSCOPE_KEY) or --key-file, not both")
      let key: Redacted.Redacted<string>
      if (Option.isSome(flags.key)) key = flags.key.value
      else {
        const path = Option.getOrElse(flags.keyFile, () => join(home, "key"))
        try {
          key = keyFromFile(path, Option.isNone(flags.keyFile))
        } catch (error) {
          return yield* Problem.usage(`cannot read the sealing key: ${(error as Error).message}`)
        }
      }
      if (Option.isSome(flags.mintToken)) {
        const user = flags.mintToken.value
        const token = yield* service.Tokens.mint(user).pipe(
          Effect.provide(service.Store.layer.pipe(Layer.provide(service.Service.sqlite(database)))),
          Effect.catch((error) => Problem.usage(`cannot make a token: ${error.message}`))
        )
        return yield* Output.line(Redacted.value(token))
      }
      const options = {
        database,
        key,
        pollInterval: `${Math.max(flags.pollInterval, 10)} millis`,
        upstreams: {
          ukssdcUrl: Option.getOrUndefined(flags.ukssdcUrl),
          tooUrl: Option.getOrUndefined(flags.tooUrl),
          tomUrl: Option.getOrUndefined(flags.tomUrl),
          speed: flags.speed
        }
      } as const
      const api = service.ApiServer.layer({ port: flags.port, host: flags.host })
      const running = Layer.mergeAll(
        api,
        Layer.effectDiscard(
          Effect.gen(function* () {
            const resumed = yield* Effect.flatMap(service.Watches.Watches, (watches) => watches.resumeAll)
            const where = HttpServer.formatAddress((yield* HttpServer.HttpServer).address)
            yield* Output.line(
              `jobscope serve: listening on ${where}; ${resumed} watch(es) resumed; database ${database}`
            )
          })
        ).pipe(Layer.provide(api))
      ).pipe(Layer.provide(service.Service.layer(options)))
      return yield* Layer.launch(running)
    })
).pipe(
  Command.withDescription(summary.serve),
  Command.withExamples([
    {
      command: "jobscope serve --mint-token alice",
      description: "Make an API token for alice (printed once)"
    },
    {
      command: "jobscope serve",
      description: "Serve on 127.0.0.1:7878, keeping everything in the data directory"
    }
  ])
)
