/**
 * Runs an example of the guides as a reader would run it, and returns what it
 * printed, so that each test only says what the example must print.
 */
import { fileURLToPath } from "node:url"
import { vi } from "vitest"

/** The arguments of each `console.log` call an example made, in order. */
export type Logged = ReadonlyArray<ReadonlyArray<unknown>>

/**
 * Runs `examples/<name>` (a module that does its work when imported, as
 * `node examples/<name>.js` would), capturing `console.log`. A module runs once
 * per test file: run each example from one test.
 */
export const runExample = async (name: string): Promise<Logged> => {
  const logged: Array<ReadonlyArray<unknown>> = []
  const log = vi.spyOn(console, "log").mockImplementation((...args: Array<unknown>) => {
    logged.push(args)
  })
  try {
    await import(fileURLToPath(new URL(`../../examples/${name}`, import.meta.url)))
  } finally {
    log.mockRestore()
  }
  return logged
}
