import { FetchError, Poller } from "@jobscope/fetch"
import { describe, expect, it } from "vitest"
import * as ExitCode from "../src/ExitCode.js"

const where = {
  endpoint: "UKSSDC status",
  url: "http://127.0.0.1:9/user_objects/checkProductStatus.php",
  job: "1"
}

describe("ExitCode.ofError", () => {
  it("gives 3 only for a --deadline that passed, and 1 for the transport's own time limits", () => {
    expect(
      ExitCode.ofError(
        new Poller.DeadlinePassed({ job: "UKSSDC job 1", deadline: new Date(0), message: "late" })
      )
    ).toBe(ExitCode.deadline)
    expect(
      ExitCode.ofError(new FetchError.DeadlineExceeded({ ...where, deadline: 120_000, message: "slow" }))
    ).toBe(ExitCode.failure)
    expect(
      ExitCode.ofError(
        new FetchError.RequestTimeout({ ...where, timeout: 30_000, attempts: 5, message: "slow" })
      )
    ).toBe(ExitCode.failure)
  })

  it("gives 1 for a watch that ended without its job's end, and for a poll that died", () => {
    expect(ExitCode.ofError(ExitCode.unfinished(["UKSSDC job 1"]))).toBe(ExitCode.failure)
    expect(ExitCode.unfinished([])).toBeUndefined()
    expect(
      ExitCode.ofError(
        new Poller.PollDefect({ job: "UKSSDC job 1", reason: "boom", message: "UKSSDC job 1: boom" })
      )
    ).toBe(ExitCode.failure)
  })
})
