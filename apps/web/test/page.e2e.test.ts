/**
 * The live status page in real headless Chromium, served by the simulator it
 * watches (in process, its clock 60 times fast): a UKSSDC job of all six
 * products followed to the end, a job that does not exist, polls that fail
 * for a while, a form that names no job, and a TOM process whose texts are
 * hostile markup. Every test checks that the page logged no error and that
 * no request left 127.0.0.1.
 */
import { mkdirSync } from "node:fs"
import { Ukssdc } from "@jobscope/core"
import { createClient, type TooClient } from "@jobscope/fetch"
import {
  Too as SimToo,
  Ukssdc as SimUkssdc,
  type Simulator,
  type StartOptions,
  start
} from "@jobscope/simulator"
import type { Browser, Page } from "playwright-core"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { dist, root } from "./support/built.js"
import { launch } from "./support/chromium.js"

const user = "observer@example.org"
/** Where the run keeps its screenshots: git-ignored (`out/`), so that a test run changes no tracked file. */
const screenshots = `${root}test/out/`

/** Keeps a screenshot of the whole page under {@link screenshots}, for a person to look at. */
const keep = async (page: Page, name: string) => {
  mkdirSync(screenshots, { recursive: true })
  await page.screenshot({ path: `${screenshots}${name}`, fullPage: true })
}

let browser: Browser
beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

const open: Array<{ close: () => Promise<unknown> }> = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((thing) => thing.close()))
})

/** The simulator serving the page, 60 times fast, UKSSDC jobs of 4 to 6 simulated minutes (4 to 6 s here) that never fail. */
const simulator = async (options: StartOptions = {}): Promise<Simulator> => {
  const sim = await start({
    site: dist,
    speed: 60,
    seed: 7,
    ukssdc: { failureProbability: 0, jobDuration: { min: "4 minutes", max: "6 minutes" } },
    ...options
  })
  open.push(sim)
  return sim
}

/** Submits a UKSSDC job for all six products, as a user of `@jobscope/fetch` does; answers its ID and page. */
const submitSixProducts = async (
  sim: Simulator
): Promise<{ readonly jobId: string; readonly url: string }> => {
  const client = createClient({ ukssdc: { baseUrl: sim.url, userId: user } })
  try {
    const accepted = await client.ukssdc.submit(SimUkssdc.sixProducts)
    return { jobId: String(accepted.JobID), url: accepted.URL }
  } finally {
    await client.close()
  }
}

/** A page of a fresh browser context, with what it logged as errors and every URL it asked for. */
const newPage = async () => {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } })
  open.push(context)
  const page = await context.newPage()
  const errors: Array<string> = []
  const requested: Array<string> = []
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text())
  })
  page.on("pageerror", (error) => errors.push(error.message))
  context.on("request", (request) => requested.push(request.url()))
  /** Checks what every test must: no error logged, no request beyond 127.0.0.1. */
  const checkQuiet = () => {
    expect(errors).toEqual([])
    expect(requested.length).toBeGreaterThan(0)
    expect(requested.filter((url) => new URL(url).hostname !== "127.0.0.1")).toEqual([])
  }
  return { page, checkQuiet }
}

const text = async (page: Page, selector: string) => (await page.locator(selector).textContent()) ?? ""

/** Waits until the page says how the job ended. */
const ended = (page: Page, timeout = 40_000) =>
  page.locator("#outcome[data-outcome]").waitFor({ state: "visible", timeout })

describe("the live status page", () => {
  it("follows a UKSSDC job of six products to the end, at the simulator's pace", async () => {
    // Long enough (10 to 12 s here) that the page sees the job run, however slow the machine is to open it.
    const sim = await simulator({
      ukssdc: { failureProbability: 0, jobDuration: { min: "10 minutes", max: "12 minutes" } }
    })
    const { jobId, url } = await submitSixProducts(sim)
    const { page, checkQuiet } = await newPage()
    await page.goto(`${sim.url}/`)
    expect(await page.title()).toBe("jobscope — live job status")
    await page.selectOption("select[name=api]", "ukssdc")
    await page.fill("fieldset[data-api=ukssdc] input[name=job]", jobId)
    await page.fill("input[name=user]", user)
    await page.fill("input[name=page]", url)
    await page.click("button[name=watch]")
    // The address becomes a link to this live view, without the user ID (an e-mail address).
    await page.waitForURL((url) => url.searchParams.get("watch") === "1")
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({
      api: "ukssdc",
      job: jobId,
      page: url,
      watch: "1"
    })
    expect(decodeURIComponent(page.url())).not.toContain(user)
    await page.locator("article.jobscope-task").first().waitFor()
    expect(await page.locator("button[name=stop]").isEnabled()).toBe(true)

    await ended(page)
    expect(await page.locator("#outcome").getAttribute("data-outcome")).toBe("succeeded")
    expect(await text(page, "#outcome")).toBe("All 6 products done.")
    const tasks = page.locator("article.jobscope-task")
    expect(await tasks.count()).toBe(6)
    // The six products the job asked for; source detection is asked for only on purpose.
    for (const product of Ukssdc.ProductKind.literals.filter((kind) => kind !== "sourceDet")) {
      const task = tasks.filter({
        has: page.locator(".jobscope-task-id", { hasText: new RegExp(`^${product}$`) })
      })
      expect(await task.getAttribute("class")).toContain("jobscope-phase-succeeded")
      expect(await task.locator(".jobscope-task-title").textContent()).toContain(Ukssdc.productName(product))
      expect(await task.locator(".jobscope-status .jobscope-phase").textContent()).toBe("succeeded")
    }
    expect(await text(page, "#status-line")).toMatch(
      /^Updated at \d\d:\d\d:\d\d \(your clock\)\. The job is over; polling stopped\.$/
    )
    expect(await page.locator("#alert").isHidden()).toBe(true)
    expect(await page.locator("#warning").isHidden()).toBe(true)
    expect(await page.locator("button[name=stop]").isDisabled()).toBe(true)
    expect(await page.locator("#status").getAttribute("aria-live")).toBe("polite")

    // Polled at the simulator's speed, and never under the 10 s floor in its own time; a complete
    // product's position is read once, right after the status that showed it complete.
    const polls = sim.requests
      .log({ route: "ukssdc.status" })
      .filter((entry) => entry.job === `ukssdc/${jobId}`)
      .map((entry) => Date.parse(entry.at))
    expect(polls.length).toBeGreaterThanOrEqual(2)
    for (let index = 1; index < polls.length; index++)
      expect(polls[index]! - polls[index - 1]!).toBeGreaterThanOrEqual(10_000)
    expect(sim.requests.job(`ukssdc/${jobId}`)?.routes["ukssdc.position"]).toBe(3)
    // What the job made: each product's archive, linked under the job's page, and each position with its error circle.
    for (const product of ["lc", "spec", "psf", "enh", "xastrom", "image"]) {
      const task = tasks.filter({
        has: page.locator(".jobscope-task-id", { hasText: new RegExp(`^${product}$`) })
      })
      const archive = task.locator("a.jobscope-output-link")
      expect(await archive.textContent()).toBe(`${Ukssdc.productName(product)} archive`)
      expect(await archive.getAttribute("href")).toBe(`${url}/${product}.tar.gz`)
      expect((await fetch(`${url}/${product}.tar.gz`)).status).toBe(200)
      const position = task.locator(".jobscope-output-position")
      if (Ukssdc.isPositionKind(product)) {
        expect(await position.locator(".jobscope-position").textContent()).toMatch(
          /^RA \d+\.\d{5}°, Dec −\d+\.\d{5}° ± \d+(\.\d+)?″$/
        )
        expect(await position.locator(".jobscope-position-sexagesimal").textContent()).toMatch(
          /^\(14h 37m \d\d\.\d\ds, −60° \d\d′ \d\d\.\d″\)$/
        )
      } else expect(await position.count()).toBe(0)
    }
    // The job's page is a link a browser can follow.
    expect(await page.locator("a.jobscope-job-link").getAttribute("href")).toBe(url)
    expect((await fetch(url)).status).toBe(200)
    // Times say their clock: the page's own, and the simulator's for what the server reported.
    expect(await page.locator(".jobscope-job-meta").first().textContent()).toContain("(your clock)")
    checkQuiet()
    await keep(page, "ukssdc-finished.png")
  }, 60_000)

  it("follows a Swift TOO user's visibility query and request with their secret, held only in memory", async () => {
    const secret = "Xq9-secret-of-the-observer"
    // A fixed start keeps the supernova well away from the Sun, whatever the day.
    const sim = await simulator({
      start: new Date("2026-03-15T00:00:00Z"),
      too: { users: { observer: secret } }
    })
    const client = createClient({ too: { baseUrl: sim.url, username: "observer", secret } })
    const [visibility, request] = await Promise.all([
      client.too.visibility(SimUkssdc.sixProducts.RA, SimUkssdc.sixProducts.Dec, {
        begin: sim.clock.now(),
        length: 7
      }),
      client.too.request(SimToo.supernovaRequest as unknown as TooClient.RequestData)
    ]).finally(() => client.close())
    const { page, checkQuiet } = await newPage()

    // Without the secret the page asks for it, and asks the server nothing.
    const asked = sim.requests.total()
    await page.goto(`${sim.url}/?api=too&job=${visibility.api_data.jobnumber}&username=observer&watch=1`)
    await page.locator("[role=alert]", { hasText: "give the shared secret" }).waitFor()
    expect(sim.requests.total()).toBe(asked)

    await page.fill("input[name=secret]", secret)
    await page.click("button[name=watch]")
    await ended(page)
    expect(await page.locator("#outcome").getAttribute("data-outcome")).toBe("succeeded")
    expect(await page.locator(".jobscope-task-title").textContent()).toMatch(/^Visibility query/)
    const table = page.locator("table.jobscope-windows")
    expect(await table.locator("caption").textContent()).toBe("UTC, on the simulator clock")
    expect(await table.locator("thead th").allTextContents()).toEqual(["Begin", "End", "Duration"])
    const rows = await table.locator("tbody tr").all()
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) {
      const [begin, end, duration] = await row.locator("td").allTextContents()
      expect(begin).toMatch(/^2026-\d\d-\d\d \d\d:\d\d:\d\d UTC$/)
      expect(end).toMatch(/^2026-\d\d-\d\d \d\d:\d\d:\d\d UTC$/)
      expect(duration).toMatch(/^\d+ (d|h|min|s)/)
    }
    expect(await page.locator(".jobscope-times").textContent()).toMatch(/\(simulator clock\)\.$/)
    await keep(page, "too-visibility-windows.png")

    // The request: its TOO id and target id.
    await page.fill("fieldset[data-api=too] input[name=job]", String(request.api_data.jobnumber))
    await page.click("button[name=watch]")
    await page.locator(".jobscope-output-identifier").first().waitFor()
    await ended(page)
    const ids = await page.locator(".jobscope-output-identifier").allTextContents()
    expect(ids.map((id) => id.replace(/\d+/g, "N"))).toEqual(["TOO id: N", "Target id: N"])

    // The secret is in no address, no storage and no markup of the page.
    const kept = await page.evaluate(() => ({
      href: location.href,
      history: history.length,
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
      cookies: document.cookie,
      markup: document.documentElement.outerHTML
    }))
    for (const [where, value] of Object.entries(kept)) expect(String(value), where).not.toContain(secret)
    expect(new URL(kept.href).searchParams.get("username")).toBe("observer")
    checkQuiet()
  }, 60_000)

  it("shows, in an alert, why it cannot follow a job that does not exist", async () => {
    const sim = await simulator()
    const { page, checkQuiet } = await newPage()
    await page.goto(`${sim.url}/?api=ukssdc&job=999&user=${encodeURIComponent(user)}&watch=1`)
    const alert = page.locator("[role=alert]")
    await alert.waitFor({ state: "visible" })
    expect(await alert.textContent()).toBe(
      `UKSSDC status of job 999 (${sim.url}/user_objects/checkProductStatus.php): Job 999 does not exist.`
    )
    expect(await text(page, "#status-line")).toMatch(/^The watch ended at \d\d:\d\d:\d\d with an error\.$/)
    expect(await page.locator("#outcome").isHidden()).toBe(true)
    expect(await page.locator("article.jobscope-task").count()).toBe(0)
    expect(await page.locator("button[name=stop]").isDisabled()).toBe(true)
    checkQuiet()
  })

  it("warns of polls that fail while the watch goes on, and takes the warning away once one succeeds", async () => {
    const sim = await simulator({ faults: ["ukssdc.status=htmlx3"] })
    const { jobId } = await submitSixProducts(sim)
    const { page, checkQuiet } = await newPage()
    await page.goto(`${sim.url}/?api=ukssdc&job=${jobId}&user=${encodeURIComponent(user)}&watch=1`)
    const warning = page.locator("#warning")
    await warning.waitFor({ state: "visible" })
    expect(await warning.textContent()).toMatch(
      /^A poll failed \(UKSSDC status of job \d+ \(.+\): .+\); trying again at \d\d:\d\d:\d\d\.$/
    )
    await ended(page)
    expect(await warning.isHidden()).toBe(true)
    expect(await text(page, "#outcome")).toBe("All 6 products done.")
    expect(await page.locator("#alert").isHidden()).toBe(true)
    const faulted = sim.requests.log({ route: "ukssdc.status" }).filter((entry) => entry.fault !== null)
    expect(faulted.map((entry) => entry.fault)).toEqual(["html", "html", "html"])
    checkQuiet()
  }, 60_000)

  it("says what is wrong with a form that names no job, and asks the server nothing", async () => {
    const sim = await simulator()
    const { page, checkQuiet } = await newPage()
    await page.goto(`${sim.url}/?api=too&job=abc&watch=1`)
    const alert = page.locator("[role=alert]")
    await alert.waitFor({ state: "visible" })
    expect(await alert.textContent()).toBe(
      'The form needs fixing: the Swift TOO job number must be a whole number such as 1001, got "abc".'
    )
    expect(await page.locator("fieldset[data-api=too]").isVisible()).toBe(true)
    expect(await page.locator("fieldset[data-api=ukssdc]").isHidden()).toBe(true)
    expect(new URL(page.url()).searchParams.get("watch")).toBeNull()
    expect(sim.requests.total()).toBe(0)
    checkQuiet()
  })

  it("shows a TOM process's hostile texts as text, and can be stopped", async () => {
    const sim = await simulator()
    const hostile = `<img src=x onerror="document.title='pwned'"><script>document.title='pwned'</script>`
    sim.tom.addProcess(51, {
      kind: "pipeline",
      identifier: hostile,
      script: {
        steps: [{ after: 1, status: `running ${hostile}`, logs: [hostile] }],
        end: { after: 3600, outcome: "created" }
      }
    })
    const { page, checkQuiet } = await newPage()
    const asked: Array<string> = []
    page.on("request", (request) => asked.push(request.url()))
    await page.goto(`${sim.url}/?api=tom&target=51&watch=1`)
    await page.locator("article.jobscope-task", { hasText: "running <img" }).waitFor()
    expect(await page.locator("#job").textContent()).toContain(hostile)
    expect(await page.locator("#job img, #job script").count()).toBe(0)
    expect(await page.title()).toBe("jobscope — live job status")

    await page.click("button[name=stop]")
    await page.locator("#status-line", { hasText: /^Stopped at \d\d:\d\d:\d\d\.$/ }).waitFor()
    expect(await page.locator("button[name=stop]").isDisabled()).toBe(true)
    expect(await text(page, "button[name=watch]")).toBe("Watch")
    expect(new URL(page.url()).searchParams.get("watch")).toBeNull()
    expect(await page.locator("#alert").isHidden()).toBe(true)
    // The UWS decoding is a chunk of its own, which a TOM watch never downloads.
    expect(asked.filter((url) => /\/UwsFollow-[^/]*\.js$/.test(url))).toEqual([])
    checkQuiet()
  })

  describe("a UWS job", () => {
    /** A job of the simulator's UWS 1.1 service, run at once: its path, as the page's form takes it. */
    const runUwsJob = async (sim: Simulator): Promise<string> => {
      const created = await fetch(`${sim.url}/uws/jobs`, {
        method: "POST",
        body: new URLSearchParams({ QUERY: "SELECT 1", PHASE: "RUN" }),
        redirect: "manual"
      })
      const location = created.headers.get("location")
      if (location === null) throw new Error(`the simulator answered ${created.status} without a Location`)
      return new URL(location, sim.url).pathname
    }

    /** Watches a UWS job from the page's form, as a person does. */
    const watchUws = async (page: Page, sim: Simulator, path: string) => {
      await page.goto(`${sim.url}/`)
      await page.selectOption("select[name=api]", "uws")
      await page.fill("fieldset[data-api=uws] input[name=url]", path)
      await page.click("button[name=watch]")
    }

    it("follows a job to COMPLETED with blocking WAIT, its quote shown, its results linked", async () => {
      // A WAIT may be held an hour, so a request ends only when the phase changes.
      const sim = await simulator({ uws: { maxWait: 3600 } })
      // 5 and 10 simulated minutes, at 60×: 5 s queued, 10 s executing.
      sim.uws.scriptNext({ queue: 300, execution: 600, outcome: { phase: "COMPLETED" } })
      const path = await runUwsJob(sim)
      const { page, checkQuiet } = await newPage()
      const asked: Array<string> = []
      page.on("request", (request) => asked.push(request.url()))
      await watchUws(page, sim, path)
      await page.waitForURL((url) => url.searchParams.get("watch") === "1")
      expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({
        api: "uws",
        url: path,
        watch: "1"
      })
      await page.locator("#expected", { hasText: "The service expects it to end by" }).waitFor()
      expect(await text(page, "#expected")).toMatch(
        /^The service expects it to end by \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(simulator clock\)\.$/
      )

      await ended(page, 90_000)
      expect(await page.locator("#outcome").getAttribute("data-outcome")).toBe("succeeded")
      expect(await text(page, "#outcome")).toBe("The job is done.")
      expect(await page.locator("#expected").isHidden()).toBe(true)
      const task = page.locator("article.jobscope-task")
      expect(await task.locator(".jobscope-status .jobscope-phase").textContent()).toBe("succeeded")
      const links = await task
        .locator("a.jobscope-output-link")
        .evaluateAll((anchors) => anchors.map((anchor) => (anchor as HTMLAnchorElement).href))
      expect(links.map((href) => new URL(href).pathname)).toEqual([
        `${path}/results/result`,
        `${path}/results/log`
      ])
      for (const href of links) expect((await fetch(href)).status).toBe(200)
      // Blocking WAIT: the first read, then one held request per phase change (QUEUED → EXECUTING →
      // COMPLETED); fixed 10 s polling over these 15 simulated minutes would be 90 requests.
      // The UWS decoding came as its own chunk, once a UWS job was followed.
      expect(asked.filter((url) => /\/UwsFollow-[^/]*\.js$/.test(url))).toHaveLength(1)
      const waits = asked.filter((url) => url.includes(path) && new URL(url).searchParams.has("WAIT"))
      expect(waits.length).toBeGreaterThanOrEqual(1)
      expect(sim.requests.log({ route: "uws.job" }).length).toBeLessThanOrEqual(4)
      checkQuiet()
      await keep(page, "uws-finished.png")
    }, 120_000)

    it("links only http(s) results: a javascript: href is shown as text, not linked", async () => {
      const sim = await simulator()
      sim.uws.scriptNext({ queue: 60, execution: 120, outcome: { phase: "COMPLETED" } })
      const path = await runUwsJob(sim)
      const { page, checkQuiet } = await newPage()
      // The service's job document, as it came, with its result's href made hostile on the way.
      await page.route(`${sim.url}${path}*`, async (route) => {
        const response = await route.fetch()
        const body = (await response.text()).replace(
          /xlink:href="[^"]*\/results\/result"/,
          'xlink:href="javascript:document.title=&apos;pwned&apos;"'
        )
        await route.fulfill({ response, body })
      })
      await watchUws(page, sim, path)
      await ended(page, 90_000)
      expect(await page.locator("#outcome").getAttribute("data-outcome")).toBe("succeeded")
      expect(await page.locator("#job a[href^='javascript' i]").count()).toBe(0)
      const hrefs = await page
        .locator("#job a.jobscope-output-link")
        .evaluateAll((anchors) => anchors.map((anchor) => (anchor as HTMLAnchorElement).href))
      expect(hrefs.map((href) => new URL(href).pathname)).toEqual([`${path}/results/log`])
      expect(await page.locator("#job").textContent()).toContain("result")
      expect(await page.title()).toBe("jobscope — live job status")
      checkQuiet()
    }, 120_000)

    it("shows the error summary of a job that ends in ERROR", async () => {
      const sim = await simulator()
      sim.uws.scriptNext({
        queue: 60,
        execution: 120,
        outcome: {
          phase: "ERROR",
          type: "fatal",
          message: "table swift.nowhere does not exist",
          detail: "at line 1"
        }
      })
      const path = await runUwsJob(sim)
      const { page, checkQuiet } = await newPage()
      await watchUws(page, sim, path)
      await ended(page, 90_000)
      expect(await page.locator("#outcome").getAttribute("data-outcome")).toBe("failed")
      expect(await text(page, "#outcome")).toBe("The job failed.")
      expect(await page.locator("article.jobscope-task").textContent()).toContain(
        "table swift.nowhere does not exist"
      )
      checkQuiet()
    }, 120_000)
  })
})
