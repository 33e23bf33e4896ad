/**
 * The built `jobscope` against a deliberately hostile server on 127.0.0.1
 * (raw TCP, see packages/fetch/test/support/hostile.ts): it must end with a
 * typed message and the right exit code, never crash, hang, grow without
 * bound, exit 0 for what did not succeed, print an escape sequence, or print
 * a credential however the server disguises it.
 */
import { spawn } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, inject, it } from "vitest"
import * as Hostile from "../../../../packages/fetch/test/support/hostile.js"
import { environment, escapes, type Ran, run, runInTerminal, start } from "./support/cli.js"

const user = "observer@example.org"
const mib = 1024 * 1024

const ukssdc = (server: Hostile.Hostile) => ["--user-id", user, "--base-url", server.url]

/** Runs `jobscope args` with `input` on its standard input. */
const withInput = (args: ReadonlyArray<string>, input: string): Promise<Ran> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [inject("jobscopeBin"), ...args], {
      env: environment(),
      stdio: ["pipe", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk
    })
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }))
    child.stdin.end(input)
  })

const withServer = async <A>(respond: Hostile.Respond, body: (server: Hostile.Hostile) => Promise<A>) => {
  const server = await Hostile.listen(respond)
  try {
    return await body(server)
  } finally {
    await server.close()
  }
}

const running = (jobId: number | string, extra: Record<string, unknown> = {}) => ({
  lc: { statusCode: 3, statusText: "Running", progress: { GotProgress: 0 } },
  OK: 1,
  JobID: jobId,
  ...extra
})

/** No escape sequence, and no raw C1 control, anywhere in what the command wrote. */
const expectNoEscapes = (ran: Ran) => {
  for (const text of [ran.stdout, ran.stderr]) {
    expect(escapes(text)).toEqual([])
    expect(text).not.toMatch(/[\u0080-\u009f]/)
  }
}

describe("jobscope against a hostile server", () => {
  it("an endless body: exit 1 naming the limit, the connection dropped after about 1 MiB", async () => {
    await withServer(
      (_request, socket, server) => Hostile.endless(server, socket, 1024 * mib),
      async (server) => {
        const ran = await run(["ukssdc", "status", "1", ...ukssdc(server)])
        expect(ran.code).toBe(1)
        expect(ran.stderr).toContain("the reply is larger than the limit of 1 MiB")
        expect(server.sent()).toBeLessThan(64 * mib)
      }
    )
  })

  it.each([600, 999])("status %i: exit 1 with the status, no crash", async (status) => {
    await withServer(
      (_request, socket) => Hostile.reply(socket, `HTTP/1.1 ${status} Odd`, {}, "odd"),
      async (server) => {
        const ran = await run(["ukssdc", "status", "1", ...ukssdc(server)])
        expect(ran.code).toBe(1)
        expect(ran.stderr).toContain(`HTTP ${status}`)
      }
    )
  })

  it("an absurd Retry-After: the next poll is planned an hour away at most, once, and the watch is no success", async () => {
    await withServer(
      (_request, socket) =>
        Hostile.reply(socket, "HTTP/1.1 503 Busy", { "retry-after": `1${"0".repeat(400)}` }, "busy"),
      async (server) => {
        const before = Date.now()
        const watching = start(["ukssdc", "watch", "1", ...ukssdc(server), "--format", "json"])
        await watching.waitFor('"pollFailed"')
        const line = JSON.parse(watching.stdout().trim().split("\n")[0]!) as { next: { at: string } }
        const at = Date.parse(line.next.at)
        expect(at - before).toBeGreaterThan(59 * 60 * 1000)
        expect(at - before).toBeLessThan(2 * 60 * 60 * 1000)
        watching.child.kill("SIGINT")
        const ran = await watching.ended
        expect(ran.code).toBe(130)
        // One poll; the transport did not retry into the hour either.
        expect(server.requests).toHaveLength(1)
        // With a --deadline, the plan stops at it, and the end is exit 3, not a success.
        const bounded = await run(["ukssdc", "watch", "1", ...ukssdc(server), "--deadline", "2 seconds"])
        expect(bounded.code).toBe(3)
      }
    )
  })

  it("a reply about another job: exit 1, an invalid reply, never '✓ succeeded'", async () => {
    await withServer(
      (_request, socket) =>
        Hostile.json(socket, {
          lc: { statusCode: 4, statusText: "Complete", progress: { GotProgress: 0 } },
          OK: 1,
          JobID: 999
        }),
      async (server) => {
        const ran = await run(["ukssdc", "status", "1", ...ukssdc(server)])
        expect(ran.code).toBe(1)
        expect(ran.stderr).toContain('about job "999", not job "1"')
        expect(ran.stdout).not.toContain("succeeded")
      }
    )
  })

  it("--speed is refused against a server that is not a jobscope simulator, and above 3600", async () => {
    await withServer(
      (_request, socket) => Hostile.json(socket, running(1)),
      async (server) => {
        const fast = await run(["ukssdc", "watch", "1", ...ukssdc(server), "--speed", "1000"])
        expect(fast.code).toBe(2)
        expect(fast.stderr).toContain("--speed is only for a jobscope simulator")
        expect(server.requests.filter((request) => request.path.includes("checkProductStatus"))).toEqual([])
        const absurd = await run(["ukssdc", "watch", "1", ...ukssdc(server), "--speed", "1e308"])
        expect(absurd.code).toBe(2)
        expect(absurd.stderr).toContain("--speed takes a number up to 3600")
      }
    )
  })

  it("ukssdc submit and cancel print no escape sequence from the reply", async () => {
    const osc52 = "\u001b]52;c;cHduZWQ=\u0007"
    await withServer(
      (request, socket) =>
        request.path.includes("run_userobject")
          ? Hostile.json(socket, {
              OK: 1,
              URL: `http://example.org/\u001b[2J\u001b]0;pwned\u0007${osc52}\u009b2J`,
              JobID: `12${osc52}`,
              APIVersion: 1,
              jobPars: {}
            })
          : Hostile.json(socket, {
              JobID: `1\u001b[2J`,
              OK: 2,
              APIVersion: 0.1,
              status: { lc: `no\u001b]0;title\u0007` },
              statusCodes: { lc: 1, [`x${osc52}`]: 0 }
            }),
      async (server) => {
        for (const format of ["text", "json"]) {
          const submitted = await run([
            "ukssdc",
            "submit",
            "--name",
            "GRB",
            "--target",
            "1",
            "--ra",
            "1",
            "--dec",
            "1",
            "--format",
            format,
            ...ukssdc(server)
          ])
          expectNoEscapes(submitted)
          expect(submitted.stdout).toContain("example.org")
          const cancelled = await run([
            "ukssdc",
            "cancel",
            "1",
            "--products",
            "lc",
            "--format",
            format,
            ...ukssdc(server)
          ])
          expectNoEscapes(cancelled)
        }
      }
    )
  })

  it("--format json escapes raw C1 controls and line separators a server sent", async () => {
    await withServer(
      (_request, socket) =>
        Hostile.json(socket, {
          ...running(1),
          lc: {
            statusCode: 3,
            statusText: "Run\u009b2J\u009d0;x\u009cning\u2028",
            progress: { GotProgress: 0 }
          }
        }),
      async (server) => {
        const ran = await run([
          "ukssdc",
          "status",
          "1",
          "--products",
          "lc",
          "--format",
          "json",
          ...ukssdc(server)
        ])
        expect(ran.code).toBe(0)
        expect(ran.stdout).not.toMatch(/[\u0080-\u009f\u2028]/)
        expect(ran.stdout).toContain("\\u009b2J")
        expect(JSON.stringify(JSON.parse(ran.stdout))).toContain("Run\u009b2J")
      }
    )
  })

  describe("credentials a server echoes", () => {
    const token = "tom-secret-token-123"
    const echoes = [
      token,
      token.replaceAll("-", "%2D"),
      token.replaceAll("-", "&#45;"),
      token.split("").join("\u200b"),
      Array.from(token, (c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join("")
    ]

    it.each(echoes)("a TOM token echoed as %j: in no output, text or JSON, terminal or not", async (echo) => {
      await withServer(
        (_request, socket) =>
          Hostile.reply(
            socket,
            "HTTP/1.1 401 Unauthorized",
            { "content-type": "application/json" },
            JSON.stringify({ detail: `Invalid token ${echo}` })
          ),
        async (server) => {
          const args = ["tom", "status", "7", "--base-url", server.url, "--token", token]
          const ran = [await run(args), await run([...args, "--format", "json"]), await runInTerminal(args)]
          for (const one of ran) {
            expect(one.code).toBe(1)
            for (const text of [one.stdout, one.stderr]) {
              expect(text).not.toContain(echo)
              expect(text).not.toContain(token)
            }
          }
          expect(ran[0]!.stderr).toContain("Invalid token (hidden)")
        }
      )
    })

    it("a TOO shared secret echoed in a refusal, and a UKSSDC user ID echoed in a successful reply", async () => {
      const secret = "S3cr3t-TOO-xyz"
      await withServer(
        (request, socket) =>
          request.path.includes("toop")
            ? Hostile.json(socket, {
                api_name: "Swift_TOO_Status",
                api_version: "1.2",
                api_data: {
                  username: "alice",
                  status: "Rejected",
                  errors: [`Shared secret ${secret.toUpperCase()} is wrong`],
                  warnings: []
                }
              })
            : Hostile.json(socket, {
                ...running(1),
                lc: {
                  statusCode: 3,
                  statusText: `Running for ${user.replace("@", "%40")}`,
                  progress: { GotProgress: 0 }
                }
              }),
        async (server) => {
          const too = await run(
            ["too", "status", "1", "--base-url", server.url, "--username", "alice"],
            environment({ JOBSCOPE_TOO_SECRET: secret })
          )
          expect(too.code).toBe(1)
          expect(`${too.stdout}${too.stderr}`.toLowerCase()).not.toContain(secret.toLowerCase())
          for (const format of ["text", "json", "md", "html"]) {
            const status = await run([
              "ukssdc",
              "status",
              "1",
              "--products",
              "lc",
              "--format",
              format,
              ...ukssdc(server)
            ])
            expect(status.code).toBe(0)
            expect(status.stdout).not.toContain("%40example.org")
            expect(status.stdout).not.toContain(user)
          }
        }
      )
    })
  })

  it("a TOM token from a file or from standard input is sent, and hidden when echoed", async () => {
    const token = "tom-file-token-456"
    const dir = mkdtempSync(join(tmpdir(), "jobscope-token-"))
    try {
      writeFileSync(join(dir, "token"), `${token}\n`)
      await withServer(
        (request, socket) =>
          Hostile.reply(
            socket,
            "HTTP/1.1 401 Unauthorized",
            { "content-type": "application/json" },
            JSON.stringify({ detail: `Invalid token ${request.headers.authorization ?? "none"}` })
          ),
        async (server) => {
          const args = ["tom", "status", "7", "--base-url", server.url]
          const fromFile = await run([...args, "--token-file", join(dir, "token")])
          const fromStdin = await withInput([...args, "--token-file", "-"], `${token}\n`)
          for (const ran of [fromFile, fromStdin]) {
            expect(ran.code).toBe(1)
            expect(ran.stderr).toContain("Invalid token Token (hidden)")
            expect(`${ran.stdout}${ran.stderr}`).not.toContain(token)
          }
          expect(server.requests.map((request) => request.headers.authorization)).toEqual([
            `Token ${token}`,
            `Token ${token}`
          ])
        }
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it("a redirect to another origin is not followed: exit 1, and the other host is never asked", async () => {
    const elsewhere = await Hostile.listen((_request, socket) => Hostile.json(socket, running(1)))
    try {
      await withServer(
        (_request, socket) => Hostile.reply(socket, "HTTP/1.1 302 Found", { location: `${elsewhere.url}/x` }),
        async (server) => {
          const ran = await run(["ukssdc", "status", "1", ...ukssdc(server)])
          expect(ran.code).toBe(1)
          expect(ran.stderr).toContain("another origin, which is never followed")
          expect(elsewhere.requests).toHaveLength(0)
        }
      )
    } finally {
      await elsewhere.close()
    }
  })
})
