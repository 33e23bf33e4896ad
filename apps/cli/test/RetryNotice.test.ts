import { FetchError, Poller } from "@jobscope/fetch"
import { describe, expect, it } from "vitest"
import * as RetryNotice from "../src/RetryNotice.js"

const unreachable = (url: string) =>
  new FetchError.Unreachable({
    endpoint: "UKSSDC status",
    url,
    job: "14",
    reason: "connect ECONNREFUSED",
    attempts: 1,
    message: `UKSSDC status of job 14 (${url}): could not reach the server: connect ECONNREFUSED`
  })

describe("RetryNotice", () => {
  it("says which attempt of how many failed, why, and when the next is", () => {
    const error = unreachable("http://127.0.0.1:8080/user_objects/checkProductStatus.php")
    expect(RetryNotice.line({ error, attempt: 2, attempts: 5, waitMillis: 2345 })).toBe(
      `jobscope: attempt 2 of 5 failed: ${error.message}; next try in 2.3 s`
    )
  })

  it("keeps a server's control characters out of the line", () => {
    const error = new FetchError.HttpStatusError({
      endpoint: "UKSSDC status",
      url: "https://www.swift.ac.uk/x",
      status: 503,
      excerpt: "",
      attempts: 1,
      message: "HTTP 503: \u001b[2Jgone\nnext line"
    })
    const line = RetryNotice.line({ error, attempt: 1, attempts: 5, waitMillis: 1000 })
    expect(line).not.toContain("\u001b")
    expect(line).not.toContain("\n")
  })

  it.each([
    [
      "http://127.0.0.1:8080/x",
      "nothing answers on 127.0.0.1:8080: is the simulator running? Start it with: jobscope sim --port 8080"
    ],
    [
      "http://localhost:9/x",
      "nothing answers on localhost:9: is the simulator running? Start it with: jobscope sim --port 9"
    ],
    [
      "http://127.0.0.1/x",
      "nothing answers on 127.0.0.1: is the simulator running? Start it with: jobscope sim"
    ]
  ])("hints at jobscope sim for %s, on this machine", (url, hint) => {
    expect(RetryNotice.simulatorHint(url)).toBe(hint)
    expect(RetryNotice.hintFor(unreachable(url))).toBe(hint)
  })

  it("gives no hint for a server elsewhere, a URL that does not parse, or another failure", () => {
    expect(RetryNotice.simulatorHint("https://www.swift.ac.uk/user_objects/")).toBeUndefined()
    expect(RetryNotice.simulatorHint("not a url")).toBeUndefined()
    expect(RetryNotice.hintFor(new Error("something else"))).toBeUndefined()
  })

  it("hints for a watch that gave up on an unreachable server on this machine", () => {
    const error = unreachable("http://127.0.0.1:8080/x")
    const gaveUp = new Poller.GaveUp({ job: "UKSSDC job 14", failures: 10, error, message: "gave up" })
    expect(RetryNotice.hintFor(gaveUp)).toBe(RetryNotice.simulatorHint("http://127.0.0.1:8080/x"))
  })

  it("sends lines where it is told while a live view is drawn, then back", () => {
    const seen: Array<string> = []
    const restore = RetryNotice.redirect((line) => seen.push(line))
    const error = unreachable("https://www.swift.ac.uk/x")
    RetryNotice.report({ error, attempt: 1, attempts: 5, waitMillis: 1000 })
    restore()
    expect(seen).toEqual([RetryNotice.line({ error, attempt: 1, attempts: 5, waitMillis: 1000 })])
  })
})
