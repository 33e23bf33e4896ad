/**
 * The whole service as one layer: its SQL database (a SQLite file by
 * default), Effect Cluster's workflow engine over it (one runner), the watch
 * workflow, the store, sealing, the observatories' clients, and the webhook
 * deliverer running for as long as the layer lives. Embed it in another
 * program, or run it as `jobscope serve`.
 *
 * @example
 * ```ts
 * import { Service, Watches } from "@jobscope/service"
 * import * as Effect from "effect/Effect"
 * import * as Redacted from "effect/Redacted"
 *
 * const program = Effect.gen(function* () {
 *   const watches = yield* Watches.Watches
 *   const watch = yield* watches.create("alice", { job: { _tag: "TooJob", jobnumber: 17 } })
 * })
 * Effect.runPromise(Effect.provide(program, Service.layer({ database: "watches.db", key: Redacted.make(myKey) })))
 * ```
 */
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import { SqliteClient } from "@effect/sql-sqlite-node"
import * as Context from "effect/Context"
import type { ShardingConfig } from "effect/cluster"
import { ClusterWorkflowEngine, SingleRunner } from "effect/cluster"
import { Digest } from "effect/crypto"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FileSystem from "effect/FileSystem"
import * as Layer from "effect/Layer"
import * as Path from "effect/Path"
import type * as Redacted from "effect/Redacted"
import { SqlClient } from "effect/sql"
import * as Deliverer from "./Deliverer.js"
import * as Sealing from "./Sealing.js"
import * as Store from "./Store.js"
import * as Upstreams from "./Upstreams.js"
import * as Watches from "./Watches.js"
import * as WatchWorkflow from "./WatchWorkflow.js"

/** How the service runs. */
export interface Options {
  /** The SQLite file everything is kept in (created with its directory if missing). */
  readonly database: string
  /** The operator's key that seals upstream credentials and webhook secrets at rest (at least 16 characters). */
  readonly key: Redacted.Redacted<string>
  /** Where the observatories are and how fast their clocks run (default: the real services). */
  readonly upstreams?: Upstreams.Options | undefined
  /**
   * How often the runner looks for due durable timers and messages in storage
   * (default: 1 s): the longest a durable sleep can overrun, so the detection
   * delay a watch adds on top of its polling policy. Lower costs more queries
   * while idle.
   */
  readonly pollInterval?: Duration.Input | undefined
  /** Sleeps up to this long stay in memory, longer ones are durable timers (default: 0, every sleep durable). */
  readonly inMemoryThreshold?: Duration.Input | undefined
  /** How often the deliverer looks for due webhook deliveries (default: 250 ms). */
  readonly deliveryInterval?: Duration.Input | undefined
  /** More Effect Cluster settings, over those this layer chooses. */
  readonly sharding?: Partial<ShardingConfig.ShardingConfig["Service"]> | undefined
}

/** The default storage poll: 1 s. */
export const defaultPollInterval = Duration.seconds(1)

/** Effect Cluster settings for one runner that keeps up to `maxResidentEntities` watches awake. */
const shardingConfig = (options: Options): Partial<ShardingConfig.ShardingConfig["Service"]> => ({
  entityMessagePollInterval: options.pollInterval ?? defaultPollInterval,
  // A watch sleeps between polls; keeping 50,000 resident saves rebuilding them at every wake.
  maxResidentEntities: 50_000,
  entityMaxIdleTime: Duration.minutes(10),
  ...options.sharding
})

/**
 * A SQLite database at `filename`, its directory made first, in WAL mode with
 * `synchronous = NORMAL`: a commit is written to the log but not flushed to
 * the disk (the log is flushed at each checkpoint). SQLite's default (`FULL`)
 * flushes at every commit, and `node:sqlite` is synchronous, so every flush
 * blocked the runner's one thread: at 1,000 watches half the process's time
 * went to waiting for `COMMIT`, and the runner fell behind its timers. A
 * killed process loses nothing this way; a power cut or an operating-system
 * crash may lose the last commits (never corrupting the file).
 */
export const sqlite = (filename: string) =>
  Layer.unwrap(
    Effect.gen(function* () {
      const fs = yield* FileSystem.FileSystem
      const path = yield* Path.Path
      yield* Effect.orDie(fs.makeDirectory(path.dirname(path.resolve(filename)), { recursive: true }))
      return Layer.tap(SqliteClient.layer({ filename }), (context) =>
        Effect.orDie(Context.get(context, SqlClient.SqlClient).unsafe("PRAGMA synchronous = NORMAL"))
      )
    })
  ).pipe(Layer.provide([NodeFileSystem.layer, Path.layer]))

/** The engine and its storage: Effect Cluster with one runner, over the SQL client in context. */
const engine = (options: Options) =>
  ClusterWorkflowEngine.layer.pipe(
    Layer.provideMerge(SingleRunner.layer({ runnerStorage: "sql", shardingConfig: shardingConfig(options) })),
    Layer.provide(Digest.layerWebCrypto)
  )

/** Everything but the database: the store, the engine, the workflow and the deliverer, over the SQL client in context. */
export const layerOnSql = (options: Omit<Options, "database">) => {
  const base = Layer.mergeAll(
    Store.layer,
    Sealing.layer(options.key),
    Upstreams.layer(options.upstreams),
    engine({ ...options, database: "" })
  )
  const running = Layer.mergeAll(
    WatchWorkflow.layer({ inMemoryThreshold: options.inMemoryThreshold }),
    Layer.effectDiscard(Effect.forkScoped(Deliverer.run({ interval: options.deliveryInterval })))
  )
  return Watches.layer.pipe(Layer.provideMerge(running), Layer.provideMerge(base))
}

/** The whole service on one SQLite file (its `SqlClient` given too, to read the tables). */
export const layer = (options: Options) =>
  layerOnSql(options).pipe(Layer.provideMerge(sqlite(options.database)))
