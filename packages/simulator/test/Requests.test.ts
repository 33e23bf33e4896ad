import { describe, expect, it } from "@effect/vitest"
import { DecodeError } from "@jobscope/core"
import * as Result from "effect/Result"
import * as Requests from "../src/Requests.js"
import { echo, epoch, serve } from "./support/servers.js"

const finished = (overrides: Partial<Requests.Finished> = {}): Requests.Finished => ({
  at: epoch,
  realAt: epoch,
  method: "GET",
  path: "/echo/1/",
  route: "echo",
  job: "echo/1",
  status: 200,
  fault: undefined,
  duration: 2,
  error: undefined,
  ...overrides
})

const seconds = (n: number) => new Date(epoch.getTime() + n * 1000)

const decodeSummary = DecodeError.decodeJson(Requests.Summary, "requests summary")

describe("Requests", () => {
  describe("the log", () => {
    it("keeps the newest entries within its capacity, and counts every request", () => {
      const requests = Requests.make({ capacity: 3 })
      for (let i = 1; i <= 5; i++) requests.record(finished({ path: `/echo/${i}/`, job: `echo/${i}` }))
      expect(requests.log().map((entry) => [entry.seq, entry.path])).toEqual([
        [3, "/echo/3/"],
        [4, "/echo/4/"],
        [5, "/echo/5/"]
      ])
      expect(requests.total()).toBe(5)
      expect(requests.perRoute()).toEqual({ echo: 5 })
      expect(requests.jobs().map((job) => job.job)).toEqual([
        "echo/1",
        "echo/2",
        "echo/3",
        "echo/4",
        "echo/5"
      ])
      expect(requests.summary()).toMatchObject({ total: 5, dropped: 2 })
    })

    it("filters by route and job, and keeps the newest up to a limit", () => {
      const requests = Requests.make()
      requests.record(finished({ route: "a", job: "j/1", path: "/1" }))
      requests.record(finished({ route: "b", job: "j/1", path: "/2" }))
      requests.record(finished({ route: "a", job: "j/2", path: "/3" }))
      requests.record(finished({ route: "a", job: "j/1", path: "/4" }))
      const paths = (filter: Requests.LogFilter) => requests.log(filter).map((entry) => entry.path)
      expect(paths({ route: "a" })).toEqual(["/1", "/3", "/4"])
      expect(paths({ job: "j/1" })).toEqual(["/1", "/2", "/4"])
      expect(paths({ route: "a", job: "j/1", limit: 1 })).toEqual(["/4"])
      expect(paths({ limit: 2 })).toEqual(["/3", "/4"])
    })

    it("records an entry whole: both times, the fault, the error, a missing status as null", () => {
      const requests = Requests.make()
      requests.record(
        finished({
          at: seconds(30),
          realAt: new Date("2020-01-01T00:00:00Z"),
          status: undefined,
          fault: "reset",
          job: undefined
        })
      )
      requests.record(finished({ status: 500, error: "the database went away" }))
      expect(requests.log()).toEqual([
        {
          seq: 1,
          at: "2026-03-01T12:00:30.000Z",
          realAt: "2020-01-01T00:00:00.000Z",
          method: "GET",
          path: "/echo/1/",
          route: "echo",
          job: null,
          status: null,
          fault: "reset",
          duration: 2
        },
        expect.objectContaining({ seq: 2, status: 500, error: "the database went away" })
      ])
    })
  })

  describe("per job", () => {
    it("measures the simulated time between repeated requests on one route: min and median", () => {
      const requests = Requests.make()
      for (const at of [0, 10, 25, 35, 95]) requests.record(finished({ at: seconds(at), route: "status" }))
      requests.record(finished({ at: seconds(96), route: "archive" }))
      expect(requests.job("echo/1")).toEqual({
        job: "echo/1",
        count: 6,
        routes: { status: 5, archive: 1 },
        minInterval: 10_000,
        medianInterval: 12_500
      })
    })

    it("takes the gap between arrivals even when requests finish out of order", () => {
      const requests = Requests.make()
      requests.record(finished({ at: seconds(0) }))
      requests.record(finished({ at: seconds(30) }))
      requests.record(finished({ at: seconds(20) }))
      requests.record(finished({ at: seconds(45) }))
      expect(requests.job("echo/1")).toMatchObject({ minInterval: 10_000, medianInterval: 15_000 })
    })

    it("takes the median over the most recent intervals only", () => {
      const requests = Requests.make()
      for (let i = 1; i <= 200; i++) requests.record(finished({ at: seconds(i) }))
      for (let i = 1; i <= Requests.intervalWindow; i++)
        requests.record(finished({ at: seconds(200 + 60 * i) }))
      expect(requests.job("echo/1")).toMatchObject({ minInterval: 1000, medianInterval: 60_000 })
    })

    it("has no intervals until a route is asked twice, and nothing for a job never asked about", () => {
      const requests = Requests.make()
      requests.record(finished({ route: "a" }))
      requests.record(finished({ route: "b" }))
      expect(requests.job("echo/1")).toMatchObject({ count: 2, minInterval: null, medianInterval: null })
      expect(requests.job("echo/2")).toBeUndefined()
    })

    it("forgets everything on reset", () => {
      const requests = Requests.make({ capacity: 2 })
      for (let i = 0; i < 3; i++) requests.record(finished())
      requests.reset()
      expect(requests.summary()).toEqual({ total: 0, dropped: 0, routes: {}, jobs: [], log: [] })
      requests.record(finished({ path: "/again" }))
      expect(requests.log().map((entry) => [entry.seq, entry.path])).toEqual([[1, "/again"]])
    })
  })

  describe("over HTTP", () => {
    it("counts what clients asked, per route and per job, polls measured on the simulated clock", async () => {
      const server = await serve([echo(), echo("other", "/other/:id")])
      for (let poll = 0; poll < 4; poll++) {
        await fetch(`${server.url}/echo/14/`).then((response) => response.text())
        server.clock.advance(poll === 1 ? "30 seconds" : "10 seconds")
      }
      await fetch(`${server.url}/other/14`).then((response) => response.text())
      await fetch(`${server.url}/nowhere`).then((response) => response.text())
      expect(server.requests.total()).toBe(6)
      expect(server.requests.perRoute()).toEqual({ echo: 4, other: 1 })
      expect(server.requests.job("echo/14")).toEqual({
        job: "echo/14",
        count: 5,
        routes: { echo: 4, other: 1 },
        minInterval: 10_000,
        medianInterval: 10_000
      })
      expect(server.requests.log().at(-1)).toMatchObject({ route: null, status: 404, job: null })
    })

    it("answers /_sim/requests with a summary the schema reads, filtered and limited, and resets on DELETE", async () => {
      const server = await serve([echo()])
      for (const id of [1, 2, 1, 3])
        await fetch(`${server.url}/echo/${id}/`).then((response) => response.text())
      const get = async (query: string) => {
        const summary = decodeSummary(await (await fetch(`${server.url}/_sim/requests${query}`)).text())
        if (Result.isFailure(summary)) throw summary.failure
        return summary.success
      }
      const all = await get("")
      expect(all).toMatchObject({ total: 4, dropped: 0, routes: { echo: 4 } })
      expect(all.jobs.map((job) => [job.job, job.count])).toEqual([
        ["echo/1", 2],
        ["echo/2", 1],
        ["echo/3", 1]
      ])
      expect(all.log.map((entry) => entry.path)).toEqual(["/echo/1/", "/echo/2/", "/echo/1/", "/echo/3/"])
      const one = await get("?job=echo/1&limit=1")
      expect(one.jobs.map((job) => job.job)).toEqual(["echo/1"])
      expect(one.log.map((entry) => entry.seq)).toEqual([3])
      expect((await get("?job=echo/9")).jobs).toEqual([])
      // The admin path does not count itself.
      expect(server.requests.total()).toBe(4)

      const bad = await fetch(`${server.url}/_sim/requests?limit=lots`)
      expect([bad.status, await bad.json()]).toEqual([
        400,
        { error: 'limit must be a whole number above 0, got "lots"' }
      ])
      const reset = await fetch(`${server.url}/_sim/requests`, { method: "DELETE" })
      expect(await reset.json()).toEqual({ total: 0, dropped: 0, routes: {}, jobs: [], log: [] })
    })

    it("stays bounded under many jobs: counts for all, entries for the newest", async () => {
      const server = await serve([echo()], { capacity: 50 })
      for (let id = 0; id < 200; id++)
        await fetch(`${server.url}/echo/${id}/`).then((response) => response.text())
      expect(server.requests.total()).toBe(200)
      expect(server.requests.jobs()).toHaveLength(200)
      expect(server.requests.log()).toHaveLength(50)
      expect(server.requests.log()[0]?.path).toBe("/echo/150/")
    })
  })
})
