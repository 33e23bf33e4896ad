/** The whole simulator for tests: on a stepped clock, closed when the test finishes. */
import { onTestFinished } from "vitest"
import * as Simulator from "../../src/Simulator.js"
import { epoch } from "./servers.js"

/** Starts the simulator on a stepped clock at {@link epoch} (unless told otherwise); closed after the test. */
export const started = async (options: Simulator.StartOptions = {}): Promise<Simulator.Simulator> => {
  const sim = await Simulator.start({ speed: 0, start: epoch, ...options })
  onTestFinished(() => sim.close())
  return sim
}
