/**
 * What a person sees while a request is tried again: one line per retry on
 * standard error (attempt n of N, what failed, when the next try is), and,
 * when nothing answers on this machine, that `jobscope sim` starts the
 * simulator. Without it, an unreachable server meant many seconds of silence.
 */
import { FetchError, Poller, type Transport } from "@jobscope/fetch"
import { isLoopback } from "./Loopback.js"
import * as Style from "./Style.js"

/** Where retry lines go: standard error, or the live view while one is drawn on a terminal. */
let show = (line: string): void => {
  process.stderr.write(`${line}\n`)
}

/** Sends retry lines to `to` until the returned function is called, then back to where they went. */
export const redirect = (to: (line: string) => void): (() => void) => {
  const before = show
  show = to
  return () => {
    show = before
  }
}

/**
 * When `url` is on this machine and nothing answered there, the command that
 * would start a simulator on its port; else undefined.
 */
export const simulatorHint = (url: string): string | undefined => {
  if (!URL.canParse(url)) return undefined
  const { hostname, port } = new URL(url)
  if (!isLoopback(hostname)) return undefined
  return `nothing answers on ${hostname}${port === "" ? "" : `:${port}`}: is the simulator running? Start it with: jobscope sim${port === "" ? "" : ` --port ${port}`}`
}

const seconds = (millis: number): string => `${(millis / 1000).toFixed(1)} s`

/** The line for one retry. */
export const line = (retry: Transport.Retry): string =>
  `jobscope: attempt ${retry.attempt} of ${retry.attempts} failed: ${Style.sanitize(retry.error.message, { singleLine: true })}; next try in ${seconds(retry.waitMillis)}`

/** The hint to give once for an unreachable server on this machine. */
const hinted = new Set<string>()

/** Shows one retry, with the `jobscope sim` hint the first time a local server is unreachable. */
export const report = (retry: Transport.Retry): void => {
  show(line(retry))
  const hint = retry.error._tag === "Unreachable" ? simulatorHint(retry.error.url) : undefined
  if (hint !== undefined && !hinted.has(hint)) {
    hinted.add(hint)
    show(`jobscope: ${hint}`)
  }
}

/**
 * The hint for a command that failed because a server on this machine did
 * not answer (at once, or in every poll of a watch that gave up); else undefined.
 */
export const hintFor = (error: unknown): string | undefined => {
  const unreachable =
    error instanceof FetchError.Unreachable
      ? error
      : error instanceof Poller.GaveUp && error.error instanceof FetchError.Unreachable
        ? error.error
        : undefined
  return unreachable === undefined ? undefined : simulatorHint(unreachable.url)
}
