import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterEach, assert, beforeEach, describe, expect, it, vi } from "@effect/vitest"
import { DecodeError, type Job, Poll, type Renderer, Ukssdc } from "@jobscope/core"
import {
  createClient,
  Follow,
  Followable,
  JobRef,
  Poller,
  TooClient,
  Transport,
  UkssdcClient
} from "@jobscope/fetch"
import { downloadToFile } from "@jobscope/fetch/node"
import { Markdown } from "@jobscope/markdown"
import { Lockstep, Ukssdc as SimUkssdc, start } from "@jobscope/simulator"
import { Xml } from "@jobscope/uws"
import { Snapshot, Too as ZodToo } from "@jobscope/zod"
import type * as Cause from "effect/Cause"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Result from "effect/Result"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { TestClock } from "effect/testing"

/**
 * What the tests use of the `jobscope` command's sources. The command exports
 * nothing, and its sources are type-checked with its own settings rather than
 * the guides', so they are loaded by path, as its executable runs them
 * (`main.ts` runs `Cli.run`).
 */
interface CommandSources {
  readonly Cli: {
    /** Runs `jobscope` with `args`, writing to this process's standard streams; answers the exit code. */
    readonly run: (args: ReadonlyArray<string>, version: string) => Effect.Effect<number>
  }
  readonly ExitCode: {
    readonly success: number
    readonly failure: number
    readonly usage: number
    readonly deadline: number
    readonly interrupted: number
    readonly unsuccessful: (
      outcomes: ReadonlyArray<{ readonly job: string; readonly outcome: Job.Outcome }>
    ) => Error | undefined
    readonly ofCause: (cause: Cause.Cause<unknown>) => number
    readonly unfinished: (jobs: ReadonlyArray<string>) => Error | undefined
  }
  readonly InputFile: { readonly read: (path: string) => Effect.Effect<unknown, Error> }
  readonly Simulator: {
    readonly start: (options: {
      readonly port: number
      readonly speed: number
    }) => Effect.Effect<unknown, Error, Scope.Scope>
  }
}

const commandSource = (file: string): Promise<unknown> =>
  import(/* @vite-ignore */ fileURLToPath(new URL(`../../apps/cli/src/${file}`, import.meta.url)))

const Cli = (await commandSource("Cli.ts")) as CommandSources["Cli"]
const ExitCode = (await commandSource("ExitCode.ts")) as CommandSources["ExitCode"]
const InputFile = (await commandSource("InputFile.ts")) as CommandSources["InputFile"]
const CliSimulator = (await commandSource("Simulator.ts")) as CommandSources["Simulator"]

const catalogue = readFileSync(new URL("../errors.md", import.meta.url), "utf8")

/** The part of the catalogue under `heading` (a whole line, such as "### `Refused`"), to the next heading. */
const part = (heading: string): string => {
  const start = catalogue.indexOf(`\n${heading}\n`)
  assert(start !== -1, `errors.md has no heading "${heading}"`)
  const rest = catalogue.slice(start + 1)
  const end = rest.slice(1).search(/\n#{1,4} /)
  return end === -1 ? rest : rest.slice(0, end + 2)
}

/** The part of the catalogue about one error: from its `### \`Tag\`` heading to the next heading. */
const section = (tag: string): string => part(`### \`${tag}\``)

/** The headings of the catalogue's error sections. */
const documented = (): ReadonlyArray<string> =>
  Array.from(catalogue.matchAll(/^### `([^`]+)`$/gm), (m) => m[1]!)

/** Messages as the catalogue shows them: the simulator's port as 8080, scratch paths as /data, random names as <uuid>. */
const normalize = (message: string, scratch?: string): string => {
  const ported = message.replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:8080").replace(/port \d+ /, "port 8080 ")
  const placed = scratch === undefined ? ported : ported.replaceAll(scratch, "/data")
  return placed.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>")
}

/** Checks that an error is the one a section is about, and that the section shows its message. */
const expectShown = (error: unknown, tag: string, scratch?: string): void => {
  assert(error instanceof Error, `expected an Error, got ${String(error)}`)
  const found = "_tag" in error ? error._tag : error.name
  expect(found).toBe(tag)
  const message = normalize(error.message, scratch)
  expect(section(tag), `the section on ${tag} shows the message`).toContain(`\n${message}\n`)
}

/** The text of every source file of the `jobscope` command, which exports nothing to import and inspect. */
const commandSources = (directory = new URL("../../apps/cli/src/", import.meta.url)): ReadonlyArray<string> =>
  readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? commandSources(new URL(`${entry.name}/`, directory))
      : entry.name.endsWith(".ts")
        ? [readFileSync(new URL(entry.name, directory), "utf8")]
        : []
  )

const epoch = new Date("2026-03-01T00:00:00Z")
const user = "you@example.org"

type Clients = UkssdcClient.UkssdcClient | TooClient.TooClient

/** A simulator on a stepped clock with `faults`, and a way to run a program on its clients in step with it, for its error. */
const simulated = (faults: ReadonlyArray<string> = []) =>
  Effect.gen(function* () {
    const sim = yield* Effect.acquireRelease(
      Effect.promise(() =>
        start({ speed: 0, seed: 1, start: epoch, faults, ukssdc: { failureProbability: 0 } })
      ),
      (sim) => Effect.promise(() => sim.close())
    )
    const lockstep = Lockstep.forSimulator(sim)
    const clients = Layer.mergeAll(
      UkssdcClient.layer({ baseUrl: sim.url, userId: user }),
      TooClient.layer({ baseUrl: sim.url })
    ).pipe(Layer.provide(Transport.layerFetch({ fetch: lockstep.fetch })))
    return <A, E>(program: Effect.Effect<A, E, Clients>): Effect.Effect<E, A> =>
      lockstep.run(Effect.flip(program.pipe(Effect.provide(clients))))
  })

const ukssdc = UkssdcClient.UkssdcClient
const submitted = Effect.flatMap(ukssdc, (client) => client.submit(SimUkssdc.sixProducts))
const watched = (options: Follow.Options) =>
  Effect.flatMap(submitted, (job) => Stream.runDrain(Follow.watch(JobRef.fromSubmit(job), options)))

/** A `fetch` that never answers, until its request is aborted. */
const silent: typeof globalThis.fetch = (_input, init) =>
  new Promise((_resolve, reject) =>
    init?.signal?.addEventListener("abort", () => reject(init.signal?.reason))
  )

/** The error of a UKSSDC status call to a server that never answers, once the clock has moved `after`. */
const unanswered = (transport: Transport.Options, after: Duration.Input) =>
  Effect.gen(function* () {
    const live = UkssdcClient.layer({ userId: user }).pipe(
      Layer.provide(Transport.layerFetch({ fetch: silent, ...transport }))
    )
    const fiber = yield* Effect.forkChild(
      Effect.flip(Effect.flatMap(ukssdc, (c) => c.status(14)).pipe(Effect.provide(live)))
    )
    yield* TestClock.adjust(after)
    return yield* Fiber.join(fiber)
  })

describe("the error catalogue", () => {
  describe("@jobscope/core", () => {
    it("DecodeError: a reply of the wrong shape, and an HTML page instead of JSON", () => {
      const decode = DecodeError.decodeJson(Ukssdc.StatusResponse, "UKSSDC status reply")
      const wrong = decode('{"OK":1,"JobID":7,"lc":{"statusCode":7,"statusText":"Running"}}')
      assert(Result.isFailure(wrong))
      expectShown(wrong.failure, "DecodeError")
      expect(wrong.failure.problems).toEqual([
        { path: "lc.statusCode", message: expect.stringMatching(/^expected a UKSSDC status code/) }
      ])
      const page = decode(
        "<html><head><title>503 Service Unavailable</title></head><body>The server is busy.</body></html>"
      )
      assert(Result.isFailure(page))
      expectShown(page.failure, "DecodeError")
    })

    it("UnknownNodeError: a node no handler knows", () => {
      const chart = { type: "chart" } as unknown as Renderer.Node
      expect(() => Markdown.render(chart)).toThrow()
      try {
        Markdown.render(chart)
      } catch (error) {
        expectShown(error, "UnknownNodeError")
      }
    })

    it("RangeError: options out of range, and a TOO reply without a job number", () => {
      expect(() => Poll.make(Ukssdc.source, { backoff: 0.5 })).toThrow(RangeError)
      try {
        Poll.make(Ukssdc.source, { backoff: 0.5 })
      } catch (error) {
        expectShown(error, "RangeError")
      }
      try {
        JobRef.fromToo({ api_name: "Swift_TOO_Status", api_version: "1.2", api_data: { status: "Queued" } })
      } catch (error) {
        expectShown(error, "RangeError")
      }
    })
  })

  describe("@jobscope/fetch", () => {
    it.effect("HttpStatusError: a 503 that outlasted the retries", () =>
      Effect.gen(function* () {
        const run = yield* simulated(["ukssdc.status=503"])
        expectShown(yield* run(Effect.flatMap(ukssdc, (client) => client.status(1))), "HttpStatusError")
      })
    )

    it.effect("InvalidReply: an HTML page with status 200", () =>
      Effect.gen(function* () {
        const run = yield* simulated(["ukssdc.status=html"])
        const error = yield* run(
          Effect.flatMap(submitted, (job) => Effect.flatMap(ukssdc, (c) => c.status(job.JobID)))
        )
        expectShown(error, "InvalidReply")
      })
    )

    it.effect("Refused: the server's own reasons, with every listErr item", () =>
      Effect.gen(function* () {
        const run = yield* simulated()
        const error = yield* run(
          Effect.flatMap(ukssdc, (client) => client.submit({ name: "GRB 200101A", lc: 1 }))
        )
        expectShown(error, "Refused")
        assert(error._tag === "Refused")
        expect(error.problems[0]?.list).toEqual(["cent", "targ", "RA", "Dec", "binMeth"])
      })
    )

    it.effect("InvalidRequest: a TOO request made anonymously, never sent", () =>
      Effect.gen(function* () {
        const run = yield* simulated()
        const error = yield* run(
          Effect.flatMap(TooClient.TooClient, (client) =>
            client.request({ source_name: "GRB 260301A" } as unknown as TooClient.RequestData)
          )
        )
        expectShown(error, "InvalidRequest")
      })
    )

    it.effect("GaveUp: a server that fails poll after poll", () =>
      Effect.gen(function* () {
        const run = yield* simulated(["ukssdc.status=503"])
        const error = yield* run(watched({ maxFailures: 3 }))
        expectShown(error, "GaveUp")
        assert(error._tag === "GaveUp")
        expect(error.error._tag).toBe("HttpStatusError")
      })
    )

    it.effect("DeadlinePassed: a job not over by the watch's deadline", () =>
      Effect.gen(function* () {
        const run = yield* simulated()
        const error = yield* run(watched({ deadline: "5 minutes" }))
        expectShown(error, "DeadlinePassed")
        assert(error._tag === "DeadlinePassed")
        expect(error.last?.tasks.map((task: Job.Task) => task.id)).toHaveLength(6)
      })
    )

    it.effect("RequestTimeout: no reply within the timeout", () =>
      Effect.gen(function* () {
        expectShown(yield* unanswered({ retries: 1, retryDelay: "1 second" }, "2 minutes"), "RequestTimeout")
      })
    )

    it.effect("DeadlineExceeded: a call that outlasts its deadline", () =>
      Effect.gen(function* () {
        expectShown(yield* unanswered({ deadline: "20 seconds" }, "21 seconds"), "DeadlineExceeded")
      })
    )

    it("Unreachable: nothing listens where the client looks", async () => {
      const closed = createServer()
      await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve))
      const { port } = closed.address() as AddressInfo
      await new Promise((resolve) => closed.close(resolve))
      const lockstep = Lockstep.make({ start: epoch, advance: () => undefined })
      const live = UkssdcClient.layer({ baseUrl: `http://127.0.0.1:${port}`, userId: user }).pipe(
        Layer.provide(Transport.layerFetch({ fetch: lockstep.fetch }))
      )
      const program = Effect.flip(
        Effect.flatMap(ukssdc, (client) => client.status(14)).pipe(Effect.provide(live))
      )
      expectShown(
        await Effect.runPromise(lockstep.run(program).pipe(Effect.provide(TestClock.layer()))),
        "Unreachable"
      )
    })

    it("ReplyTooLarge: a reply announcing 2 MiB, dropped unread", async () => {
      const huge = createServer((_request, response) => {
        response.writeHead(200, { "content-type": "application/json", "content-length": 2 * 1024 * 1024 })
        response.end(Buffer.alloc(2 * 1024 * 1024, 0x20))
      })
      await new Promise<void>((resolve) => huge.listen(0, "127.0.0.1", resolve))
      try {
        const { port } = huge.address() as AddressInfo
        const live = UkssdcClient.layer({ baseUrl: `http://127.0.0.1:${port}`, userId: user }).pipe(
          Layer.provide(Transport.layerFetch())
        )
        const error = await Effect.runPromise(
          Effect.flip(Effect.flatMap(ukssdc, (client) => client.status(1)).pipe(Effect.provide(live)))
        )
        expectShown(error, "ReplyTooLarge")
      } finally {
        huge.closeAllConnections()
        await new Promise((resolve) => huge.close(resolve))
      }
    })

    it("PollDefect: a poll that throws ends the watch with it", async () => {
      const error = await Effect.runPromise(
        Effect.flip(
          Stream.runDrain(
            Poller.stream({
              job: Followable.make({
                source: Ukssdc.source,
                jobId: "1",
                request: Effect.die(new RangeError("Invalid time value")),
                toSnapshot: (reply: Ukssdc.StatusOk, observedAt) => Ukssdc.toSnapshot(reply, { observedAt })
              }),
              policy: Poll.make(Ukssdc.source)
            })
          )
        )
      )
      expectShown(error, "PollDefect")
    })

    it("NotConfigured: a call to an API the Promise face was given no settings for", async () => {
      const client = createClient({})
      await expect(client.ukssdc.status(14)).rejects.toThrow()
      await client.ukssdc.status(14).catch((error: unknown) => expectShown(error, "NotConfigured"))
      await client.close()
    })

    it("FileError: an archive that cannot be saved where asked", async () => {
      const scratch = mkdtempSync(join(tmpdir(), "jobscope-docs-"))
      const sim = await start({ speed: 0, seed: 1, ukssdc: { failureProbability: 0 } })
      const client = createClient({ ukssdc: { baseUrl: sim.url, userId: user } })
      try {
        const job = await client.ukssdc.submit(SimUkssdc.sixProducts)
        sim.advance("2 hours")
        const error = await client
          .run(downloadToFile(job.URL, "lc", join(scratch, "missing", "lc.tar.gz")))
          .then(
            () => undefined,
            (failure: unknown) => failure
          )
        expectShown(error, "FileError", scratch)
        expect(readdirSync(scratch)).toEqual([])
      } finally {
        await client.close()
        await sim.close()
        rmSync(scratch, { recursive: true, force: true })
      }
    })
  })

  describe("@jobscope/simulator", () => {
    it("FaultError: a fault rule that cannot be set", async () => {
      const sim = await start({ speed: 0 })
      try {
        expect(() => sim.faults.add("ukssdc.status=599x0")).toThrow()
        for (const spec of ["ukssdc.status=599x0", "ukssdc.stats=503"]) {
          try {
            sim.faults.add(spec)
          } catch (error) {
            expectShown(error, "FaultError")
          }
        }
      } finally {
        await sim.close()
      }
    })

    it("SiteError: a site directory that cannot be served", async () => {
      const scratch = mkdtempSync(join(tmpdir(), "jobscope-docs-"))
      try {
        const error = await start({ speed: 0, site: join(scratch, "missing") }).then(
          (sim) => sim.close(),
          (failure: unknown) => failure
        )
        expectShown(error, "SiteError", scratch)
      } finally {
        rmSync(scratch, { recursive: true, force: true })
      }
    })

    it("ListenError: a port that is taken", async () => {
      const sim = await start({ speed: 0 })
      try {
        const error = await start({ port: sim.port }).then(
          (other) => other.close(),
          (failure: unknown) => failure
        )
        expectShown(error, "ListenError")
      } finally {
        await sim.close()
      }
    })
  })

  describe("@jobscope/uws", () => {
    it("XmlRefused: XML too deep for Xml.parse, thrown before the tree grows", () => {
      const deep = `${"<a>".repeat(100)}${"</a>".repeat(100)}`
      let error: unknown
      try {
        Xml.parse(deep)
      } catch (thrown) {
        error = thrown
      }
      expectShown(error, "XmlRefused")
    })
  })

  describe("@jobscope/zod", () => {
    it("ZodError: what zod reports, in the core's words where the core has them", () => {
      const checked = ZodToo.Envelope.safeParse({
        api_name: "Swift_VisQuery",
        api_version: "1.2",
        api_data: { username: "anonymous", ra: "north", dec: 22, begin: "2026-03-01 00:00:00", length: 1 }
      })
      assert(!checked.success)
      expect(checked.error.name).toBe("ZodError")
      const [issue] = checked.error.issues
      expect(section("ZodError")).toContain(`\n${issue?.message}\n`)
    })

    it("DecodeError, thrown: a Snapshot bridge given a value zod never checked", () => {
      const unchecked = {
        OK: 1,
        JobID: 7,
        lc: { statusCode: 7, statusText: "Running" }
      } as unknown as Parameters<typeof Snapshot.fromUkssdc>[0]
      expect(() => Snapshot.fromUkssdc(unchecked, { observedAt: epoch })).toThrow(DecodeError.DecodeError)
      try {
        Snapshot.fromUkssdc(unchecked, { observedAt: epoch })
      } catch (error) {
        expectShown(error, "DecodeError")
      }
    })
  })

  describe("jobscope, the command", () => {
    /** The environment variables the command reads, and those that change its output: none is set while it runs here. */
    const variables = [
      ...new Set(commandSources().flatMap((source) => source.match(/\bJOBSCOPE_[A-Z_]+\b/g) ?? [])),
      "NO_COLOR",
      "FORCE_COLOR"
    ]
    beforeEach(() => {
      for (const name of variables) vi.stubEnv(name, undefined)
    })
    afterEach(() => {
      vi.unstubAllEnvs()
    })

    /** Keeps what is written to `stream` instead of writing it. */
    const capture = (stream: NodeJS.WriteStream, into: Array<string>) =>
      vi.spyOn(stream, "write").mockImplementation(((chunk: string | Uint8Array) => {
        into.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"))
        return true
      }) as NodeJS.WriteStream["write"])

    /**
     * Starts the `jobscope` command with `args` in this process, as its
     * executable does, keeping what it writes; `done` answers how it ended.
     */
    const started = (args: ReadonlyArray<string>) => {
      const stdout: Array<string> = []
      const stderr: Array<string> = []
      const spies = [capture(process.stdout, stdout), capture(process.stderr, stderr)]
      const fiber = Effect.runFork(Cli.run(args, "0.0.0"))
      return {
        fiber,
        stdout: () => stdout.join(""),
        stderr: () => stderr.join(""),
        done: async () => {
          try {
            return await Effect.runPromise(Fiber.await(fiber))
          } finally {
            for (const spy of spies) spy.mockRestore()
          }
        }
      }
    }

    /** Runs the command to its end: its exit code and what it wrote to standard error. */
    const jobscope = async (...args: ReadonlyArray<string>) => {
      const run = started(args)
      const exit = await run.done()
      assert(Exit.isSuccess(exit), "the command ends with an exit code")
      return { code: exit.value, stderr: run.stderr() }
    }

    /** The catalogue's part about an exit code: "#### `3` deadline". */
    const exitPart = (code: number): string => {
      const name = Object.entries(ExitCode).find(([, value]) => value === code)?.[0]
      return part(`#### \`${code}\` ${name}`)
    }

    /** The instant a deadline passed, as the catalogue shows it. */
    const shownInstant = "2026-03-01T10:30:00.000Z"

    /** Checks that a run ended with `code`, and that the catalogue shows what it wrote to standard error under that code. */
    const expectExit = (
      run: { readonly code: number; readonly stderr: string },
      code: number,
      scratch?: string
    ) => {
      expect(run.code).toBe(code)
      const said = normalize(run.stderr, scratch).replace(
        /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g,
        shownInstant
      )
      expect(exitPart(code), `the part on exit code ${code} shows what the command said`).toContain(
        `\n${said}`
      )
    }

    /** Checks that a run failed with `code` saying the message of the error a section is about, and nothing else. */
    const expectSays = (
      run: { readonly code: number; readonly stderr: string },
      code: number,
      error: unknown
    ) => {
      expect(run.code).toBe(code)
      assert(error instanceof Error)
      expect(run.stderr).toBe(`jobscope: ${error.message}\n`)
    }

    /** A scratch directory for the duration of `use`. */
    const inScratch = async <A>(use: (scratch: string) => Promise<A>): Promise<A> => {
      const scratch = mkdtempSync(join(tmpdir(), "jobscope-docs-"))
      try {
        return await use(scratch)
      } finally {
        rmSync(scratch, { recursive: true, force: true })
      }
    }

    /** Runs `use` with a simulator that has one UKSSDC job of all six products, and closes it after. */
    const withJob = async <A>(
      options: Parameters<typeof start>[0],
      use: (sim: Awaited<ReturnType<typeof start>>) => Promise<A>
    ): Promise<A> => {
      const sim = await start(options)
      const client = createClient({ ukssdc: { baseUrl: sim.url, userId: user } })
      try {
        await client.ukssdc.submit(SimUkssdc.sixProducts)
        return await use(sim)
      } finally {
        await client.close()
        await sim.close()
      }
    }

    it("documents every exit code, and no other", () => {
      const codes = Object.entries(ExitCode).filter(([, value]) => typeof value === "number")
      expect(codes.map(([, code]) => code)).toEqual([0, 1, 2, 3, 130, 141])
      const start = catalogue.indexOf("\n### jobscope exit codes\n")
      assert(start !== -1, 'errors.md has no heading "### jobscope exit codes"')
      const exitCodes = catalogue.slice(start, catalogue.indexOf("\n### ", start + 1))
      const documentedCodes = Array.from(exitCodes.matchAll(/^#### `(\d+)` (\w+)$/gm), (match) => [
        match[2],
        Number(match[1])
      ])
      expect(documentedCodes).toEqual(codes)
    })

    it("0: what was asked for was done, and nothing said on standard error", async () => {
      const reply = new URL("../../packages/core/test/fixtures/ukssdc/status-complex.json", import.meta.url)
      const run = await jobscope("render", fileURLToPath(reply))
      expect(run).toEqual({ code: ExitCode.success, stderr: "" })
    })

    it("1: a refusal, a reply that is not one, and JobsUnsuccessful: a job with a failed product", () =>
      withJob(
        { speed: 0, seed: 1, ukssdc: { failureProbability: 0, failures: [{ product: "spec" }] } },
        async (sim) => {
          sim.advance("2 hours")
          expectExit(
            await jobscope("ukssdc", "status", "999", "--base-url", sim.url, "--user-id", user),
            ExitCode.failure
          )
          const watched = await jobscope("ukssdc", "watch", "1", "--base-url", sim.url, "--user-id", user)
          expectExit(watched, ExitCode.failure)
          const error = ExitCode.unsuccessful([{ job: "UKSSDC job 1", outcome: "failed" }])
          expectShown(error, "JobsUnsuccessful")
          expectSays(watched, ExitCode.failure, error)
          await inScratch(async (scratch) => {
            writeFileSync(join(scratch, "odd.json"), '{"foo":1}')
            expectExit(await jobscope("render", join(scratch, "odd.json")), ExitCode.failure, scratch)
          })
        }
      ))

    it("JobsUnsuccessful: a visibility query the TOO server rejected", async () => {
      const sim = await start({ speed: 0, seed: 1 })
      try {
        sim.too.rejectNext(["The position is too close to the Sun."])
        const run = started([
          "too",
          "visibility",
          "--ra",
          "83.633",
          "--dec",
          "22.0145",
          "--base-url",
          sim.url,
          "--speed",
          "600"
        ])
        await vi.waitFor(() => expect(sim.too.jobs()).toHaveLength(1))
        sim.advance("1 minute")
        const exit = await run.done()
        assert(Exit.isSuccess(exit))
        expect(exit.value).toBe(ExitCode.failure)
        const said = run
          .stderr()
          .replace(/^jobscope: /, "")
          .replace(/\n$/, "")
        expect(section("JobsUnsuccessful")).toContain(`\n${said}\n`)
      } finally {
        await sim.close()
      }
    })

    it("2: a credential not given, a bad value, a missing argument", async () => {
      expectExit(await jobscope("ukssdc", "status", "14"), ExitCode.usage)
      expectExit(
        await jobscope("ukssdc", "watch", "14", "--deadline", "soon", "--user-id", user),
        ExitCode.usage
      )
      expectExit(await jobscope("ukssdc", "status", "--user-id", user), ExitCode.usage)
      expectExit(await jobscope("too", "visibility"), ExitCode.usage)
    })

    it("3: a job not over by the deadline", () =>
      withJob({ speed: 0, seed: 1 }, async (sim) => {
        const run = await jobscope(
          "ukssdc",
          "watch",
          "1",
          "--deadline",
          // Long enough for the first poll to answer on a busy machine; the next is 10 s away.
          "2 seconds",
          "--base-url",
          sim.url,
          "--user-id",
          user
        )
        expectExit(run, ExitCode.deadline)
      }))

    it("130: interrupted while watching, with a note and nothing on standard error", () =>
      withJob({ speed: 0, seed: 1 }, async (sim) => {
        const run = started(["ukssdc", "watch", "1", "--base-url", sim.url, "--user-id", user])
        await vi.waitFor(() => expect(run.stdout()).toContain("UKSSDC job 1"))
        await Effect.runPromise(Fiber.interrupt(run.fiber))
        const exit = await run.done()
        assert(Exit.isFailure(exit))
        expect(ExitCode.ofCause(exit.cause)).toBe(ExitCode.interrupted)
        expect(run.stderr()).toBe("")
        const note =
          "Interrupted: stopped polling. Run the same command to follow again (add --state FILE to go on where it stopped)."
        expect(run.stdout()).toContain(note)
        expect(exitPart(ExitCode.interrupted)).toContain(note)
      }))

    it("Unreadable: a file that is not there, and a directory", () =>
      inScratch(async (scratch) => {
        for (const path of [join(scratch, "missing.json"), scratch]) {
          const error = await Effect.runPromise(Effect.flip(InputFile.read(path)))
          expectShown(error, "Unreadable", scratch)
          expectSays(await jobscope("render", path), ExitCode.failure, error)
        }
      }))

    it("WatchUnfinished: a watch that ended without its job's end", () => {
      expectShown(ExitCode.unfinished(["UKSSDC job 1"]), "WatchUnfinished")
    })

    it("RefusedReply: a saved reply in which the server said no", () =>
      inScratch(async (scratch) => {
        const refusal = new URL(
          "../../packages/core/test/fixtures/ukssdc/status-not-owner.json",
          import.meta.url
        )
        writeFileSync(join(scratch, "status.json"), readFileSync(refusal))
        const run = await jobscope("render", join(scratch, "status.json"))
        expect(run.code).toBe(ExitCode.failure)
        const said = normalize(run.stderr, scratch)
          .replace(/^jobscope: /, "")
          .replace(/\n$/, "")
        expect(section("RefusedReply")).toContain(`\n${said}\n`)
      }))

    it("StartFailed: a port that is taken", async () => {
      const sim = await start({ speed: 0 })
      try {
        const error = await Effect.runPromise(
          Effect.flip(Effect.scoped(CliSimulator.start({ port: sim.port, speed: 0 })))
        )
        expectShown(error, "StartFailed")
        expectSays(await jobscope("sim", "--port", String(sim.port)), ExitCode.failure, error)
      } finally {
        await sim.close()
      }
    })
  })

  describe("completeness", () => {
    /** Every entry point each published package exports, read from its package.json. */
    const entryPoints = (): ReadonlyArray<string> => {
      const packages = new URL("../../packages/", import.meta.url)
      return readdirSync(packages).flatMap((directory) => {
        const manifest = JSON.parse(readFileSync(new URL(`${directory}/package.json`, packages), "utf8")) as {
          readonly name: string
          readonly exports: Readonly<Record<string, unknown>>
        }
        return Object.keys(manifest.exports)
          .filter((key) => !key.includes("*") && !/\.(css|json)$/.test(key))
          .map((key) => `${manifest.name}${key.slice(1)}`)
      })
    }

    const isModule = (value: unknown): value is Readonly<Record<string, unknown>> =>
      typeof value === "object" &&
      value !== null &&
      Object.prototype.toString.call(value) === "[object Module]"

    /** The tag of an error class: its `_tag` field's literal for a tagged error, else its name. */
    const tagOf = (error: Function): string => {
      const tag = (
        error as { readonly fields?: { readonly _tag?: { readonly ast?: { readonly literal?: unknown } } } }
      ).fields?._tag?.ast?.literal
      return typeof tag === "string" ? tag : error.name
    }

    /** The error classes a module exports, in it and in the namespaces it exports. */
    const errorClasses = (module: Readonly<Record<string, unknown>>, depth = 0): ReadonlyArray<string> =>
      Object.values(module).flatMap((value) =>
        typeof value === "function" && value.prototype instanceof Error
          ? [tagOf(value)]
          : isModule(value) && depth < 2
            ? errorClasses(value, depth + 1)
            : []
      )

    /** The tags of the tagged error classes the `jobscope` command defines, read from its sources (it exports nothing). */
    const commandErrors = (): ReadonlyArray<string> =>
      commandSources().flatMap((source) =>
        Array.from(
          source.matchAll(/\bclass \w+ extends Schema\.TaggedError<\w+>\(\)\(\s*"(\w+)"/g),
          (match) => match[1]!
        )
      )

    it("documents every error class any package exports or the command defines, and no error that does not exist", async () => {
      const entries = entryPoints()
      expect(entries).toEqual(
        expect.arrayContaining(["@jobscope/core", "@jobscope/fetch/node", "@jobscope/zod"])
      )
      const exported = new Set<string>()
      for (const entry of entries) for (const tag of errorClasses(await import(entry))) exported.add(tag)
      expect([...exported].sort()).toEqual(
        expect.arrayContaining([
          "DecodeError",
          "FaultError",
          "FileError",
          "GaveUp",
          "NotConfigured",
          "Unreachable"
        ])
      )
      const command = commandErrors()
      expect([...command].sort()).toEqual(
        expect.arrayContaining(["JobsUnsuccessful", "RefusedReply", "StartFailed", "Unreadable"])
      )
      for (const tag of command) exported.add(tag)
      for (const tag of exported) expect(documented(), `errors.md documents ${tag}`).toContain(tag)
      // Besides ours: zod's own error, and the RangeError of options out of range.
      const foreign = documented().filter((tag) => !exported.has(tag))
      expect(foreign.sort()).toEqual(["RangeError", "ZodError"])
    })
  })
})
