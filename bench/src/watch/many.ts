/**
 * One process watching many UKSSDC jobs at once in real time, for the `watch`
 * part's scale figures, over `NodeHttp` (Effect's client on `node:http`), Effect's undici client or over
 * `fetch`. It runs as a process of its own, compiled by the part
 * (`node --expose-gc many.mjs <url> <first job> <jobs> <seconds> node|effect-undici|fetch`),
 * so that its peak RSS is the watcher's alone, against a simulator in another
 * process whose jobs are already submitted. Prints its figures as one line of JSON.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Follow, JobRef, Transport, UkssdcClient } from "@jobscope/fetch"
import { NodeHttp } from "@jobscope/fetch/node"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { user } from "./jobs.js"

/** How watching many jobs at once went. */
export interface Many {
  readonly jobs: number
  readonly seconds: number
  /** Polls made, answered or not. */
  readonly polls: number
  /** Jobs seen over before the time was up. */
  readonly finished: number
  readonly rssBeforeMb: number
  readonly peakRssMb: number
  /** The heap still in use after a full garbage collection halfway through: what the watch really holds. */
  readonly liveHeapMb: number
  /** CPU time (user + system) of this process per poll, in microseconds. */
  readonly cpuMicrosPerPoll: number
}

const megabytes = (bytes: number) => bytes / (1024 * 1024)

const [url, first, count, seconds, over] = process.argv.slice(2)
const jobs = Number(count)
/** The HTTP clients a run can go over. */
const transports = {
  node: () => NodeHttp.layer(),
  "effect-undici": () => Transport.layer().pipe(Layer.provide(NodeHttpClient.layerUndici)),
  fetch: () => Transport.layerFetch()
}
if (url === undefined || !(jobs > 0) || !(Number(seconds) > 0) || over === undefined || !(over in transports))
  throw new Error(`usage: many.js <url> <first job> <jobs> <seconds> ${Object.keys(transports).join("|")}`)

const followed = Array.from({ length: jobs }, (_, index) => JobRef.ukssdc(Number(first) + index))
const client = UkssdcClient.layer({ baseUrl: url, userId: user }).pipe(
  Layer.provide(transports[over as keyof typeof transports]())
)
global.gc?.()
const rssBefore = process.memoryUsage.rss()
let peak = rssBefore
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss())
}, 20)
let liveHeap = 0
const halfway = setTimeout(
  () => {
    global.gc?.()
    liveHeap = process.memoryUsage().heapUsed
  },
  (Number(seconds) * 1000) / 2
)
let polls = 0
let finished = 0
const cpuBefore = process.cpuUsage()
await Effect.runPromise(
  Stream.runForEach(Follow.watchAll(followed, { deadline: Duration.seconds(Number(seconds)) }), (item) =>
    Effect.sync(() => {
      if (item._tag === "Update") {
        polls++
        if (item.update._tag === "Observed" && item.update.next === undefined) finished++
      } else if (item.error._tag !== "DeadlinePassed") throw new Error(item.error.message)
    })
  ).pipe(Effect.provide(client))
)
const cpu = process.cpuUsage(cpuBefore)
clearInterval(sampler)
clearTimeout(halfway)
const figures: Many = {
  jobs,
  seconds: Number(seconds),
  polls,
  finished,
  rssBeforeMb: megabytes(rssBefore),
  peakRssMb: megabytes(Math.max(peak, process.memoryUsage.rss())),
  liveHeapMb: megabytes(liveHeap),
  cpuMicrosPerPoll: (cpu.user + cpu.system) / polls
}
process.stdout.write(`${JSON.stringify(figures)}\n`)
