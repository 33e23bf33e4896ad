/** Tests' access to the simulator's UWS services: a simulator per test, and programs run against it. */
import { Transport } from "@jobscope/fetch"
import { Lockstep, type Simulator, start, type UwsSim } from "@jobscope/simulator"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { onTestFinished } from "vitest"
import * as UwsClient from "../../src/UwsClient.js"

/** The simulated time every test starts at. */
export const epoch = new Date("2026-12-07T12:00:00Z")

/** A simulator closed after the test: stepped (`speed: 0`) unless a speed is given. */
export const simulator = (options: { readonly speed?: number; readonly uws?: UwsSim.Options } = {}) =>
  Effect.promise(async () => {
    const sim = await start({
      speed: options.speed ?? 0,
      start: epoch,
      ...(options.uws === undefined ? {} : { uws: options.uws })
    })
    onTestFinished(() => sim.close())
    return sim
  })

/** The jobs URL of the UWS 1.1 service, and of the 1.0 one. */
export const jobs11 = (sim: Simulator) => `${sim.url}/uws/jobs`
export const jobs10 = (sim: Simulator) => `${sim.url}/uws10/jobs`

/** Runs a program that needs a transport and a UWS client in lockstep with a stepped simulator. */
export const inLockstep = <A, E>(
  sim: Simulator,
  program: Effect.Effect<A, E, Transport.Transport | UwsClient.UwsClient>
) => {
  const lockstep = Lockstep.forSimulator(sim)
  const transport = Transport.layerFetch({ fetch: lockstep.fetch })
  return lockstep.run(program.pipe(Effect.provide(Layer.provideMerge(UwsClient.layer(), transport))))
}

/** Runs a program that needs a transport and a UWS client against a simulator on a scaled clock, in real time. */
export const live = <A, E>(program: Effect.Effect<A, E, Transport.Transport | UwsClient.UwsClient>) =>
  program.pipe(Effect.provide(Layer.provideMerge(UwsClient.layer(), Transport.layerFetch())))

/** The simulated milliseconds since the epoch at which each request about a job (`uws/<id>`) reached the simulator. */
export const arrivals = (sim: Simulator, job: string) =>
  sim.requests.log({ job }).map((entry) => Date.parse(entry.at) - epoch.getTime())
