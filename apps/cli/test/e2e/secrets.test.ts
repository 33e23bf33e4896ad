/**
 * A TOO shared secret given by flag or environment never appears in any
 * output, in any format, in a terminal or not, whether the command works,
 * the server refuses it, or the server cannot be reached or read.
 */
import { describe, expect, it } from "vitest"
import { environment, type Ran, run, runInTerminal } from "./support/cli.js"
import { at, secret, simulator, url } from "./support/simulator.js"
import { requestFile } from "./support/tooRequest.js"

/** The secret as it is, and as an encoder might have written it. */
const forms = [
  secret,
  Buffer.from(secret).toString("base64"),
  Buffer.from(secret).toString("base64url"),
  encodeURIComponent(secret)
]

const expectNoSecret = (ran: Ran) => {
  for (const form of forms) {
    expect(ran.stdout).not.toContain(form)
    expect(ran.stderr).not.toContain(form)
  }
}

const byFlag = ["--username", "alice", "--secret", secret]
const byEnvironment = environment({ JOBSCOPE_TOO_USERNAME: "alice", JOBSCOPE_TOO_SECRET: secret })

describe("a TOO shared secret", () => {
  it("never appears when commands work, in any format, by flag or by environment", async () => {
    const sim = await simulator()
    const data = await requestFile()
    const ran: Array<Ran> = [await run(["too", "request", "--data", data, "--watch", ...byFlag, ...at(sim)])]
    for (const format of ["text", "json", "md", "html"])
      ran.push(await run(["too", "status", "1001", "--format", format, ...url(sim)], byEnvironment))
    ran.push(
      await run(["too", "visibility", "--ra", "10", "--dec", "5", "--format", "json", ...byFlag, ...at(sim)])
    )
    ran.push(await run(["too", "watch", "1001", "--format", "json", ...at(sim)], byEnvironment))
    ran.push(await runInTerminal(["too", "request", "--data", data, "--watch", ...byFlag, ...at(sim)]))
    ran.push(
      await run([
        "too",
        "request",
        "--data",
        data,
        "--validate-only",
        "--format",
        "json",
        ...byFlag,
        ...url(sim)
      ])
    )
    for (const one of ran) {
      expect(one.code).toBe(0)
      expectNoSecret(one)
    }
  })

  it("never appears when the server refuses it, cannot be reached or sends garbage", async () => {
    const sim = await simulator({ too: { users: { alice: "another secret" } } })
    const refused = await run([
      "too",
      "request",
      "--data",
      await requestFile(),
      "--watch",
      ...byFlag,
      ...at(sim)
    ])
    expect(refused.code).toBe(1)
    expectNoSecret(refused)
    const garbled = await simulator({ faults: ["too.*=malformed"] })
    const unreadable = await run(["too", "status", "1001", ...url(garbled)], byEnvironment)
    expect(unreadable.code).toBe(1)
    expectNoSecret(unreadable)
    const address = garbled.url
    await garbled.close()
    const unreachable = await run(["too", "status", "1001", "--base-url", address], byEnvironment)
    expect(unreachable.code).toBe(1)
    expectNoSecret(unreachable)
    const usage = await run(["too", "status", "--secret", secret])
    expect(usage.code).toBe(2)
    expectNoSecret(usage)
  }, 90_000)
})
