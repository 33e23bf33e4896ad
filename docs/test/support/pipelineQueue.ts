/**
 * A tiny server of the invented pipeline queue of `examples/reuse.ts`, on a
 * stepped clock, for following a run with the watcher in simulated time: one
 * run, `r-42`, waits 20 s, then reduces 12 bias frames (2 s each), 12 flats
 * (10 s each) and stacks them (60 s), and is done 224 s after it was queued
 * with a stacked image and a log as its products; or fails on the 7th flat
 * when told to.
 */
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import type { WireRun } from "../../examples/reuse.js"

/** The server, its clock, and the times at which it was asked. */
export interface PipelineQueue {
  readonly url: string
  /** Moves the server's clock on. */
  readonly advance: (millis: number) => void
  /** When each request came, in milliseconds since the run was queued. */
  readonly requests: ReadonlyArray<number>
  /** When the run ended, in milliseconds since it was queued. */
  readonly endsAt: number
  readonly close: () => Promise<void>
}

const frames = 12
const waiting = 20_000
const bias = 2_000
const flat = 10_000
const stack = 60_000

/**
 * A step `elapsed` ms after it was due to start: to do, running, or done after
 * `count` items of `each` ms (with a count such as "3/12" while it runs), or
 * after `each` ms for a step without items.
 */
const stage = (name: string, elapsed: number, each: number, count?: number): WireRun["steps"][number] => {
  if (elapsed < 0) return { name, status: "todo" }
  if (elapsed >= each * (count ?? 1)) return { name, status: "done" }
  return count === undefined
    ? { name, status: "running" }
    : { name, status: "running", progress: `${Math.floor(elapsed / each) + 1}/${count}` }
}

/** When a failing run fails: halfway through its 7th flat. */
const failsAt = frames * bias + 6.5 * flat

/** The run as the queue reports it `at` ms after it was queued. */
export const runAt = (at: number, failing: boolean): WireRun => {
  if (at < waiting) return { id: "r-42", state: "waiting", steps: [] }
  const failed = failing && at - waiting >= failsAt
  const running = failed ? failsAt : at - waiting
  const flats = running - frames * bias
  const steps = [
    stage("bias", running, bias, frames),
    stage("flat", flats, flat, frames),
    stage("stack", flats - frames * flat, stack)
  ]
  const state = failed ? "error" : steps.every((step) => step.status === "done") ? "done" : "running"
  return {
    id: "r-42",
    state,
    steps,
    runtime: running / 1000,
    ...(failed ? { error: "flat 7 of 12 is saturated" } : {}),
    ...(state === "done"
      ? {
          products: [
            { name: "Stacked image", url: "/runs/r-42/stack.fits" },
            { name: "Reduction log", url: "/runs/r-42/log.txt" }
          ]
        }
      : {})
  }
}

/** Starts the server on a free port, its clock at 0 when the run is queued. */
export const start = async (options: { readonly failing?: boolean } = {}): Promise<PipelineQueue> => {
  let now = 0
  const requests: Array<number> = []
  const failing = options.failing ?? false
  const server = createServer((request, response) => {
    requests.push(now)
    if (request.url !== "/queue/r-42") {
      response.writeHead(404, { "content-type": "text/html" }).end("<html><title>Not Found</title></html>")
      return
    }
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(runAt(now, failing)))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    advance: (millis) => {
      now += millis
    },
    requests,
    endsAt: waiting + frames * bias + frames * flat + stack,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
