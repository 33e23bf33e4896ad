/**
 * `jobscope serve` as an operator runs it: a real process on a SQLite file in
 * its data directory, the simulator and a webhook receiver on 127.0.0.1.
 *
 * - Restart: killed with SIGKILL mid-watch and started again, every job still
 *   reaches its end; across the two lives each event is stored once and
 *   delivered once by id (a repeat of an id the receiver had is dropped, as a
 *   receiver should); the simulator's log shows no poll under the UKSSDC floor;
 *   no submission was sent twice.
 * - Security: a token cannot read, list or cancel another user's watch; a
 *   delivery's signature verifies with the shared secret and not with another;
 *   the UKSSDC user ID (the upstream credential) is in no API reply, no line
 *   the service wrote, and not in clear in the database files.
 */

import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { createServer, type IncomingMessage, type Server } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Webhook } from "@jobscope/service"
import { Ukssdc as SimUkssdc, type Simulator, start as startSimulator } from "@jobscope/simulator"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { environment, type Running, run, start } from "./support/cli.js"

const userId = "grb.observer@example.org"
const hookSecret = "hook-shared-secret-0123456789"
const speed = 50
/** The UKSSDC politeness floor in the server's time. */
const floor = 10_000

interface Delivery {
  readonly id: string
  readonly event: string
  readonly signature: string
  readonly body: string
}

/** A webhook receiver that keeps every delivery it gets. */
const receiver = async () => {
  const got: Array<Delivery> = []
  const server: Server = createServer((request: IncomingMessage, response) => {
    let body = ""
    request.setEncoding("utf8").on("data", (chunk: string) => {
      body += chunk
    })
    request.on("end", () => {
      got.push({
        id: String(request.headers["jobscope-delivery"]),
        event: String(request.headers["jobscope-event"]),
        signature: String(request.headers["jobscope-signature"]),
        body
      })
      response.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const address = server.address()
  const port = typeof address === "object" && address !== null ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}/hook`,
    got,
    close: () => new Promise((resolve) => server.close(resolve))
  }
}

const wait = async <A>(check: () => Promise<A | undefined> | A | undefined, what: string, limit = 90_000) => {
  const deadline = Date.now() + limit
  while (Date.now() < deadline) {
    const value = await check()
    if (value !== undefined) return value
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`gave up waiting for ${what}`)
}

describe("jobscope serve", () => {
  const home = mkdtempSync(join(tmpdir(), "jobscope-serve-"))
  const env = environment({ XDG_DATA_HOME: home })
  const replies: Array<string> = []
  const lives: Array<Running> = []
  let sim: Simulator
  let hooks: Awaited<ReturnType<typeof receiver>>
  let alice = ""
  let bob = ""
  let base = ""

  const serve = async () => {
    const life = start(
      ["serve", "--port", "0", "--ukssdc-url", sim.url, "--speed", String(speed), "--poll-interval", "100"],
      env
    )
    lives.push(life)
    await life.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/, 60_000)
    base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(life.stdout())![1]!
    return life
  }

  const api = async (token: string, path: string, init: RequestInit = {}) => {
    const response = await fetch(`${base}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers }
    })
    const text = await response.text()
    replies.push(text)
    // The replies' shapes are the API's (see `Watches`); a test reads the fields it checks.
    // biome-ignore lint/suspicious/noExplicitAny: JSON read by field
    return { status: response.status, body: text === "" ? undefined : (JSON.parse(text) as any) }
  }

  beforeAll(async () => {
    sim = await startSimulator({
      speed,
      seed: 3,
      ukssdc: { failureProbability: 0, jobDuration: { min: "10 minutes", max: "12 minutes" } }
    })
    hooks = await receiver()
  })
  afterAll(async () => {
    await hooks.close()
    await sim.close()
    rmSync(home, { recursive: true, force: true })
  })

  it("mints tokens that look like tokens", async () => {
    alice = (await run(["serve", "--mint-token", "alice"], env)).stdout.trim()
    bob = (await run(["serve", "--mint-token", "bob"], env)).stdout.trim()
    expect(alice).toMatch(/^jst_[A-Za-z0-9_-]{43}$/)
    expect(bob).toMatch(/^jst_[A-Za-z0-9_-]{43}$/)
  })

  it("survives kill -9 mid-watch: every job ends, each event stored and delivered once, never under the floor", async () => {
    const first = await serve()
    const webhooks = [{ url: hooks.url, secret: hookSecret }]
    const credentials = { ukssdc: { userId } }
    const ids: Array<string> = []
    for (let i = 0; i < 2; i++) {
      const reply = sim.ukssdc.submit({
        ...SimUkssdc.sixProducts,
        UserID: userId,
        api_name: "xrt_prods",
        api_version: "1.12"
      })
      const jobId = String((reply as { JobID: number }).JobID)
      const created = await api(alice, "/watches", {
        method: "POST",
        body: JSON.stringify({ job: { _tag: "UkssdcJob", jobId }, credentials, webhooks })
      })
      expect(created.status).toBe(201)
      ids.push(created.body.id)
    }
    for (let i = 0; i < 2; i++) {
      const created = await api(alice, "/watches/submit", {
        method: "POST",
        body: JSON.stringify({
          ukssdc: { ...SimUkssdc.sixProducts, name: `GRB ${i}` },
          credentials,
          webhooks
        })
      })
      expect(created.status).toBe(201)
      ids.push(created.body.id)
    }
    // Mid-watch: events delivered already, and jobs still running (each takes 12 to 14 s of real time).
    await wait(() => (hooks.got.length >= 4 ? true : undefined), "the first deliveries")
    const before = await Promise.all(ids.map((id) => api(alice, `/watches/${id}`)))
    expect(before.filter((detail) => detail.body.watch.status === "active").length).toBeGreaterThan(0)
    first.child.kill("SIGKILL")
    expect((await first.ended).signal).toBe("SIGKILL")

    await serve()
    const details = await wait(async () => {
      const all = await Promise.all(ids.map((id) => api(alice, `/watches/${id}`)))
      return all.every((detail) => detail.body.watch.status !== "active") ? all.map((d) => d.body) : undefined
    }, "every watch to end")
    const expected = new Set<string>()
    for (const detail of details) {
      expect(detail.watch.status).toBe("finished")
      expect(detail.watch.outcome).toBe("succeeded")
      const seqs = detail.events.map((event: { seq: number }) => event.seq)
      expect(seqs).toEqual(seqs.map((_: number, i: number) => i + 1))
      expect(
        detail.events.filter((event: { event: { _tag: string } }) => event.event._tag === "WatchEnded")
      ).toHaveLength(1)
      expect(detail.polls.map((poll: { poll: number }) => poll.poll)).toEqual(
        detail.polls.map((_: unknown, i: number) => i)
      )
      const log = await api(alice, `/watches/${detail.watch.id}/deliveries`)
      for (const delivery of log.body) expected.add(delivery.id)
      const job = detail.watch.job
      const stats = sim.requests.job(`ukssdc/${job.jobId}`)
      expect(stats?.minInterval).toBeGreaterThanOrEqual(floor)
    }
    // Each stored event with a topic a webhook wants has one delivery, and it arrives.
    await wait(() => {
      const got = new Set(hooks.got.map((delivery) => delivery.id))
      return [...expected].every((id) => got.has(id)) ? true : undefined
    }, "every delivery to arrive")
    const unique = new Map(hooks.got.map((delivery) => [delivery.id, delivery]))
    expect([...unique.keys()].sort()).toEqual([...expected].sort())
    const events = [...unique.values()].map(
      (delivery) => JSON.parse(delivery.body) as { watchId: string; seq: number }
    )
    expect(new Set(events.map((event) => `${event.watchId}/${event.seq}`)).size).toBe(unique.size)
    // Two jobs submitted by the test, two by the service: one submission each.
    expect(sim.ukssdc.jobs()).toHaveLength(4)
  }, 240_000)

  it("keeps users apart, signs deliveries, and never shows the upstream credential", async () => {
    await serve()
    const mine = await api(alice, "/watches")
    const watch = mine.body[0]
    expect(watch).toBeDefined()
    expect((await api(bob, `/watches/${watch.id}`)).status).toBe(404)
    expect((await api(bob, `/watches/${watch.id}/events`)).status).toBe(404)
    expect((await api(bob, `/watches/${watch.id}/deliveries`)).status).toBe(404)
    expect((await api(bob, `/watches/${watch.id}`, { method: "DELETE" })).status).toBe(404)
    expect((await api(bob, "/watches")).body).toEqual([])
    expect((await api("jst_not-a-token", "/watches")).status).toBe(401)
    expect((await fetch(`${base}/watches`)).status).toBe(401)

    const delivery = hooks.got[0]!
    expect(
      await Webhook.verify({ secret: hookSecret, signature: delivery.signature, body: delivery.body })
    ).toBe(true)
    expect(
      await Webhook.verify({
        secret: "another-secret-0123456789",
        signature: delivery.signature,
        body: delivery.body
      })
    ).toBe(false)
    expect(
      await Webhook.verify({ secret: hookSecret, signature: delivery.signature, body: `${delivery.body} ` })
    ).toBe(false)

    const openapi = await fetch(`${base}/openapi.json`)
    replies.push(await openapi.text())
    expect(replies.at(-1)).toContain('"/watches/{id}/events"')

    expect(replies.length).toBeGreaterThan(10)
    for (const reply of replies) {
      expect(reply).not.toContain(userId)
      expect(reply).not.toContain(hookSecret)
    }
    lives.at(-1)?.child.kill("SIGINT")
    for (const life of lives) {
      const ran = await life.ended
      expect(ran.stdout).toContain("listening on")
      expect(ran.stdout).not.toContain(userId)
      expect(ran.stderr).not.toContain(userId)
    }
    const files = readdirSync(join(home, "jobscope")).filter((name) => name.startsWith("service.db"))
    expect(files).toContain("service.db")
    for (const name of files) {
      const bytes = readFileSync(join(home, "jobscope", name))
      expect(bytes.includes(Buffer.from(userId))).toBe(false)
      expect(bytes.includes(Buffer.from(hookSecret))).toBe(false)
    }
  })
})
